/**
 * Where secrets are kept: the OS keychain (macOS Keychain, Windows Credential Manager, the Linux
 * Secret Service) through @napi-rs/keyring, or, only when asked with --insecure-storage, a 0600
 * file. Every keychain call is bounded, so a missing or locked keychain never hangs the CLI.
 */
import { join } from 'node:path';
import { readText, writePrivateFile } from '../private-file.js';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { HelperRequest } from './keychain-helper.js';

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
        '  - set SIGMA_SUPPORT_EMAIL with SIGMA_SUPPORT_TOKEN (or SIGMA_SUPPORT_OAUTH_TOKEN) in the environment instead of logging in, or',
        '  - log in again with --insecure-storage to keep the secret in a file readable only by you (not encrypted).',
      ].join('\n'),
    );
  }
}

/** The account name in the keychain: it names the profile, the portal host and the email. */
export function keychainAccount(profile: string, portal: URL, email: string | undefined): string {
  return `${profile}:${portal.host}:${email ?? 'oauth'}`;
}

/**
 * The keychain library's calls can block their thread outright: a Secret Service that accepts the
 * connection and never answers blocks even the "async" entry points, and a thread stuck that way
 * cannot be ended (a worker thread then keeps even process.exit from finishing). So each call runs
 * in a short-lived child process (src/auth/keychain-helper.ts), which is killed when the timeout
 * passes. The secret travels on the child's stdin, never in its arguments.
 */

/** The helper's command: its own bundle next to this one, or the standalone executable's hidden mode. */
export const KEYCHAIN_HELPER_ARG = '__keychain-helper';

/** Node's arguments that run the helper, for this build of the CLI. */
export async function keychainHelperArgs(): Promise<string[]> {
  const { isStandalone } = await import('../standalone/sea.js');
  if (isStandalone()) return [KEYCHAIN_HELPER_ARG];
  const { fileURLToPath } = await import('node:url');
  return [fileURLToPath(new URL('./keychain-helper.cjs', import.meta.url))];
}

type Op = { op: 'get' | 'set' | 'delete'; account: string; secret?: string };

export interface KeychainOptions {
  /** The helper's process gets this environment: the command's, which says which session bus to use. */
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Node's arguments that run the helper (default: keychainHelperArgs()). */
  helper?: () => Promise<string[]>;
}

function keychainProcess({ env, timeoutMs = KEYCHAIN_TIMEOUT_MS, helper = keychainHelperArgs }: KeychainOptions): (op: Op) => Promise<unknown> {
  let broken: KeychainUnavailableError | undefined;
  return async (op) => {
    if (broken) throw broken;
    const [{ spawn }, args] = await Promise.all([import('node:child_process'), helper()]);
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'ignore'], env });
    return new Promise((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => {
        broken = new KeychainUnavailableError(`it did not answer within ${timeoutMs / 1000} s (is it locked, or waiting for a prompt that cannot show?)`);
        child.kill('SIGKILL');
        reject(broken);
      }, timeoutMs);
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (d: string) => (output += d));
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new KeychainUnavailableError(error.message));
      });
      child.on('close', () => {
        clearTimeout(timer);
        if (broken) return;
        try {
          const answer = JSON.parse(output) as { value?: unknown; error?: string };
          if (answer.error !== undefined) reject(new KeychainUnavailableError(answer.error));
          else resolve(answer.value);
        } catch {
          reject(new KeychainUnavailableError('the keychain helper ended without an answer'));
        }
      });
      child.stdin.end(JSON.stringify({ ...op, service: KEYCHAIN_SERVICE } satisfies HelperRequest));
    });
  };
}

/** Words for why the keychain failed, naming the usual cause on Linux: no D-Bus session at all. */
function explain(env: NodeJS.ProcessEnv, message: string): string {
  if (process.platform === 'linux' && !env.DBUS_SESSION_BUS_ADDRESS) return `there is no D-Bus session here (DBUS_SESSION_BUS_ADDRESS is not set), so no Secret Service (${message})`;
  return message;
}

export function osKeychain(options: KeychainOptions): SecretStore {
  const { env } = options;
  const raw = keychainProcess(options);
  const call = async (op: Op) => {
    try {
      return await raw(op);
    } catch (error) {
      if (error instanceof KeychainUnavailableError && !/did not answer/.test(error.message)) throw new KeychainUnavailableError(explain(env, error.message.replace(/^the OS keychain is not available: /, '')));
      throw error;
    }
  };
  return {
    kind: 'keychain',
    get: async (account) => ((await call({ op: 'get', account })) as string | null) ?? undefined,
    set: async (account, secret) => {
      await call({ op: 'set', account, secret });
    },
    delete: async (account) => Boolean(await call({ op: 'delete', account })),
  };
}

/** Secrets in `<config dir>/insecure-credentials.json`, mode 0600: only with --insecure-storage. */
export function fileSecretStore(configDir: string): SecretStore {
  const path = join(configDir, 'insecure-credentials.json');
  const read = async (): Promise<Record<string, string>> => {
    try {
      const value: unknown = JSON.parse(await readText(path));
      return value && typeof value === 'object' ? (value as Record<string, string>) : {};
    } catch {
      return {};
    }
  };
  const write = async (data: Record<string, string>) => {
    await writePrivateFile(configDir, path, `${JSON.stringify(data, null, 2)}\n`);
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
