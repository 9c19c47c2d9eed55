// `auth` against a real Secret Service (GNOME Keyring on a private D-Bus), read back independently
// with secret-tool. With CI=true these tests must run; elsewhere, without the tools, they are
// skipped with a loud notice.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { missingKeyringTools, startPrivateKeyring, type PrivateKeyring } from '../helpers/keyring.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { tempDir } from '../helpers/files.js';

const missing = await missingKeyringTools();
if (missing.length > 0) {
  if (process.env.CI === 'true') throw new Error(`CI=true but the keychain tests cannot run: missing ${missing.join(', ')} (apt-get install gnome-keyring dbus libsecret-tools)`);
  console.warn(`\n${'!'.repeat(78)}\n!! KEYCHAIN TESTS SKIPPED: missing ${missing.join(', ')}.\n!! Install gnome-keyring, dbus and libsecret-tools to run them.\n${'!'.repeat(78)}\n`);
}

const TOKEN = 'sandbox-api-token';
let keyring: PrivateKeyring;
let sandbox: TestSandbox;
let home: string;

/** Environment of a user with a fresh HOME, this keyring, and no SIGMA_* credentials. */
const user = (extra: Record<string, string | undefined> = {}) => ({ HOME: home, XDG_CONFIG_HOME: join(home, '.config'), ...keyring.env, ...extra });
const login = (args: string[] = [], extra: Record<string, string | undefined> = {}, input = TOKEN) =>
  runCliInProcess(['auth', 'login', '--portal', sandbox.url.origin, '--email', sandbox.account.email, '--with-token', '--token-stdin', ...args], { env: user(extra), input });
const submit = (extra: Record<string, string | undefined> = {}) =>
  runCliInProcess(['submit', '--portal', sandbox.url.origin, '--subject', 'From the keychain', '--description', 'd', '--severity', 'S3', '--json'], { env: user(extra) });
const entries = () => keyring.secretTool(['search', '--all', 'service', 'sigma-support']);

function filesContaining(dir: string, needle: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const info = statSync(path);
    if (info.isDirectory()) found.push(...filesContaining(path, needle));
    else if (info.isFile() && readFileSync(path).includes(needle)) found.push(path);
  }
  return found;
}

