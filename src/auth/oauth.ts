/**
 * OAuth for the portal: the authorization-code flow with PKCE (S256) on a loopback redirect, and
 * refreshing tokens. Zendesk has no device-code grant, so a browser is needed once; where none can
 * open (SSH, headless), the URL is printed for the user to open elsewhere.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import * as z from '../zod.js';
import { AuthError, CliError, PortalError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { HttpClient } from '../portal/http-client.js';
import type { AuthProvider } from './auth-provider.js';

export const OAUTH_SCOPE = 'read write';

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

export interface RedirectReceiver {
  redirectUri: string;
  /** Resolves to the code once the browser comes back with the right state. */
  code: Promise<string>;
  close(): Promise<void>;
}

const page = (title: string, text: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p></body>`;

/** Listens on 127.0.0.1 (a free port) for the redirect, checks `state`, and gives up after timeoutMs. */
export async function receiveRedirect(state: string, timeoutMs: number): Promise<RedirectReceiver> {
  let settle!: { resolve: (code: string) => void; reject: (e: Error) => void };
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  code.catch(() => {});
  // Loaded here, by login only: on Node 22 and later, importing node:http as an ES module also loads
  // Node's own copy of undici (its WebSocket exports), about 25 ms that every other command would pay.
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    const answer = (status: number, title: string, text: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', connection: 'close' }).end(page(title, text));
    };
    if (url.searchParams.get('state') !== state) {
      answer(400, 'Sign-in refused', 'This answer does not belong to the sign-in under way. Run the login again.');
      settle.reject(new AuthError('the sign-in answer did not carry the state this login sent, so it was refused', 'Run `sigma-support auth login --web` again; if it happens again, someone may be interfering with the sign-in.'));
      return;
    }
    const error = url.searchParams.get('error');
    const got = url.searchParams.get('code');
    if (error || !got) {
      answer(400, 'Sign-in not completed', 'Go back to your terminal.');
      settle.reject(new AuthError(`the portal did not authorize the sign-in${error ? ` (${error}${url.searchParams.get('error_description') ? `: ${url.searchParams.get('error_description')}` : ''})` : ''}`));
      return;
    }
    answer(200, 'Signed in', 'sigma-support is signed in. You can close this tab and go back to your terminal.');
    settle.resolve(got);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const timer = setTimeout(
    () => settle.reject(new CliError(`no sign-in came back within ${Math.round(timeoutMs / 1000)} s`, ExitCode.auth, 'Run the login again, and finish it in the browser.')),
    timeoutMs,
  );
  return {
    redirectUri: `http://127.0.0.1:${port}/callback`,
    code,
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * An OAuth AuthProvider: refreshes when the stored expiry has passed, and once after a 401, and
 * hands new tokens to `save` (the keychain) each time.
 */
export function oauthAuth(o: {
  tokens: OAuthTokens;
  clientId: string;
  tokenClient: () => HttpClient;
  now: () => Date;
  save: (tokens: OAuthTokens) => Promise<void>;
}): AuthProvider {
  let tokens = o.tokens;
  // One refresh per process, shared by every call that needs it: calls run in parallel, and a
  // refresh revokes the old access token, so a second refresh (or a call still holding the old
  // token) would fail.
  let refreshing: Promise<boolean> | undefined;
  const refresh = (): Promise<boolean> => {
    refreshing ??= (async () => {
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
    })();
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
