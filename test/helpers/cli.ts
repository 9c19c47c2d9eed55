import { execa, type Options, type ResultPromise } from 'execa';
import { onTestFinished } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './files.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'sigma-support.cjs');

/** An environment with nothing of the developer's own: no SIGMA_* variables, a fresh HOME. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const home = extra.HOME ?? tempDir('home-');
  const base: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    XDG_CACHE_HOME: join(home, '.cache'),
    // what the CLI itself puts in the temporary folder (a `--sandbox` portal's data) is cleaned up too
    TMPDIR: tempDir('tmp-'),
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
  };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) base[k] = v;
  return base;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Standard input; by default it is closed (as in CI). */
  input?: string | Buffer;
  /**
   * Run without the capabilities that let root read any file whatever its mode, so that file
   * permissions apply as they do for a normal user (root only: through util-linux's setpriv).
   */
  obeyFileModes?: boolean;
  /** The folder the CLI runs in (by default the test's own). */
  cwd?: string;
}

const DROP_FILE_OVERRIDE = ['--bounding-set', '-dac_override,-dac_read_search', '--inh-caps', '-dac_override,-dac_read_search'];

export interface CliResult {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Children still running: killed when their test ends, however it ends (a timeout too), or else
 * with the file (test/helpers/per-file.ts, which runs for every file: a worker runs several files
 * and imports this module once) or the worker process.
 */
const running = new Set<ResultPromise>();
export const killAll = () => {
  for (const child of running) child.kill('SIGKILL');
};
process.once('exit', killAll);

/**
 * Starts the built CLI and returns the running process, for tests that act while it runs. Started in
 * a test, it is killed when the test ends (passed, failed or timed out); started in a beforeAll, when
 * the file ends.
 */
export function startCli(args: readonly string[], options: RunOptions = {}) {
  const asRoot = process.getuid?.() === 0;
  const [file, argv] = options.obeyFileModes && asRoot ? ['setpriv', [...DROP_FILE_OVERRIDE, process.execPath, BIN, ...args]] : [process.execPath, [BIN, ...args]];
  const child = spawnCli(file, argv, options);
  running.add(child);
  void child.finally(() => running.delete(child));
  try {
    onTestFinished(() => {
      child.kill('SIGKILL');
    });
  } catch {
    // not in a test (a beforeAll): afterAll kills it
  }
  return child;
}

function spawnCli(file: string, argv: readonly string[], options: RunOptions) {
  const execaOptions: Options = {
    env: cleanEnv(options.env),
    extendEnv: false,
    reject: false,
    stdin: options.input === undefined ? 'ignore' : undefined,
    input: options.input,
    timeout: 60_000,
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
  };
  return execa(file, argv, execaOptions);
}

/** Runs the built CLI as a separate process, never rejecting: the test looks at the exit code. */
export async function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  const result = await startCli(args, options);
  return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr), timedOut: result.timedOut };
}

/** Reads a child's output stream until `pattern` shows, and returns the match. */
export function waitForText(stream: NodeJS.ReadableStream, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (d: Buffer) => {
      text += d.toString();
      const m = text.match(pattern);
      if (m) {
        stream.off('data', onData);
        resolve(m);
      }
    };
    stream.on('data', onData);
    stream.once('end', () => reject(new Error(`the stream ended without ${pattern}:\n${text}`)));
  });
}
