/**
 * The keychain helper: a short-lived child process that makes one keychain call (see
 * secret-store.ts for why each call runs in its own process). It reads one request as JSON on
 * stdin, writes one answer as JSON on stdout and exits. The secret travels on stdin, never in
 * arguments. Installed from npm it is dist/keychain-helper.cjs; in the standalone executable it
 * is a hidden mode of the executable itself (bin/sigma-support.cjs).
 */
import { appPaths } from '../app-paths.js';
import { loadKeyring } from './keyring-addon.js';

export interface HelperRequest {
  op: 'get' | 'set' | 'delete';
  service: string;
  account: string;
  secret?: string;
}

export type HelperAnswer = { value: string | boolean | null } | { error: string };

/** `cacheDir`: where the standalone executable writes its keychain addon (see keyring-addon.ts). */
export async function answer(request: HelperRequest, cacheDir: string): Promise<HelperAnswer> {
  try {
    const entry = new (loadKeyring(cacheDir).AsyncEntry)(request.service, request.account);
    if (request.op === 'get') return { value: (await entry.getPassword()) ?? null };
    if (request.op === 'set') {
      await entry.setPassword(request.secret ?? '');
      return { value: null };
    }
    return { value: await entry.deleteCredential() };
  } catch (error) {
    return { error: String((error as Error | undefined)?.message ?? error) };
  }
}

function parseRequest(input: string): HelperRequest {
  const value = JSON.parse(input) as Partial<HelperRequest>;
  if (value.op !== 'get' && value.op !== 'set' && value.op !== 'delete') throw new Error('the keychain helper got an unknown operation');
  if (typeof value.service !== 'string' || typeof value.account !== 'string') throw new Error('the keychain helper got no service or account');
  return { op: value.op, service: value.service, account: value.account, secret: typeof value.secret === 'string' ? value.secret : undefined };
}

/** Runs the helper on this process's stdin and stdout, then exits. Its environment is the one its parent gave it. */
export function runKeychainHelper(): void {
  let input = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => (input += chunk));
  process.stdin.on('end', () => {
    let request: HelperRequest;
    try {
      request = parseRequest(input);
    } catch (error) {
      process.stdout.write(JSON.stringify({ error: (error as Error).message }), () => process.exit(0));
      return;
    }
    void answer(request, appPaths(process.env).cache).then((result) => process.stdout.write(JSON.stringify(result), () => process.exit(0)));
  });
}
