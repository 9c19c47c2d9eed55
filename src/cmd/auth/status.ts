/** `sigma-support auth status`: which account, portal and method, where the secret comes from, and whether the portal accepts it now. */
import { ENV, type ResolvedCredentials } from '../../auth/credentials.js';
import { keychainAccount, KEYCHAIN_SERVICE } from '../../auth/secret-store.js';
import { AuthError, CliError, InterruptedError } from '../../errors.js';
import { ExitCode, type ExitCodeValue } from '../../exit-codes.js';
import type { CommandContext } from '../context.js';
import { findCredentials, httpClient } from '../session.js';
import type { StatusFlags } from './definition.js';
import { reportStatus, type Status } from './status-report.js';

function secretLocation(ctx: CommandContext, portal: URL, c: ResolvedCredentials): string {
  if (c.origin === 'environment') return `environment variable ${{ oauth: ENV.oauthToken, token: ENV.token, password: ENV.password }[c.credentials.method]}`;
  const account = keychainAccount(ctx.profile, portal, c.credentials.email);
  return c.origin === 'keychain' ? `OS keychain (service "${KEYCHAIN_SERVICE}", account "${account}")` : `file ${ctx.configDir}/insecure-credentials.json (not encrypted)`;
}

/** The credentials (the environment's, then the profile's), and whether the portal accepts them now. */
async function findAndCheck(ctx: CommandContext, portal: URL, status: Status): Promise<ExitCodeValue> {
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
    return ExitCode.ok;
  } catch (error) {
    if (!(error instanceof CliError) || error instanceof InterruptedError) throw error;
    status.accepted = error instanceof AuthError ? false : null;
    status.problem = error.message;
    return error instanceof AuthError ? ExitCode.auth : ExitCode.failure;
  } finally {
    await api.close();
  }
}

export async function runStatus(flags: StatusFlags, ctx: CommandContext): Promise<void> {
  await reportStatus(flags, ctx, findAndCheck);
}