describe.skipIf(missing.length > 0)('auth with the OS keychain (real Secret Service)', () => {
  beforeAll(async () => {
    keyring = await startPrivateKeyring();
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
    await keyring?.stop();
  });
  beforeEach(() => {
    home = tempDir('user-');
  });

  it('login, use, logout: the secret lives in the keychain only', async () => {
    const result = await login();
    expect(result.stderr).toContain(`Logged in to ${sandbox.url.origin} as sandbox@example.com with an API token (profile "default", secret in the OS keychain)`);
    expect(result.exitCode).toBe(0);

    // 1. an entry with service=sigma-support holds the secret
    const found = await entries();
    expect(found).toContain(`secret = ${TOKEN}`);
    expect(found).toContain(`attribute.username = default:${sandbox.url.host}:sandbox@example.com`);
    // 2. no file under HOME contains it; the profile file is private
    expect(filesContaining(home, TOKEN)).toEqual([]);
    expect(statSync(join(home, '.config', 'sigma-support', 'profiles.json')).mode & 0o777).toBe(0o600);

    // 3. submit works with no environment credentials
    const before = sandbox.requests().length;
    const filed = await submit();
    expect(filed.exitCode).toBe(0);
    expect(sandbox.requests()).toHaveLength(before + 1);

    const status = await runCliInProcess(['auth', 'status', '--json'], { env: user() });
    expect(status.exitCode).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ portal: sandbox.url.origin, profile: 'default', loggedIn: true, email: 'sandbox@example.com', method: 'token', source: 'keychain', accepted: true });
    expect(status.stdout).not.toContain(TOKEN);

    // 4. after logout the entry is gone and submit exits 4
    const out = await runCliInProcess(['auth', 'logout'], { env: user() });
    expect(out.exitCode).toBe(0);
    expect(await entries()).not.toContain(TOKEN);
    const refused = await submit();
    expect(refused.exitCode).toBe(4);
    expect(refused.stderr).toContain('no Sigma Support credentials found');
  });

  it('wrong credentials: exit 4, the separate-account reminder, nothing stored', async () => {
    const result = await login([], {}, 'not-the-token');
    expect(result.exitCode).toBe(4);
    expect(result.stderr).toMatch(/did not accept these credentials, so nothing was stored/);
    expect(result.stderr).toMatch(/separate from the Sigma app account.*Sigma Account Manager/s);
    expect(await entries()).not.toContain('not-the-token');
    expect(() => statSync(join(home, '.config', 'sigma-support', 'profiles.json'))).toThrow();
  });

  it('keeps profiles apart, and uses a profile only for its own portal', async () => {
    const other = await startTestSandbox();
    try {
      expect((await login()).exitCode).toBe(0);
      const second = await runCliInProcess(['--profile', 'staging', 'auth', 'login', '--portal', other.url.origin, '--email', other.account.email, '--with-token', '--token-stdin'], { env: user(), input: TOKEN });
      expect(second.exitCode).toBe(0);
      const found = await entries();
      expect(found).toContain(`attribute.username = default:${sandbox.url.host}:sandbox@example.com`);
      expect(found).toContain(`attribute.username = staging:${other.url.host}:sandbox@example.com`);
      const staging = JSON.parse((await runCliInProcess(['auth', 'status', '--json'], { env: user({ SIGMA_SUPPORT_PROFILE: 'staging' }) })).stdout);
      expect(staging).toMatchObject({ profile: 'staging', portal: other.url.origin, accepted: true });
      // the default profile's credentials are not sent to another portal
      const elsewhere = await runCliInProcess(['submit', '--portal', other.url.origin, '--subject', 's', '--description', 'd', '--severity', 'S3'], { env: user() });
      expect(elsewhere.exitCode).toBe(4);
      expect(other.requests()).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('warns that environment credentials win', async () => {
    const result = await login([], { SIGMA_SUPPORT_EMAIL: 'ci@example.com', SIGMA_SUPPORT_TOKEN: 'x' });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/credentials are set in the environment; they win over this login/);
  });

  it('with no Secret Service, login fails fast and names the ways out; nothing is stored', async () => {
    const result = await login([], { DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'no-bus')}` });
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/the OS keychain is not available/);
    expect(result.stderr).toMatch(/SIGMA_SUPPORT_TOKEN/);
    expect(result.stderr).toMatch(/--insecure-storage/);
    expect(() => statSync(join(home, '.config', 'sigma-support', 'profiles.json'))).toThrow();
  });

  it('a keychain that never answers ends within its timeout instead of hanging', async () => {
    // A "bus" that accepts the connection and then says nothing, like a wedged Secret Service.
    const socket = join(home, 'silent-bus');
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(socket, resolve));
    try {
      const result = await login([], { DBUS_SESSION_BUS_ADDRESS: `unix:path=${socket}` });
      expect(result.timedOut).toBe(false);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(/the OS keychain is not available: it did not answer within 3 s/);
    } finally {
      silent.close();
    }
  });

  it('--insecure-storage keeps the secret in a 0600 file, loudly', async () => {
    const noBus = { DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'no-bus')}` };
    const result = await login(['--insecure-storage'], noBus);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/Warning: the secret is stored UNENCRYPTED/);
    const file = join(home, '.config', 'sigma-support', 'insecure-credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain(TOKEN);
    expect((await submit(noBus)).exitCode).toBe(0);
    const status = JSON.parse((await runCliInProcess(['auth', 'status', '--json'], { env: user(noBus) })).stdout);
    expect(status).toMatchObject({ source: 'file', accepted: true });
    expect((await runCliInProcess(['auth', 'logout'], { env: user(noBus) })).exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toContain(TOKEN);
  });
});
