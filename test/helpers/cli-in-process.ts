/**
 * Runs the CLI's main() in the test's own process, with the same result as runCli (cli.ts), so a
 * test moves from one to the other by changing the call. Nothing is mocked: main() gets its own
 * environment (a fresh HOME, as runCli's child gets), its own streams and an interrupt signal that
 * installs no handler on this process; commands reach the real sandbox over loopback and the
 * keychain through the built helper (dist/keychain-helper.cjs, which globalSetup builds).
 *
 * What only a process shows stays with runCli: exit on a signal, a second Ctrl-C, a terminal (pty),
 * the bundle and what it loads, the working folder (`cwd`), root's file permissions, and proxy
 * variables (proxy-from-env reads the process's own environment).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import type { main as Main } from '../../src/cli.js';
import { cleanEnv, ROOT, type CliResult } from './cli.js';

export interface InProcessOptions {
  env?: Record<string, string | undefined>;
  /** Standard input; by default it is closed (as in CI, and as runCli gives it). */
  input?: string | Buffer;
}

const KEYCHAIN_HELPER = join(ROOT, 'dist', 'keychain-helper.cjs');

/**
 * The built bundle's main(), what bin/sigma-support.cjs runs (globalSetup builds it), loaded by
 * Node's own require once per worker: importing src/ instead had vitest transform the CLI's modules
 * again in every worker, which cost more CPU than the tests that use it.
 */
let loaded: typeof Main | undefined;
function bundledMain(): typeof Main {
  loaded ??= (createRequire(import.meta.url)(join(ROOT, 'dist', 'cli.cjs')) as { main: typeof Main }).main;
  return loaded;
}

function collector(): { stream: Writable; text(): string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, encoding, done) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding));
      done();
    },
  });
  // As runCli's (execa strips one final newline: https://github.com/sindresorhus/execa/blob/main/docs/api.md#optionsstripfinalnewline).
  return { stream, text: () => Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '') };
}

/** Runs the CLI in this process, never rejecting: the test looks at the exit code, as with runCli. */
export async function runCliInProcess(args: readonly string[], options: InProcessOptions = {}): Promise<CliResult> {
  const stdin = new PassThrough();
  stdin.end(options.input);
  const stdout = collector();
  const stderr = collector();
  const exitCode = await bundledMain()(args, {
    env: cleanEnv(options.env),
    stdio: { stdin, stdout: stdout.stream, stderr: stderr.stream },
    signal: new AbortController().signal,
    keychainHelper: async () => [KEYCHAIN_HELPER],
  });
  return { exitCode, stdout: stdout.text(), stderr: stderr.text(), timedOut: false };
}
