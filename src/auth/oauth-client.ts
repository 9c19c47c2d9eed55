/**
 * What a portal's admin registers so that customers can log in with `auth login --web`, in one
 * place (docs/ADMIN.md says the same): a public OAuth client (no secret; authorization code with
 * PKCE), these exact redirect URIs, and the scope asked for.
 *
 * Zendesk matches redirect URIs as registered, and allows http only on localhost/127.0.0.1
 * (https://support.zendesk.com/hc/en-us/articles/4408845965210): so the CLI listens on a short,
 * fixed list of loopback ports, the same on every run, trying the next when one is busy.
 */
import { DEFAULT_PORTAL } from '../portal/portal-url.js';

/** Scopes asked for: `read` and `write` (https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/). */
export const OAUTH_SCOPE = 'read write';

/**
 * The client id Sigma registers for its own portal, shipped with the CLI so that nobody has to type
 * one. Undefined until Sigma registers it: set it here, and nowhere else.
 */
export const SIGMA_OAUTH_CLIENT_ID: string | undefined = undefined;

/** The loopback ports the redirect may come back to, in the order they are tried. */
export const OAUTH_REDIRECT_PORTS: readonly number[] = [17861, 17862, 17863];

export function redirectUriFor(port: number): string {
  return `http://127.0.0.1:${port}/callback`;
}

/** Every redirect URI the CLI may send: what the admin registers, exactly. */
export const OAUTH_REDIRECT_URIS: readonly string[] = OAUTH_REDIRECT_PORTS.map(redirectUriFor);

/**
 * The client id for a portal, in order: --client-id, SIGMA_SUPPORT_OAUTH_CLIENT_ID or the config's
 * oauth-client-id (`configured`, already resolved by the settings), the one this profile used last
 * time for the same portal, then the shipped one (Sigma's portal only).
 */
export function oauthClientId(portal: URL, configured: string | undefined, previous: { portal: string; clientId?: string | undefined } | undefined): string | undefined {
  if (configured) return configured;
  if (previous?.clientId && new URL(previous.portal).origin === portal.origin) return previous.clientId;
  return portal.origin === new URL(DEFAULT_PORTAL).origin ? SIGMA_OAUTH_CLIENT_ID : undefined;
}
