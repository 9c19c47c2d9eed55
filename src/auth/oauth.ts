/**
 * OAuth for the portal: the authorization-code flow with PKCE (S256), and refreshing tokens
 * (https://developer.zendesk.com/documentation/api-basics/authentication/oauth-pkce). Zendesk has no
 * device-code grant, so a browser is needed once; where it runs on another machine (SSH, headless),
 * the user pastes the address it ended on (oauth-redirect.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import * as z from '../zod.js';
import { AuthError, PortalError } from '../errors.js';
import { HttpClient } from '../portal/http-client.js';
import type { AuthProvider } from '../portal/http-client.js';
import { OAUTH_SCOPE } from './oauth-client.js';

export { OAUTH_SCOPE };

export interface OAuthTokens {
  accessToken: string;
  refreshToken?: string | undefined;
  /** ISO time the access token expires, when the portal said. */
  expiresAt?: string | undefined;
}

const tokenAnswer = z.looseObject({
  access_token: z.string().check(z.minLength(1)),
  token_type: z.optional(z.string()),
  refresh_token: z.nullish(z.string()),
  expires_in: z.nullish(z.number()),
  scope: z.nullish(z.string()),
});

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(portal: URL, p: { clientId: string; redirectUri: string; state: string; challenge: string }): URL {
  const url = new URL('/oauth/authorizations/new', portal);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: p.clientId,
    redirect_uri: p.redirectUri,
    scope: OAUTH_SCOPE,
    state: p.state,
    code_challenge: p.challenge,
    code_challenge_method: 'S256',
  }).toString();
  return url;
}

async function tokenCall(http: HttpClient, body: Record<string, string>, now: () => Date): Promise<OAuthTokens> {
  const answer = await http.send('POST', '/oauth/tokens', { action: 'getting an OAuth token', json: body });
  if (answer.status === 400 || answer.status === 401) {
    let said = '';
    try {
      const e = JSON.parse(answer.text) as { error?: string; error_description?: string };
      said = [e.error, e.error_description].filter(Boolean).join(': ');
    } catch {
      // not JSON
    }
    throw new AuthError(`${http.portal.host} refused the OAuth ${body.grant_type === 'refresh_token' ? 'refresh' : 'sign-in'}${said ? ` (${said})` : ''}`, 'Log in again with `sigma-support auth login --web`.');
  }
  http.ensureOk(answer, 'getting an OAuth token');
  let parsed;
  try {
    parsed = tokenAnswer.parse(JSON.parse(answer.text));
  } catch {
    throw new PortalError(`unexpected answer from the portal (HTTP ${answer.status}) while getting an OAuth token`, answer.status);
  }
  return {
    accessToken: parsed.access_token,
    refreshToken: parsed.refresh_token ?? undefined,
    expiresAt: parsed.expires_in ? new Date(now().getTime() + parsed.expires_in * 1000).toISOString() : undefined,
  };
}

export function exchangeCode(http: HttpClient, p: { code: string; clientId: string; redirectUri: string; verifier: string }, now: () => Date): Promise<OAuthTokens> {
  return tokenCall(http, { grant_type: 'authorization_code', code: p.code, client_id: p.clientId, redirect_uri: p.redirectUri, code_verifier: p.verifier, scope: OAUTH_SCOPE }, now);
}

export function refreshTokens(http: HttpClient, p: { refreshToken: string; clientId: string }, now: () => Date): Promise<OAuthTokens> {
  return tokenCall(http, { grant_type: 'refresh_token', refresh_token: p.refreshToken, client_id: p.clientId, scope: OAUTH_SCOPE }, now);
}

/**
 * An OAuth AuthProvider: refreshes when the stored expiry has passed, and once after a 401, and
 * hands new tokens to `save` (the keychain) each time.
 *
 * A refresh revokes the old pair (https://developer.zendesk.com/api-reference/ticketing/oauth/grant_type_tokens/),
 * so two processes refreshing the same pair at once would lock one of them out. With `exclusive`
 * (a lock across processes) and `reload` (the stored pair), a refresh runs under the lock and first
 * re-reads the store: when another process has refreshed already, its pair is used as it is.
 */
export function oauthAuth(o: {
  tokens: OAuthTokens;
  clientId: string;
  tokenClient: () => HttpClient;
  now: () => Date;
  save: (tokens: OAuthTokens) => Promise<void>;
  reload?: () => Promise<OAuthTokens | undefined>;
  exclusive?: <T>(work: () => Promise<T>) => Promise<T>;
}): AuthProvider {
  let tokens = o.tokens;
  const exclusive = o.exclusive ?? (<T>(work: () => Promise<T>) => work());
  // One refresh per process, shared by every call that needs it: calls run in parallel, and a
  // refresh revokes the old access token, so a second refresh (or a call still holding the old
  // token) would fail.
  let refreshing: Promise<boolean> | undefined;
  const refresh = (): Promise<boolean> => {
    refreshing ??= exclusive(async () => {
      const stored = await o.reload?.();
      if (stored && stored.accessToken !== tokens.accessToken) {
        tokens = stored;
        return true;
      }
      if (!tokens.refreshToken) return false;
      const http = o.tokenClient();
      try {
        const fresh = await refreshTokens(http, { refreshToken: tokens.refreshToken, clientId: o.clientId }, o.now);
        tokens = { ...fresh, refreshToken: fresh.refreshToken ?? tokens.refreshToken };
      } finally {
        await http.close();
      }
      await o.save(tokens);
      return true;
    });
    return refreshing;
  };
  return {
    async header() {
      const expiring = tokens.expiresAt !== undefined && Date.parse(tokens.expiresAt) <= o.now().getTime() + 30_000;
      if (expiring || refreshing) await refresh();
      return `Bearer ${tokens.accessToken}`;
    },
    refresh,
  };
}
