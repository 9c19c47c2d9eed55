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
  const { stdout, stderr } = streams;
  const dumb = env.TERM === 'dumb';
  const force = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  const color = !noColor && (env.NO_COLOR === undefined || env.NO_COLOR === '') && (force || (Boolean(stderr.isTTY) && !dumb));
  return {
    // Made on first use: Node sets up process.stdin (a stream over a pipe, file or terminal) when
    // it is first read, and most commands never read it.
    get stdin() {
      return streams.stdin;
    },
    stdout,
    stderr,
    color,
    fancy: Boolean(stderr.isTTY) && !dumb && env.CI !== 'true',
  };
}

/** Prompts are shown only when both stdin and stdout are terminals and --no-input is absent. */
export function canPrompt(io: IOStreams, noInput: boolean): boolean {
  // stdout first: when it is not a terminal, stdin need not be set up to be asked.
  return !noInput && Boolean(io.stdout.isTTY) && Boolean(io.stdin.isTTY);
}

export function terminalWidth(io: IOStreams): number {
  return Math.max(40, Math.min(io.stderr.columns ?? 80, 120));
}
