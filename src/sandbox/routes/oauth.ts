/**
 * OAuth for the sandbox's one client: the authorization code grant with PKCE (S256), and refresh
 * (https://developer.zendesk.com/documentation/api-basics/authentication/oauth-pkce/,
 * https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/). Its sign-in page
 * approves at once, as the sandbox account, and redirects back with a code; any redirect URI not
 * registered is refused there, in plain text.
 */
import { createHash, randomBytes } from 'node:crypto';
import { SANDBOX_OAUTH_CLIENT_ID } from '../fixtures.js';
import { HttpFailure, json, readJson, type Answer } from '../http-answer.js';
import type { OAuthTokens } from '../oauth-tokens.js';
import type { PortalCall, PortalEnv } from '../portal-call.js';
import type { Route } from '../route-table.js';

interface Code {
  clientId: string;
  redirectUri: string;
  challenge: string;
  expires: number;
}

export function oauthRoutes(env: PortalEnv, tokens: OAuthTokens, redirectUris: readonly string[]): Array<Route<PortalCall>> {
  const codes = new Map<string, Code>();

  function authorize({ url }: PortalCall): Answer {
    const q = url.searchParams;
    const redirect = q.get('redirect_uri') ?? '';
    let redirectUrl: URL | undefined;
    try {
      redirectUrl = new URL(redirect);
    } catch {
      redirectUrl = undefined;
    }
    const problem =
      q.get('client_id') !== SANDBOX_OAUTH_CLIENT_ID ? `unknown client_id "${q.get('client_id') ?? ''}"`
      : !redirectUrl || !redirectUris.includes(redirect) ? `redirect_uri "${redirect}" is not registered for this client`
      : q.get('response_type') !== 'code' ? 'response_type must be code'
      : q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge') ? 'a code_challenge with code_challenge_method=S256 is required'
      : undefined;
    if (problem || !redirectUrl) {
      return { kind: 'text', status: 400, text: `The sign-in request is invalid: ${problem}\n`, headers: { 'content-type': 'text/plain; charset=utf-8' } };
    }
    const code = randomBytes(16).toString('base64url');
    codes.set(code, { clientId: SANDBOX_OAUTH_CLIENT_ID, redirectUri: redirect, challenge: q.get('code_challenge')!, expires: env.now().getTime() + 120_000 });
    redirectUrl.searchParams.set('code', code);
    redirectUrl.searchParams.set('state', q.get('state') ?? '');
    return { kind: 'text', status: 302, headers: { location: redirectUrl.toString() } };
  }

  async function token(call: PortalCall): Promise<unknown> {
    const body = await readJson(call.req);
    const grant = (error: string, description: string) => new HttpFailure(400, { error, error_description: description });
    if (body.client_id !== SANDBOX_OAUTH_CLIENT_ID) throw grant('invalid_client', 'Client authentication failed');
    if (body.grant_type === 'authorization_code') {
      const code = codes.get(String(body.code));
      // A code is good for one attempt only, right or wrong.
      codes.delete(String(body.code));
      if (!code || code.expires <= env.now().getTime()) throw grant('invalid_grant', 'The authorization code is invalid or has expired');
      if (body.redirect_uri !== code.redirectUri) throw grant('invalid_grant', 'redirect_uri does not match the authorization request');
      const verifier = typeof body.code_verifier === 'string' ? body.code_verifier : '';
      if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge) throw grant('invalid_grant', 'The code verifier does not match the code challenge');
      return tokens.issue();
    }
    if (body.grant_type === 'refresh_token') {
      if (!tokens.takeRefresh(String(body.refresh_token))) throw grant('invalid_grant', 'The refresh token is invalid');
      return tokens.issue();
    }
    throw grant('unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
  }

  return [
    { method: 'GET', path: '/oauth/authorizations/new', handle: authorize },
    { method: 'POST', path: '/oauth/tokens', handle: async (call) => json(200, await token(call)) },
  ];
}
