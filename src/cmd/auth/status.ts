/** `sigma-support auth status`: which account, portal and method, where the secret comes from, and whether the portal accepts it now. */
import { ENV, type ResolvedCredentials } from '../../auth/credentials.js';
import { ProfileStore } from '../../auth/profiles.js';
import { keychainAccount, KEYCHAIN_SERVICE } from '../../auth/secret-store.js';
import { AuthError, CliError, InterruptedError, PortalError } from '../../errors.js';
import { ExitCode, type ExitCodeValue } from '../../exit-codes.js';
import type { CommandContext } from '../context.js';
import { withGlobalFlags } from '../hints.js';
import { findCredentials, httpClient, resolvePortal } from '../session.js';
import { safeJson, sanitize } from '../../terminal/sanitize.js';
import type { StatusFlags } from './definition.js';

interface Status {
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

function secretLocation(ctx: CommandContext, portal: URL, c: ResolvedCredentials): string {
  if (c.origin === 'environment') return `environment variable ${{ oauth: ENV.oauthToken, token: ENV.token, password: ENV.password }[c.credentials.method]}`;
  const account = keychainAccount(ctx.profile, portal, c.credentials.email);
  return c.origin === 'keychain' ? `OS keychain (service "${KEYCHAIN_SERVICE}", account "${account}")` : `file ${ctx.configDir}/insecure-credentials.json (not encrypted)`;
}

export async function runStatus(flags: StatusFlags, ctx: CommandContext): Promise<void> {
  const profile = await new ProfileStore(ctx.configDir).get(ctx.profile);
  const portal = resolvePortal(ctx, flags.portal, profile);
  const status: Status = { portal: portal.origin, profile: ctx.profile, loggedIn: false, email: null, method: null, source: null, secretLocation: null, accepted: null, problem: null };
  let exit: ExitCodeValue = ExitCode.ok;
  try {
    const credentials = await findCredentials(ctx, portal);
    Object.assign(status, {
      loggedIn: true,
      email: credentials.credentials.email ?? null,
      method: credentials.credentials.method,
      source: credentials.origin,
      secretLocation: secretLocation(ctx, portal, credentials),
    });
    // The portal client only once credentials are found: without them this answers at once.
    const { HttpPortalApi } = await import('../../portal/portal-api.js');
    const api = new HttpPortalApi(httpClient(ctx, portal, credentials));
    try {
      await api.checkCredentials();
      status.accepted = true;
    } catch (error) {
      if (!(error instanceof CliError) || error instanceof InterruptedError) throw error;
      status.accepted = error instanceof AuthError ? false : null;
      status.problem = error.message;
      exit = error instanceof AuthError ? ExitCode.auth : ExitCode.failure;
    } finally {
      await api.close();
    }
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
