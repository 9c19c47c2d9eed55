/**
 * Where secrets are kept: the OS keychain (macOS Keychain, Windows Credential Manager, the Linux
 * Secret Service) through @napi-rs/keyring, or, only when asked with --insecure-storage, a 0600
 * file. Every keychain call is bounded, so a missing or locked keychain never hangs the CLI.
 */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';

export const KEYCHAIN_SERVICE = 'sigma-support';
export const KEYCHAIN_TIMEOUT_MS = 3000;

export interface SecretStore {
  readonly kind: 'keychain' | 'file';
  get(account: string): Promise<string | undefined>;
  set(account: string, secret: string): Promise<void>;
  /** True when there was something to delete. */
  delete(account: string): Promise<boolean>;
}

export class KeychainUnavailableError extends CliError {
  constructor(cause: string) {
    super(
      `the OS keychain is not available: ${cause}`,
      ExitCode.failure,
      [
        'On headless Linux, over SSH or in WSL there is often no Secret Service (or it is locked). Either:',
        '  - set SIGMA_SUPPORT_EMAIL with SIGMA_SUPPORT_TOKEN (or the other variables in `sigma-support help environment`), or',
        '  - log in again with --insecure-storage to keep the secret in a file readable only by you (not encrypted).',
      ].join('\n'),
    );
  }
}

/** The account name in the keychain: it names the profile, the portal host and the email. */
export function keychainAccount(profile: string, portal: URL, email: string | undefined): string {
  return `${profile}:${portal.host}:${email ?? 'oauth'}`;
}

export function osKeychain(timeoutMs = KEYCHAIN_TIMEOUT_MS): SecretStore {
  const entry = async (account: string) => new (await import('@napi-rs/keyring')).AsyncEntry(KEYCHAIN_SERVICE, account);
  const bounded = async <T>(what: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      return await what(signal);
    } catch (error) {
      if (signal.aborted) throw new KeychainUnavailableError(`it did not answer within ${timeoutMs / 1000} s (is it locked?)`);
      throw new KeychainUnavailableError((error as Error).message);
    }
  };
  return {
    kind: 'keychain',
    get: (account) => bounded(async (signal) => (await (await entry(account)).getPassword(signal)) ?? undefined),
    set: (account, secret) => bounded(async (signal) => (await entry(account)).setPassword(secret, signal)),
    delete: (account) => bounded(async (signal) => (await entry(account)).deleteCredential(signal)),
  };
}

/** Secrets in `<config dir>/insecure-credentials.json`, mode 0600: only with --insecure-storage. */
export function fileSecretStore(configDir: string): SecretStore {
  const path = join(configDir, 'insecure-credentials.json');
  const read = async (): Promise<Record<string, string>> => {
    try {
      const value: unknown = JSON.parse(await readFile(path, 'utf8'));
      return value && typeof value === 'object' ? (value as Record<string, string>) : {};
    } catch {
      return {};
    }
  };
  const write = async (data: Record<string, string>) => {
    await mkdir(configDir, { recursive: true, mode: 0o700 });
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
    await chmod(temp, 0o600);
    await rename(temp, path);
  };
  return {
    kind: 'file',
    get: async (account) => (await read())[account],
    set: async (account, secret) => write({ ...(await read()), [account]: secret }),
    delete: async (account) => {
      const data = await read();
      if (!(account in data)) return false;
      delete data[account];
      await write(data);
      return true;
    },
  };
}
