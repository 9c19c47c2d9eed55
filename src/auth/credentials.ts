/**
 * Where credentials come from, in order, and how they become an Authorization header.
 * Secrets are never taken from flags: only from the environment or a credential store.
 */
import { AuthError, UsageError } from '../errors.js';
import type { AuthProvider } from '../portal/http-client.js';

export type Credentials =
  | { method: 'token'; email: string; token: string }
  | { method: 'password'; email: string; password: string }
  | { method: 'oauth'; accessToken: string; email?: string | undefined };

export type CredentialOrigin = 'environment' | 'keychain' | 'file' | 'sandbox';

export interface ResolvedCredentials {
  credentials: Credentials;
  origin: CredentialOrigin;
  /** Gives the Authorization header, refreshing OAuth tokens when needed. */
  auth: AuthProvider;
  /** The profile the credentials came from, when they did. */
  profile?: string;
}

/** Credentials that always give the same header (all but OAuth, which refreshes: oauth.ts). */
export function staticAuth(credentials: Credentials): AuthProvider {
  const header = authorizationHeader(credentials);
  return { header: async () => header };
}

export function fromCredentials(credentials: Credentials, origin: CredentialOrigin): ResolvedCredentials {
  return { credentials, origin, auth: staticAuth(credentials) };
}

/** One place credentials may be found. Returns undefined when it has none. */
export interface CredentialSource {
  readonly name: CredentialOrigin;
  lookup(): Promise<ResolvedCredentials | undefined>;
}

export const ENV = {
  url: 'SIGMA_SUPPORT_URL',
  email: 'SIGMA_SUPPORT_EMAIL',
  token: 'SIGMA_SUPPORT_TOKEN',
  password: 'SIGMA_SUPPORT_PASSWORD',
  oauthToken: 'SIGMA_SUPPORT_OAUTH_TOKEN',
} as const;

export const HOW_TO_PROVIDE_CREDENTIALS = [
  'Log in with `sigma-support auth login --web` (in the browser; the tokens go to the OS keychain), or, in scripts and CI,',
  `set ${ENV.oauthToken}, or ${ENV.email} with ${ENV.password} where the portal allows password access;`,
  `${ENV.email} with ${ENV.token} (an API token) only for automation your portal admin approved.`,
  'The Sigma Support account is separate from the Sigma app account: if you have none, ask your Sigma Account Manager.',
].join('\n');

/** Why a password the portal refuses may be right all the same, and what to do instead. */
export const PASSWORD_ACCESS_HINT =
  "Password access to the portal's API is off for customers unless the portal's admin turns it on; while it is off, the portal treats the password as no login at all. " +
  'Log in in the browser instead: sigma-support auth login --web (or file in the browser with sigma-support submit --web). ' +
  'If the password itself may be wrong, check it by signing in on the portal.';

/** What to say when the portal refuses these credentials (or there are none). */
export function refusedCredentialsHint(resolved: ResolvedCredentials | undefined): string {
  if (!resolved) return HOW_TO_PROVIDE_CREDENTIALS;
  const password = resolved.credentials.method === 'password' ? `\n${PASSWORD_ACCESS_HINT}` : '';
  return `The portal refused ${describeCredentials(resolved)}.${password}\n${HOW_TO_PROVIDE_CREDENTIALS}`;
}

function value(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v === '' ? undefined : v;
}

/** Credentials from SIGMA_SUPPORT_* variables. An OAuth token wins, then an API token, then a password. */
export function environmentSource(env: NodeJS.ProcessEnv): CredentialSource {
  return {
    name: 'environment',
    async lookup() {
      const email = value(env, ENV.email);
      const oauth = value(env, ENV.oauthToken);
      if (oauth) return fromCredentials({ method: 'oauth', accessToken: oauth, email }, 'environment');
      const token = value(env, ENV.token);
      const password = value(env, ENV.password);
      if ((token || password) && !email) {
        throw new UsageError(`${token ? ENV.token : ENV.password} is set but ${ENV.email} is not`, `Set ${ENV.email} to the Sigma Support account's address.`);
      }
      if (email && token) return fromCredentials({ method: 'token', email, token }, 'environment');
      if (email && password) return fromCredentials({ method: 'password', email, password }, 'environment');
      return undefined;
    },
  };
}

/** The first source that has credentials; exit 4 with how to provide them when none has. */
export async function resolveCredentials(sources: readonly CredentialSource[]): Promise<ResolvedCredentials> {
  for (const source of sources) {
    const found = await source.lookup();
    if (found) return found;
  }
  throw new NoCredentialsError('no Sigma Support credentials found', HOW_TO_PROVIDE_CREDENTIALS);
}

/** None of the sources has credentials (as opposed to credentials the portal refused). */
export class NoCredentialsError extends AuthError {}

export function authorizationHeader(credentials: Credentials): string {
  switch (credentials.method) {
    case 'token':
      return `Basic ${Buffer.from(`${credentials.email}/token:${credentials.token}`).toString('base64')}`;
    case 'password':
      return `Basic ${Buffer.from(`${credentials.email}:${credentials.password}`).toString('base64')}`;
    case 'oauth':
      return `Bearer ${credentials.accessToken}`;
  }
}

/** "me@corp.com (API token, from the environment)": never the secret itself. */
export function describeCredentials({ credentials, origin }: ResolvedCredentials): string {
  const method = { token: 'API token', password: 'password', oauth: 'OAuth token' }[credentials.method];
  const who = credentials.email ?? 'an OAuth account';
  return `${who} (${method}, from the ${origin})`;
}
