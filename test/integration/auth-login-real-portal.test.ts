// Logins customers can use on a real Zendesk portal: OAuth in the browser on fixed, registered
// redirect URIs; a password refused because the admin left password access off; refreshes by
// several processes at once. The secret goes to the 0600 file here (--insecure-storage), so these
// run without a keychain; test/keychain/ covers the keychain itself.
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OAUTH_REDIRECT_PORTS, OAUTH_REDIRECT_URIS } from '../../src/auth/oauth-client.js';
import { SANDBOX_OAUTH_CLIENT_ID } from '../../src/sandbox/fixtures.js';
import { runCli, startCli, waitForText } from '../helpers/cli.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { tempDir } from '../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { holdSignInPorts } from '../helpers/sign-in-ports.js';

// listens on the fixed sign-in redirect ports: one such file at a time
holdSignInPorts();

let home: string;
const user = () => ({ HOME: home, XDG_CONFIG_HOME: join(home, '.config') });
beforeEach(() => {
  home = tempDir('login-');
});

/** `auth login --web` off a terminal, the browser played by fetch up to the redirect back. */
async function webLogin(sandbox: TestSandbox) {
  const child = startCli(['auth', 'login', '--web', '--client-id', SANDBOX_OAUTH_CLIENT_ID, '--no-browser', '--insecure-storage', '--portal', sandbox.url.origin], { env: user() });
  const [authorize] = await waitForText(child.stderr!, /http:\/\/127\.0\.0\.1:\d+\/oauth\/authorizations\/new\S+/);
  const approved = await fetch(authorize, { redirect: 'manual' });
  expect(approved.status, await approved.clone().text()).toBe(302);
  return { child, authorize: new URL(authorize), callback: new URL(approved.headers.get('location')!) };
}

describe('OAuth in the browser', () => {
  let clock = Date.now();
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ now: () => new Date(clock), oauthAccessTokenTtlSeconds: 3600 });
  });
  afterAll(() => sandbox.close());

  it('redirects only to a documented loopback URI, the next one when a port is taken', async () => {
    // take the first port (unless something else already has it)
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.once('error', () => resolve()).listen(OAUTH_REDIRECT_PORTS[0], '127.0.0.1', resolve));
    try {
      const { child, authorize, callback } = await webLogin(sandbox);
      const redirect = authorize.searchParams.get('redirect_uri')!;
      expect(OAUTH_REDIRECT_URIS).toContain(redirect);
      expect(redirect).not.toBe(OAUTH_REDIRECT_URIS[0]);
      expect(`${callback.origin}${callback.pathname}`).toBe(redirect);
      await fetch(callback);
      const result = await child;
      expect(result.stderr).toContain('as sandbox@example.com with OAuth');
      expect(result.exitCode).toBe(0);
    } finally {
      blocker.close();
    }
  });

  it('with every documented port taken, says so and waits for nothing', async () => {
    const blockers = OAUTH_REDIRECT_PORTS.map(() => createServer());
    // a port already taken by something else is just as busy
    await Promise.all(blockers.map((b, i) => new Promise<void>((resolve) => b.once('error', () => resolve()).listen(OAUTH_REDIRECT_PORTS[i], '127.0.0.1', resolve))));
    try {
      const result = await runCliInProcess(['auth', 'login', '--web', '--client-id', SANDBOX_OAUTH_CLIENT_ID, '--no-browser', '--insecure-storage', '--portal', sandbox.url.origin], { env: user() });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(`cannot wait for the sign-in: ports ${OAUTH_REDIRECT_PORTS.join(', ')} on 127.0.0.1 are all in use`);
    } finally {
      for (const b of blockers) b.close();
    }
  });

  it('the sandbox, like a portal, refuses a redirect URI that was not registered', async () => {
    const authorize = new URL('/oauth/authorizations/new', sandbox.url);
    authorize.search = new URLSearchParams({ response_type: 'code', client_id: SANDBOX_OAUTH_CLIENT_ID, redirect_uri: 'http://127.0.0.1:9/callback', scope: 'read write', state: 's', code_challenge: 'c'.repeat(43), code_challenge_method: 'S256' }).toString();
    const answer = await fetch(authorize, { redirect: 'manual' });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toMatch(/redirect_uri "http:\/\/127\.0\.0\.1:9\/callback" is not registered/);
  });

  it('three processes refreshing at once all go on, with one refresh between them', async () => {
    const { child, callback } = await webLogin(sandbox);
    await fetch(callback);
    expect((await child).exitCode).toBe(0);
    clock += 2 * 3600 * 1000; // every process now finds the access token expired, and must refresh
    const journal = sandbox.store.readJournal().length;
    const results = await Promise.all([1, 2, 3].map(() => runCli(['requests', 'list', '--json'], { env: user() })));
    for (const r of results) {
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
    }
    const tokenCalls = sandbox.store.readJournal().slice(journal).filter((e) => e.path.startsWith('/oauth/tokens'));
    expect(tokenCalls.map((e) => e.status)).toEqual([200]);
  });
});

describe('a password the portal does not take', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ passwordAccess: false });
  });
  afterAll(() => sandbox.close());

  it('auth login says that password access may be off, and points to the browser', async () => {
    const result = await runCliInProcess(['auth', 'login', '--portal', sandbox.url.origin, '--email', sandbox.account.email, '--with-password', '--password-stdin', '--insecure-storage'], { env: user(), input: sandbox.account.password });
    expect(result.exitCode).toBe(4);
    expect(result.stderr).toContain('did not accept this email and password, so nothing was stored');
    expect(result.stderr).toMatch(/Password access to the portal's API is off for customers unless the portal's admin turns it on/);
    expect(result.stderr).toContain('sigma-support auth login --web');
    expect(result.stderr).not.toContain(sandbox.account.password);
  });

  it('a command with a password from the environment says the same', async () => {
    const result = await runCliInProcess(['requests', 'list'], { env: { SIGMA_SUPPORT_URL: sandbox.url.origin, SIGMA_SUPPORT_EMAIL: sandbox.account.email, SIGMA_SUPPORT_PASSWORD: sandbox.account.password } });
    expect(result.exitCode).toBe(4);
    expect(result.stderr).toMatch(/Password access to the portal's API is off for customers/);
    expect(result.stderr).toContain('auth login --web');
  });
});

it('sigma-support sandbox --no-password-access refuses the password it prints', async () => {
  const portal = startCli(['sandbox', '--port', '0', '--no-password-access', '--data-dir', tempDir('sandbox-cmd-')]);
  try {
    const [, url] = await waitForText(portal.stdout!, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const result = await runCliInProcess(['requests', 'list'], { env: { SIGMA_SUPPORT_URL: url, SIGMA_SUPPORT_EMAIL: 'sandbox@example.com', SIGMA_SUPPORT_PASSWORD: 'sandbox-password' } });
    expect(result.exitCode).toBe(4);
    expect(result.stderr).toMatch(/Password access to the portal's API is off for customers/);
  } finally {
    portal.kill('SIGTERM');
    await portal;
  }
});
