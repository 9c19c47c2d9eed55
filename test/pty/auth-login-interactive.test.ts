import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { KEYS, PtySession, usePtySandbox } from '../helpers/pty.js';
import { tempDir } from '../helpers/files.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';

const t = usePtySandbox();

it('interactive login asks the method, the email and a masked secret', async () => {
  const home = tempDir('pty-login-');
  const s = (t.session = new PtySession(['auth', 'login', '--portal', t.sandbox.url.origin, '--insecure-storage'], { HOME: home, XDG_CONFIG_HOME: join(home, '.config') }));
  await s.waitFor(`How do you want to log in to ${t.sandbox.url.host}?`);
  // the browser first, the password next, an API token (automation only) last
  await s.waitFor('In the browser');
  s.write(KEYS.down);
  s.write(KEYS.down);
  await s.waitFor('Only for automation your portal admin approved');
  s.write(KEYS.enter);
  await s.waitFor('Email of your Sigma Support account');
  s.line('sandbox@example.com');
  await s.waitFor('API token');
  s.line(t.sandbox.account.apiToken);
  await s.waitFor('Logged in to');
  expect(await s.exited).toBe(0);
  expect(s.screen).not.toContain(t.sandbox.account.apiToken);
  expect(s.screen).toContain('*'.repeat(t.sandbox.account.apiToken.length));
  expect(readFileSync(join(home, '.config', 'sigma-support', 'insecure-credentials.json'), 'utf8')).toContain(t.sandbox.account.apiToken);
});

it('logging a profile in to another portal says what it replaces and asks first; No keeps the old login', async () => {
  const home = tempDir('pty-login-');
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
  const first = await runCliInProcess(['auth', 'login', '--portal', t.sandbox.url.origin, '--email', t.sandbox.account.email, '--with-token', '--token-stdin', '--insecure-storage'], { env, input: t.sandbox.account.apiToken });
  expect(first.exitCode).toBe(0);
  const profiles = () => readFileSync(join(home, '.config', 'sigma-support', 'profiles.json'), 'utf8');
  const before = profiles();
  const elsewhere = 'https://support.example.com';
  const s = (t.session = new PtySession(['auth', 'login', '--portal', elsewhere, '--insecure-storage'], env));
  await s.waitFor(`Profile "default" is logged in to ${t.sandbox.url.origin} as ${t.sandbox.account.email}: logging in to ${elsewhere} replaces that login.`);
  await s.waitFor(`sigma-support --profile <name> auth login --portal ${elsewhere}`);
  await s.waitFor(`Replace the login to ${t.sandbox.url.origin}?`);
  s.line('n');
  await s.waitFor(`Cancelled. Profile "default" stays logged in to ${t.sandbox.url.origin}.`);
  expect(await s.exited).toBe(3);
  expect(profiles()).toBe(before);
});
