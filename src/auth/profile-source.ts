/**
 * Credentials saved by `auth login`: the profile (non-secret) and its secret in the keychain, or
 * in the insecure file when the login asked for it. A profile's credentials are only ever used for
 * the portal it was made for.
 */
import { AuthError } from '../errors.js';
import type { HttpClient } from '../portal/http-client.js';
import { fromCredentials, type CredentialSource, type ResolvedCredentials } from './credentials.js';
import type { OAuthTokens } from './oauth.js';
import type { Profile, ProfileStore } from './profiles.js';
import { keychainAccount, type SecretStore } from './secret-store.js';
import { profileRefreshLock } from './refresh-lock.js';

export interface ProfileSourceOptions {
  name: string;
  portal: URL;
  profiles: ProfileStore;
  secrets: (kind: Profile['storage']) => SecretStore;
  now: () => Date;
  /** An anonymous client for the portal's token endpoint (OAuth refresh). */
  tokenClient: () => HttpClient;
}

export function parseStoredTokens(secret: string): OAuthTokens | undefined {
  try {
    const value = JSON.parse(secret) as Partial<OAuthTokens>;
    return typeof value.accessToken === 'string' ? (value as OAuthTokens) : undefined;
  } catch {
    return undefined;
  }
}

export function profileSource(o: ProfileSourceOptions): CredentialSource {
  return {
    name: 'keychain',
    async lookup(): Promise<ResolvedCredentials | undefined> {
      const profile = await o.profiles.forPortal(o.name, o.portal);
      if (!profile) return undefined;
      const store = o.secrets(profile.storage);
      const account = keychainAccount(o.name, o.portal, profile.email);
      const secret = await store.get(account);
      const origin = store.kind === 'keychain' ? 'keychain' : 'file';
      if (secret === undefined) {
        throw new AuthError(`profile "${o.name}" is logged in, but its secret is missing from the ${store.kind === 'keychain' ? 'OS keychain' : 'credentials file'}`, 'Log in again with `sigma-support auth login`.');
      }
      if (profile.method !== 'oauth') {
        const email = profile.email ?? '';
        const credentials = profile.method === 'token' ? { method: 'token' as const, email, token: secret } : { method: 'password' as const, email, password: secret };
        return { ...fromCredentials(credentials, origin), profile: o.name };
      }
      const tokens = parseStoredTokens(secret);
      if (!tokens || !profile.oauth) throw new AuthError(`profile "${o.name}" has an unreadable OAuth entry`, 'Log in again with `sigma-support auth login --web`.');
      // The OAuth client (and zod, to check the token endpoint's answers) only for an OAuth profile.
      const { oauthAuth } = await import('./oauth.js');
      const auth = oauthAuth({
        tokens,
        clientId: profile.oauth.clientId,
        now: o.now,
        tokenClient: o.tokenClient,
        reload: async () => parseStoredTokens((await store.get(account)) ?? ''),
        exclusive: profileRefreshLock(o.profiles.dir, o.name),
        save: async (fresh) => {
          await store.set(account, JSON.stringify(fresh));
          await o.profiles.save(o.name, { ...profile, oauth: { ...profile.oauth!, expiresAt: fresh.expiresAt, hasRefreshToken: Boolean(fresh.refreshToken) } });
        },
      });
      return { credentials: { method: 'oauth', accessToken: tokens.accessToken, email: profile.email }, origin, auth, profile: o.name };
    },
  };
}
