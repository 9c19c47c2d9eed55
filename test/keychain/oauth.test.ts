// `auth login --web` against the sandbox's OAuth endpoints, with the tokens kept in a real keyring.
// The browser is played by fetch: it follows the authorize URL the CLI prints, as a browser would.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_OAUTH_CLIENT_ID } from '../../src/sandbox/fixtures.js';
import { OAUTH_REDIRECT_URIS } from '../../src/auth/oauth-client.js';
import { runCli, startCli, waitForText } from '../helpers/cli.js';
import { missingKeyringTools, startPrivateKeyring, type PrivateKeyring } from '../helpers/keyring.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { tempDir } from '../helpers/files.js';
import { holdSignInPorts } from '../helpers/sign-in-ports.js';

// listens on the fixed sign-in redirect ports: one such file at a time
holdSignInPorts();

const missing = await missingKeyringTools();

let keyring: PrivateKeyring;
let home: string;
let profile: string;
let count = 0;
const user = () => ({ HOME: home, XDG_CONFIG_HOME: join(home, '.config'), SIGMA_SUPPORT_PROFILE: profile, ...keyring.env });

/** Starts `auth login --web`, and plays the browser up to the redirect back to the CLI. */
async function startWebLogin(sandbox: TestSandbox) {
  const child = startCli(['auth', 'login', '--web', '--client-id', SANDBOX_OAUTH_CLIENT_ID, '--no-browser', '--portal', sandbox.url.origin], { env: user() });
  const [authorize] = await waitForText(child.stderr!, /http:\/\/127\.0\.0\.1:\d+\/oauth\/authorizations\/new\S+/);
  const approved = await fetch(authorize, { redirect: 'manual' });
  expect(approved.status).toBe(302);
  return { child, callback: new URL(approved.headers.get('location')!), authorize: new URL(authorize) };
}

const storedEntry = (sandbox: TestSandbox) => keyring.secretTool(['search', '--all', 'service', 'sigma-support', 'username', `${profile}:${sandbox.url.host}:sandbox@example.com`]);
const submit = () => runCli(['submit', '--subject', 'Via OAuth', '--description', 'd', '--severity', 'S3', '--json'], { env: user() });

