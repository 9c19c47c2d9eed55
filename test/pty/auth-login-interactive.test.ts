import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { KEYS, PtySession } from '../helpers/pty.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sandbox: TestSandbox;
let session: PtySession | undefined;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());
afterEach(() => session?.kill());

it('interactive login asks the method, the email and a masked secret', async () => {
  const home = mkdtempSync(join(tmpdir(), 'sigma-pty-login-'));
  const s = (session = new PtySession(['auth', 'login', '--portal', sandbox.url.origin, '--insecure-storage'], { HOME: home, XDG_CONFIG_HOME: join(home, '.config') }));
  await s.waitFor(`How do you want to log in to ${sandbox.url.host}?`);
  s.write(KEYS.enter); // With an API token
  await s.waitFor('Email of your Sigma Support account');
  s.line('sandbox@example.com');
  await s.waitFor('API token');
  s.line(sandbox.account.apiToken);
  await s.waitFor('Logged in to');
  expect(await s.exited).toBe(0);
  expect(s.screen).not.toContain(sandbox.account.apiToken);
  expect(s.screen).toContain('*'.repeat(sandbox.account.apiToken.length));
  expect(readFileSync(join(home, '.config', 'sigma-support', 'insecure-credentials.json'), 'utf8')).toContain(sandbox.account.apiToken);
});
