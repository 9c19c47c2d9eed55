/**
 * The process's streams and what they are connected to, passed to every command so tests can run
 * the same code against pipes or a pseudo-terminal.
 */
export interface IOStreams {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Whether colours may be used on stderr (NO_COLOR, FORCE_COLOR, --no-color, TERM=dumb). */
  color: boolean;
  /** Whether stderr can show spinners and redraw lines. */
  fancy: boolean;
}

export type StandardStreams = Pick<IOStreams, 'stdin' | 'stdout' | 'stderr'>;

/** The streams, with what the environment and stderr's being a terminal say about colour and redraws. By default the process's own. */
export function processStreams(env: NodeJS.ProcessEnv, noColor: boolean, streams: StandardStreams = process): IOStreams {
  const { stdin, stdout, stderr } = streams;
  const dumb = env.TERM === 'dumb';
  const force = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  const color = !noColor && (env.NO_COLOR === undefined || env.NO_COLOR === '') && (force || (Boolean(stderr.isTTY) && !dumb));
  return { stdin, stdout, stderr, color, fancy: Boolean(stderr.isTTY) && !dumb && env.CI !== 'true' };
}

/** Prompts are shown only when both stdin and stdout are terminals and --no-input is absent. */
export function canPrompt(io: IOStreams, noInput: boolean): boolean {
  return !noInput && Boolean(io.stdin.isTTY) && Boolean(io.stdout.isTTY);
}

export function terminalWidth(io: IOStreams): number {
  return Math.max(40, Math.min(io.stderr.columns ?? 80, 120));
}
