/**
 * Who a call is: an API token (`email/token:token`), a password (unless password access is off), the
 * account's fixed OAuth token, or one the sandbox issued, as
 * https://developer.zendesk.com/api-reference/introduction/security-and-auth/ describes. Anything
 * else is anonymous, not refused: routes that need an account answer 401.
 */
import type { IncomingMessage } from 'node:http';
import type { SandboxAccount } from './fixtures.js';
import { unauthenticated } from './http-answer.js';
import type { OAuthTokens } from './oauth-tokens.js';
import type { PortalCall } from './portal-call.js';

export function authenticate(req: IncomingMessage, a: SandboxAccount, tokens: OAuthTokens, passwordAccess: boolean): SandboxAccount | undefined {
  const header = req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(header);
  if (bearer) return bearer[1] === a.oauthToken || tokens.accepts(bearer[1]!) ? a : undefined;
  const basic = /^Basic\s+(.+)$/i.exec(header);
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  if (user.toLowerCase() === `${a.email}/token`.toLowerCase()) return secret === a.apiToken ? a : undefined;
  // https://support.zendesk.com/hc/en-us/articles/8662004958746: with password access off, the call is anonymous.
  return passwordAccess && user.toLowerCase() === a.email.toLowerCase() && secret === a.password ? a : undefined;
}

/** The call's account; 401 when it has none. */
export function requireAccount(call: PortalCall): SandboxAccount {
  if (!call.account) throw unauthenticated();
  return call.account;
}
