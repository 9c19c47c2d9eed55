import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { tempDir } from '../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

describe('auth without a keychain involved', () => {
  it('--web without a client id explains that the portal admin must register one', async () => {
    const result = await runCliInProcess(['auth', 'login', '--web', '--portal', sandbox.url.origin]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/no OAuth client id is known for --web/);
    expect(result.stderr).toMatch(/portal's admin must register an OAuth client/);
  });

  it('refuses a secret given as a flag, without echoing it', async () => {
    const result = await runCliInProcess(['auth', 'login', '--email', 'a@example.com', '--with-token', '--token', 'hunter2-secret']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--token: a secret is never accepted as a flag value/);
    expect(result.stderr).toMatch(/--token-stdin/);
    expect(result.stderr).not.toContain('hunter2-secret');
    expect(sandbox.writes()).toEqual([]);
  });

  it('asks scripts to choose a method, and to pipe the secret', async () => {
    const none = await runCliInProcess(['auth', 'login', '--portal', sandbox.url.origin]);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toMatch(/choose how to log in: --web \(in the browser\), --with-password, or --with-token \(only for automation your portal admin approved\)/);
    const noSecret = await runCliInProcess(['auth', 'login', '--portal', sandbox.url.origin, '--email', 'a@example.com', '--with-token']);
    expect(noSecret.exitCode).toBe(2);
    expect(noSecret.stderr).toMatch(/--with-token: standard input was empty/);
    const empty = await runCliInProcess(['auth', 'login', '--portal', sandbox.url.origin, '--email', 'a@example.com', '--with-token', '--token-stdin'], { input: '' });
    expect(empty.exitCode).toBe(2);
    expect(empty.stderr).toMatch(/--token-stdin: standard input was empty/);
  });

  it('status reports environment credentials, whether the portal accepts them, and never the secret', async () => {
    const ok = await runCliInProcess(['auth', 'status', '--json'], { env: sandbox.env });
    expect(ok.exitCode).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ loggedIn: true, source: 'environment', secretLocation: 'environment variable SIGMA_SUPPORT_TOKEN', accepted: true, method: 'token' });
    expect(ok.stdout).not.toContain(sandbox.account.apiToken);
    const refused = await runCliInProcess(['auth', 'status'], { env: { ...sandbox.env, SIGMA_SUPPORT_TOKEN: 'nope' } });
    expect(refused.exitCode).toBe(4);
    expect(refused.stdout).toMatch(/Accepted +NO: .*did not accept the credentials/);
    const none = await runCliInProcess(['auth', 'status', '--portal', sandbox.url.origin]);
    expect(none.exitCode).toBe(4);
    expect(none.stdout).toMatch(/Account +not logged in/);
  });

  it('logout when not logged in removes nothing and says so', async () => {
    const result = await runCliInProcess(['auth', 'logout']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/Profile "default" is not logged in: nothing to remove/);
  });

  it('--with-token reads the token from standard input when it is not a terminal; --token-stdin stays an alias', async () => {
    const home = tempDir('home-');
    const args = ['auth', 'login', '--portal', sandbox.url.origin, '--email', sandbox.account.email, '--insecure-storage'];
    const piped = await runCliInProcess([...args, '--with-token'], { env: { HOME: home }, input: `${sandbox.account.apiToken}\n` });
    expect(piped.stderr).toContain(`Logged in to ${sandbox.url.origin} as ${sandbox.account.email} with an API token`);
    expect(piped.exitCode).toBe(0);
    const alias = await runCliInProcess([...args, '--with-token', '--token-stdin'], { env: { HOME: home }, input: sandbox.account.apiToken });
    expect(alias.exitCode).toBe(0);
    const status = await runCliInProcess(['auth', 'status', '--json'], { env: { HOME: home } });
    expect(JSON.parse(status.stdout)).toMatchObject({ loggedIn: true, source: 'file', accepted: true });
  });

  it('logging a profile in to another portal says which login it replaces, and suggests --profile', async () => {
    const home = tempDir('home-');
    const other = await startTestSandbox();
    try {
      const login = (portal: string) => runCliInProcess(['auth', 'login', '--portal', portal, '--email', sandbox.account.email, '--with-token', '--token-stdin', '--insecure-storage'], { env: { HOME: home }, input: sandbox.account.apiToken });
      expect((await login(sandbox.url.origin)).exitCode).toBe(0);
      const again = await login(sandbox.url.origin);
      expect(again.stderr).not.toContain('replaces');
      const replaced = await login(other.url.origin);
      expect(replaced.exitCode).toBe(0);
      expect(replaced.stderr).toContain(`Profile "default" is logged in to ${sandbox.url.origin} as ${sandbox.account.email}: logging in to ${other.url.origin} replaces that login.`);
      expect(replaced.stderr).toContain(`sigma-support --profile <name> auth login --portal ${other.url.origin}`);
    } finally {
      await other.close();
    }
  });

  it('logout --portal logs out the profile logged in to that portal', async () => {
    const home = tempDir('home-');
    const login = await runCliInProcess(['--profile', 'staging', 'auth', 'login', '--portal', sandbox.url.origin, '--email', sandbox.account.email, '--with-token', '--token-stdin', '--insecure-storage'], { env: { HOME: home }, input: sandbox.account.apiToken });
    expect(login.exitCode).toBe(0);
    const elsewhere = await runCliInProcess(['auth', 'logout', '--portal', 'https://support.example.com'], { env: { HOME: home } });
    expect(elsewhere.exitCode).toBe(0);
    expect(elsewhere.stderr).toContain('No profile is logged in to https://support.example.com: nothing to remove.');
    const out = await runCliInProcess(['auth', 'logout', '--portal', sandbox.url.origin], { env: { HOME: home } });
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toContain(`Logged out of ${sandbox.url.origin} (profile "staging")`);
    const status = await runCliInProcess(['--profile', 'staging', 'auth', 'status', '--json', '--portal', sandbox.url.origin], { env: { HOME: home } });
    expect(JSON.parse(status.stdout)).toMatchObject({ loggedIn: false });
  });

  it('hints repeat the global flags given, such as --profile', async () => {
    const result = await runCliInProcess(['--profile', 'staging', 'auth', 'status', '--portal', sandbox.url.origin]);
    expect(result.exitCode).toBe(4);
    expect(result.stderr).toContain('Log in with `sigma-support --profile staging auth login`.');
    expect(`${result.stdout}${result.stderr}`).not.toContain('sigma-support auth login');
  });

  it('refuses a profile name that could not be a file key', async () => {
    const result = await runCliInProcess(['--profile', '../etc', 'auth', 'status']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--profile: "..\/etc" is not a profile name/);
  });
});
