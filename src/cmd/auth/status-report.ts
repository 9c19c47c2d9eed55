/**
 * What `auth status` prints, and how its exit code follows from what was found: shared by the full
 * command (status.ts, which finds the credentials and asks the portal) and the fast entry
 * (src/fast/auth-status.ts, which answers only when there are no credentials to find).
 */
import type { ResolvedCredentials } from '../../auth/credentials.js';
import { ProfileStore } from '../../auth/profiles.js';
import { AuthError, CliError, PortalError } from '../../errors.js';
import { ExitCode, type ExitCodeValue } from '../../exit-codes.js';
import type { CommandContext } from '../context.js';
import { withGlobalFlags } from '../hints.js';
import { resolvePortal } from '../portal-choice.js';
import { safeJson, sanitize } from '../../terminal/sanitize.js';
import type { StatusFlags } from './definition.js';

export interface Status {
  portal: string;
  profile: string;
  loggedIn: boolean;
  email: string | null;
  method: 'token' | 'password' | 'oauth' | null;
  source: ResolvedCredentials['origin'] | null;
  /** Where the secret is: a variable name, the keychain entry, or the file. Never the secret. */
  secretLocation: string | null;
  accepted: boolean | null;
  problem: string | null;
}

/**
 * Finds the credentials for `portal` and fills in `status`; resolves to the exit code. Throws what
 * it cannot say in the status: no credentials (an AuthError) and a portal that could not be asked
 * (a PortalError) become the status's problem; anything else is the command's failure.
 */
export type StatusLookup = (ctx: CommandContext, portal: URL, status: Status) => Promise<ExitCodeValue>;

/** Runs `auth status` with this way of finding and checking the credentials. */
export async function reportStatus(flags: StatusFlags, ctx: CommandContext, lookup: StatusLookup): Promise<void> {
  const profile = await new ProfileStore(ctx.configDir).get(ctx.profile);
  const portal = resolvePortal(ctx, flags.portal, profile);
  const status: Status = { portal: portal.origin, profile: ctx.profile, loggedIn: false, email: null, method: null, source: null, secretLocation: null, accepted: null, problem: null };
  let exit: ExitCodeValue;
  try {
    exit = await lookup(ctx, portal, status);
  } catch (error) {
    if (!(error instanceof AuthError) && !(error instanceof PortalError && error.exitCode === ExitCode.failure)) throw error;
    status.problem = error.message;
    exit = error.exitCode;
  }

  if (flags.json) ctx.io.stdout.write(`${safeJson(status)}\n`);
  else {
    const row = (label: string, value: string) => `  ${label.padEnd(10)}${value}`;
    const lines = [row('Portal', status.portal), row('Profile', status.profile)];
    if (status.loggedIn) {
      lines.push(
        row('Account', `${status.email === null ? 'an OAuth account' : sanitize(status.email)} (${describeMethod(status.method)})`),
        row('Secret', sanitize(status.secretLocation)),
        row('Accepted', status.accepted === true ? 'yes, the portal accepts it now' : status.accepted === false ? `NO: ${sanitize(status.problem)}` : `unknown: ${sanitize(status.problem)}`),
      );
    } else lines.push(row('Account', 'not logged in'), `\n${withGlobalFlags(sanitize(status.problem ?? '', { multiline: true }), ctx.globalFlags)}`);
    ctx.io.stdout.write(`${lines.join('\n')}\n`);
  }
  if (exit === ExitCode.auth || exit === ExitCode.failure) {
    throw new CliError(status.accepted === false ? 'the portal does not accept these credentials' : status.loggedIn ? 'the portal could not be asked' : 'not logged in', exit, status.loggedIn ? undefined : 'Log in with `sigma-support auth login`.');
  }
}

function describeMethod(method: Status['method']): string {
  return method === 'token' ? 'API token' : method === 'password' ? 'password' : 'OAuth';
}
