/**
 * How a command's failure reaches the user: one message (and hint) on stderr, a stack trace only
 * with --debug, and the exit code. Shared by src/cli.ts and src/fast/auth-status.ts; commander's own
 * errors are cli.ts's alone (it reports them before calling this).
 */
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { IOStreams } from '../terminal/iostreams.js';
import { sanitize } from '../terminal/sanitize.js';
import { withGlobalFlags } from './hints.js';

/** Writes what went wrong to stderr; returns the exit code. */
export function reportError(error: unknown, io: IOStreams, debug: boolean, globals: readonly string[]): number {
  if (error instanceof CliError) {
    // messages carry text from the portal and file names: they go through the sanitiser like any
    io.stderr.write(`${error.exitCode === ExitCode.cancelled ? '' : 'error: '}${withGlobalFlags(sanitize(error.message, { multiline: true }), globals)}\n`);
    if (error.hint) io.stderr.write(`${withGlobalFlags(sanitize(error.hint, { multiline: true }), globals)}\n`);
    if (debug && error.stack) io.stderr.write(`${sanitize(error.stack, { multiline: true })}\n`);
    return error.exitCode;
  }
  io.stderr.write(`error: unexpected failure: ${sanitize((error as Error)?.message ?? String(error), { multiline: true })}\n`);
  io.stderr.write(debug ? `${sanitize((error as Error)?.stack ?? '', { multiline: true })}\n` : 'Run again with --debug for details, and report it if it persists.\n');
  return ExitCode.failure;
}
