/**
 * `auth status` without commander: the entry of dist/auth-status.cjs, which bin/sigma-support.cjs
 * tries first for a command line naming `auth` and `status`. Scripts run `auth status` to see
 * whether they are logged in, so it should cost little more than Node's own start; the full CLI
 * (dist/cli.cjs: every command, commander and the command tree) costs about 40 ms more on Node 20.
 *
 * It takes only the forms it reads completely, as commander reads them (src/program.ts,
 * src/cmd/auth/definition.ts): the words `auth status`, the global flags --no-color and --profile
 * NAME (or --profile=NAME) anywhere, and status's own --json and --portal URL (or --portal=URL)
 * after `status`. Anything else (help, --debug, another flag, a flag before its command, a value
 * that looks like a flag, a typo) is declined before anything is done, and the full CLI runs.
 * It answers only when there are no credentials (exit 4, no network) and nothing is configured:
 * as soon as the environment or the profile has credentials, it hands over (hand-over.ts), having
 * printed nothing, to the full CLI, which finds them and asks the portal (the secret store and the
 * HTTP client stay out of this bundle); and so it does where a config file, profiles.json or a
 * setting in the environment needs checking (zod and the TOML reader stay out too: scripts/build.js).
 * What it runs
 * is the full CLI's own code: the same context (cmd/command-context.ts), status report
 * (cmd/auth/status-report.ts), credential sources (auth/credentials.ts, auth/profiles.ts) and error
 * report (cmd/report-error.ts); test/integration/auth-status-fast.test.ts holds the two paths'
 * output, stderr and exit codes to be the same.
 */
import { environmentSource, resolveCredentials, type CredentialSource } from '../auth/credentials.js';
import { ProfileStore } from '../auth/profiles.js';
import { refuseInvalidUtf8 } from '../cmd/argv-encoding.js';
import type { StatusFlags } from '../cmd/auth/definition.js';
import { reportStatus, type StatusLookup } from '../cmd/auth/status-report.js';
import { commandRuntime, type GlobalFlags, type MainOverrides } from '../cmd/command-context.js';
import { globalFlagWords } from '../cmd/hints.js';
import { reportError } from '../cmd/report-error.js';
import { VERSION } from '../cli-version.js';
import { ExitCode } from '../exit-codes.js';
import { fdOutput } from '../terminal/fd-output.js';
import { processStreams } from '../terminal/iostreams.js';
import { HandOver } from './hand-over.js';

export interface AuthStatusLine {
  global: GlobalFlags;
  flags: StatusFlags;
}

/** The command line's flags when it is a form of `auth status` read here; undefined for any other. */
export function readAuthStatusLine(argv: readonly string[]): AuthStatusLine | undefined {
  const global: GlobalFlags = { color: true };
  const flags: StatusFlags = {};
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    // status's own flags count only after its name, as commander reads them
    const afterStatus = words.length === 2;
    const valued = /^--(profile|portal)(?:=|$)/.exec(arg);
    if (arg === '--no-color') global.color = false;
    else if (arg === '--json' && afterStatus) flags.json = true;
    else if (valued) {
      if (valued[1] === 'portal' && !afterStatus) return undefined;
      const inline = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : undefined;
      const value = inline ?? argv[++i];
      // commander would take a flag as the value (`--portal --json`): the full CLI says what it makes of that
      if (value === undefined || (inline === undefined && value.startsWith('-'))) return undefined;
      if (valued[1] === 'profile') global.profile = value;
      else flags.portal = value;
    } else if (!arg.startsWith('-') && words.length < 2) words.push(arg);
    else return undefined;
  }
  return words[0] === 'auth' && words[1] === 'status' ? { global, flags } : undefined;
}

/** A source that hands over to the full CLI instead of giving what it found. */
const handOverWhenFound = (found: () => Promise<unknown>): CredentialSource['lookup'] => async () => {
  if ((await found()) !== undefined) throw new HandOver();
  return undefined;
};

/**
 * The lookup of the full command (src/cmd/session.ts, findCredentials) as far as it goes without a
 * secret store or the portal: the environment's credentials, then whether the profile was made for
 * this portal (its secret is not read). Finding either hands over; finding neither fails as the full
 * command does, and the status says so.
 */
const noCredentials: StatusLookup = async (ctx, portal) => {
  const environment = environmentSource(ctx.env);
  const profile: CredentialSource = { name: 'keychain', lookup: handOverWhenFound(() => new ProfileStore(ctx.configDir).forPortal(ctx.profile, portal)) };
  await resolveCredentials([{ name: environment.name, lookup: handOverWhenFound(() => environment.lookup()) }, profile]);
  throw new HandOver(); // not reached: resolveCredentials throws when no source finds any
};

/**
 * Runs `auth status` for a command line readAuthStatusLine() takes, as src/cli.ts's main() would,
 * and resolves to the exit code; resolves to undefined, having printed nothing, for any other
 * command line, or where it hands over.
 */
export async function authStatus(argv: readonly string[], overrides: MainOverrides = {}): Promise<number | undefined> {
  const line = readAuthStatusLine(argv);
  if (!line) return undefined;
  const env = overrides.env ?? process.env;
  // What it prints is a few lines: written straight to the descriptors (terminal/fd-output.ts).
  const stdio = overrides.stdio ?? {
    get stdin() {
      return process.stdin;
    },
    stdout: fdOutput(1),
    stderr: fdOutput(2),
  };
  const io = processStreams(env, line.global.color === false, stdio);
  const runtime = commandRuntime(io, env, VERSION, overrides, () => {
    throw new Error('auth status asks no questions'); // and so loads no prompts
  });
  const stopListening = runtime.listen();
  try {
    refuseInvalidUtf8(argv);
    await reportStatus(line.flags, await runtime.context(line.global), noCredentials);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof HandOver) return undefined;
    // --debug is never taken here
    return reportError(error, io, false, globalFlagWords(line.global));
  } finally {
    stopListening();
  }
}
