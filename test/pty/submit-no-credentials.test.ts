import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { tempDir } from '../helpers/files.js';
import { KEYS, PtySession } from '../helpers/pty.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sandbox: TestSandbox;
let session: PtySession | undefined;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());
afterEach(() => session?.kill());

it('with no credentials at a terminal, submit offers the pre-filled form in the browser, keeping what was given', async () => {
  const home = tempDir('no-login-');
  const s = (session = new PtySession(
    ['submit', '--subject', 'Export fails', '--description', 'Error 42', '--severity', 'S2', '--cc', 'ana@example.com'],
    { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), SIGMA_SUPPORT_URL: sandbox.url.origin, BROWSER: 'none' },
  ));
  await s.waitFor('You are not logged in to the support portal.');
  await s.waitFor('Log in now, then continue with the form');
  s.write(KEYS.down + KEYS.enter);
  await s.waitFor('Nothing was sent');
  expect(await s.exited).toBe(0);
  const link = /(http:\/\/127\.0\.0\.1:\d+\/hc\/en-us\/signin\?\S+)/.exec(s.screen.replace(/\s*\n\s*/g, ''))![1]!;
  const form = new URL(new URL(link).searchParams.get('return_to')!);
  expect(form.searchParams.get('tf_subject')).toBe('Export fails');
  expect(form.searchParams.get('tf_description')).toBe('Error 42');
  expect(form.searchParams.get('tf_collaborators')).toBe('ana@example.com');
  expect(sandbox.writes()).toEqual([]);
});
