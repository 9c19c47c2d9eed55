// `auth login --web` over SSH or on a headless machine: the browser runs elsewhere and cannot come
// back to this machine's loopback, so the user pastes the address it ended on. Played here by fetch
// (the browser) and a real pseudo-terminal (the user). The secret goes to the 0600 file.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { SANDBOX_OAUTH_CLIENT_ID } from '../../src/sandbox/fixtures.js';
import { tempDir } from '../helpers/files.js';
import { PtySession, usePtySandbox } from '../helpers/pty.js';
import { holdSignInPorts } from '../helpers/sign-in-ports.js';

// listens on the fixed sign-in redirect ports: one such file at a time
holdSignInPorts();

const t = usePtySandbox();

/** Starts the login, and plays the browser up to the page it ends on (never opened here). */
async function signInElsewhere() {
  const home = tempDir('pty-paste-');
  const s = (t.session = new PtySession(
    ['auth', 'login', '--web', '--no-browser', '--client-id', SANDBOX_OAUTH_CLIENT_ID, '--insecure-storage', '--portal', t.sandbox.url.origin],
    { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), SSH_CONNECTION: '10.0.0.1 22 10.0.0.2 22' },
    { cols: 400 },
  ));
  await s.waitFor('paste here the address it ended on');
  const authorize = /http:\/\/127\.0\.0\.1:\d+\/oauth\/authorizations\/new\S+/.exec(s.screen)![0];
  const approved = await fetch(authorize, { redirect: 'manual' });
  expect(approved.status).toBe(302);
  return { s, endedOn: new URL(approved.headers.get('location')!) };
}

it('takes the code from the pasted address, after a paste that is not one', async () => {
  const { s, endedOn } = await signInElsewhere();
  s.line('not an address');
  await s.waitFor('That is not it');
  s.line(endedOn.toString());
  await s.waitFor('Logged in to');
  expect(s.screen).toContain('as sandbox@example.com with OAuth');
  expect(await s.exited).toBe(0);
});

it('refuses a pasted address whose state is not the one it sent', async () => {
  const { s, endedOn } = await signInElsewhere();
  endedOn.searchParams.set('state', 'forged');
  s.line(endedOn.toString());
  await s.waitFor('did not carry the state this login sent');
  expect(await s.exited).toBe(4);
});
