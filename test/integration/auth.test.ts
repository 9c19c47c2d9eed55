import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

describe('auth without a keychain involved', () => {
  it('--web without a client id explains that the portal admin must register one', async () => {
    const result = await runCli(['auth', 'login', '--web', '--portal', sandbox.url.origin]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/no OAuth client id is known for --web/);
    expect(result.stderr).toMatch(/portal's admin must register an OAuth client/);
  });

  it('refuses a secret given as a flag, without echoing it', async () => {
    const result = await runCli(['auth', 'login', '--email', 'a@example.com', '--with-token', '--token', 'hunter2-secret']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--token: a secret is never accepted as a flag value/);
    expect(result.stderr).toMatch(/--token-stdin/);
    expect(result.stderr).not.toContain('hunter2-secret');
    expect(sandbox.writes()).toEqual([]);
  });

  it('asks scripts to choose a method, and to pipe the secret', async () => {
    const none = await runCli(['auth', 'login', '--portal', sandbox.url.origin]);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toMatch(/choose how to log in: --web \(in the browser\), --with-password, or --with-token \(only for automation your portal admin approved\)/);
    const noSecret = await runCli(['auth', 'login', '--portal', sandbox.url.origin, '--email', 'a@example.com', '--with-token']);
    expect(noSecret.exitCode).toBe(2);
    expect(noSecret.stderr).toMatch(/must come on standard input without a terminal/);
    const empty = await runCli(['auth', 'login', '--portal', sandbox.url.origin, '--email', 'a@example.com', '--with-token', '--token-stdin'], { input: '' });
    expect(empty.exitCode).toBe(2);
    expect(empty.stderr).toMatch(/--token-stdin: standard input was empty/);
  });

  it('status reports environment credentials, whether the portal accepts them, and never the secret', async () => {
    const ok = await runCli(['auth', 'status', '--json'], { env: sandbox.env });
    expect(ok.exitCode).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ loggedIn: true, source: 'environment', secretLocation: 'environment variable SIGMA_SUPPORT_TOKEN', accepted: true, method: 'token' });
    expect(ok.stdout).not.toContain(sandbox.account.apiToken);
    const refused = await runCli(['auth', 'status'], { env: { ...sandbox.env, SIGMA_SUPPORT_TOKEN: 'nope' } });
    expect(refused.exitCode).toBe(4);
    expect(refused.stdout).toMatch(/Accepted +NO: .*did not accept the credentials/);
    const none = await runCli(['auth', 'status', '--portal', sandbox.url.origin]);
    expect(none.exitCode).toBe(4);
    expect(none.stdout).toMatch(/Account +not logged in/);
  });

  it('logout when not logged in removes nothing and says so', async () => {
    const result = await runCli(['auth', 'logout']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/Profile "default" is not logged in: nothing to remove/);
  });

  it('refuses a profile name that could not be a file key', async () => {
    const result = await runCli(['--profile', '../etc', 'auth', 'status']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--profile: "..\/etc" is not a profile name/);
  });
});