describe.skipIf(missing.length > 0)('auth login --web (OAuth with PKCE)', () => {
  let clock = Date.now();
  let sandbox: TestSandbox;
  beforeAll(async () => {
    keyring = await startPrivateKeyring();
    sandbox = await startTestSandbox({ now: () => new Date(clock), oauthAccessTokenTtlSeconds: 3600 });
  });
  afterAll(async () => {
    await sandbox?.close();
    await keyring?.stop();
  });
  beforeEach(() => {
    home = tempDir('oauth-');
    profile = `oauth${++count}`;
  });

  it('signs in through the browser flow, keeps the tokens in the keychain, and files with them', async () => {
    const { child, callback, authorize } = await startWebLogin(sandbox);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const page = await fetch(callback);
    expect(await page.text()).toContain('You can close this tab');
    const result = await child;
    expect(result.stderr).toContain('as sandbox@example.com with OAuth');
    expect(result.exitCode).toBe(0);

    const entry = await storedEntry(sandbox);
    expect(entry).toMatch(/secret = \{"accessToken":"[\w-]+","refreshToken":"[\w-]+","expiresAt":"/);
    const status = JSON.parse((await runCli(['auth', 'status', '--json'], { env: user() })).stdout);
    expect(status).toMatchObject({ method: 'oauth', source: 'keychain', accepted: true, email: 'sandbox@example.com' });
    expect((await submit()).exitCode).toBe(0);
  });

  it('refuses an answer whose state is not the one it sent, and stores nothing', async () => {
    const { child, callback } = await startWebLogin(sandbox);
    callback.searchParams.set('state', 'forged');
    expect((await fetch(callback)).status).toBe(400);
    const result = await child;
    expect(result.exitCode).toBe(4);
    expect(result.stderr).toMatch(/did not carry the state this login sent/);
    expect(await storedEntry(sandbox)).toBe('');
    expect(() => statSync(join(home, '.config', 'sigma-support', 'profiles.json'))).toThrow();
  });

  it('a code already spent with a wrong verifier is refused, and the CLI says so', async () => {
    const { child, callback, authorize } = await startWebLogin(sandbox);
    const stolen = await fetch(new URL('/oauth/tokens', sandbox.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'authorization_code', code: callback.searchParams.get('code'), client_id: SANDBOX_OAUTH_CLIENT_ID, redirect_uri: authorize.searchParams.get('redirect_uri'), code_verifier: 'not-the-verifier', scope: 'read write' }),
    });
    expect(stolen.status).toBe(400);
    expect(await stolen.json()).toMatchObject({ error: 'invalid_grant', error_description: 'The code verifier does not match the code challenge' });
    await fetch(callback);
    const result = await child;
    expect(result.exitCode).toBe(4);
    expect(result.stderr).toMatch(/refused the OAuth sign-in \(invalid_grant: The authorization code is invalid or has expired\)/);
    expect(await storedEntry(sandbox)).toBe('');
  });

  it('refreshes once after a 401, and keeps the new tokens', async () => {
    const { child, callback } = await startWebLogin(sandbox);
    await fetch(callback);
    expect((await child).exitCode).toBe(0);
    const before = await storedEntry(sandbox);

    clock += 2 * 3600 * 1000; // the portal now considers the access token expired; the CLI does not know yet
    const journal = sandbox.store.readJournal().length;
    const filed = await submit();
    expect(filed.exitCode).toBe(0);
    const calls = sandbox.store.readJournal().slice(journal).map((e) => `${e.method} ${e.path.split('?')[0]} ${e.status}`);
    expect(calls).toContain('GET /api/v2/requests 401');
    expect(calls.filter((c) => c === 'POST /oauth/tokens 200')).toHaveLength(1);
    const after = await storedEntry(sandbox);
    expect(after).not.toBe(before);
    expect(after).toMatch(/secret = \{"accessToken"/);
  });
});

describe.skipIf(missing.length > 0)('OAuth refresh before use', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    keyring = await startPrivateKeyring();
    // Tokens that live 10 s: within the CLI's 30 s margin, so it refreshes before using one.
    sandbox = await startTestSandbox({ oauthAccessTokenTtlSeconds: 10 });
  });
  afterAll(async () => {
    await sandbox?.close();
    await keyring?.stop();
  });
  beforeEach(() => {
    home = tempDir('oauth-');
    profile = `early${++count}`;
  });

  it('refreshes an access token that has expired (or is about to) before sending it', async () => {
    const { child, callback } = await startWebLogin(sandbox);
    await fetch(callback);
    expect((await child).exitCode).toBe(0);
    const journal = sandbox.store.readJournal().length;
    expect((await submit()).exitCode).toBe(0);
    const calls = sandbox.store.readJournal().slice(journal).map((e) => `${e.method} ${e.path.split('?')[0]} ${e.status}`);
    expect(calls[0]).toBe('POST /oauth/tokens 200');
    expect(calls.some((c) => c.endsWith(' 401'))).toBe(false);
  });
});

describe('sandbox PKCE', () => {
  it('issues tokens only for the verifier that matches the challenge', async () => {
    const sandbox = await startTestSandbox();
    try {
      const verifier = 'a-verifier-that-is-long-enough-for-pkce-0123456789';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const redirect = OAUTH_REDIRECT_URIS[0]!;
      const authorize = new URL('/oauth/authorizations/new', sandbox.url);
      authorize.search = new URLSearchParams({ response_type: 'code', client_id: SANDBOX_OAUTH_CLIENT_ID, redirect_uri: redirect, scope: 'read write', state: 's', code_challenge: challenge, code_challenge_method: 'S256' }).toString();
      const code = async () => new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location')!).searchParams.get('code');
      const exchange = async (c: string | null, v: string) =>
        fetch(new URL('/oauth/tokens', sandbox.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'authorization_code', code: c, client_id: SANDBOX_OAUTH_CLIENT_ID, redirect_uri: redirect, code_verifier: v }) });
      expect((await exchange(await code(), 'wrong')).status).toBe(400);
      const good = await exchange(await code(), verifier);
      expect(good.status).toBe(200);
      const tokens = (await good.json()) as { access_token: string };
      const mine = await fetch(new URL('/api/v2/requests', sandbox.url), { headers: { authorization: `Bearer ${tokens.access_token}` } });
      expect(mine.status).toBe(200);
      const bad = new URL(authorize);
      bad.searchParams.set('code_challenge_method', 'plain');
      expect((await fetch(bad, { redirect: 'manual' })).status).toBe(400);
    } finally {
      await sandbox.close();
    }
  });
});
