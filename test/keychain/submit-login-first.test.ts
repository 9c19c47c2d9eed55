import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/files.js';
import { missingKeyringTools, startPrivateKeyring, type PrivateKeyring } from '../helpers/keyring.js';
import { KEYS, PtySession, submitWithoutAttachments } from '../helpers/pty.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const missing = await missingKeyringTools();
let keyring: PrivateKeyring;
let sandbox: TestSandbox;
let session: PtySession | undefined;

describe.skipIf(missing.length > 0)('submit with no credentials, at a terminal', () => {
  beforeAll(async () => {
    keyring = await startPrivateKeyring();
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
    await keyring?.stop();
  });
  afterEach(() => session?.kill());

  it('logs in now (secret into the keychain), then goes on with the form and files the request', async () => {
    const home = tempDir('login-first-');
    const s = (session = new PtySession(
      ['submit', '--subject', 'Filed after logging in', '--description', 'd', '--severity', 'S3', '--cc', 'ana@example.com'],
      { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), SIGMA_SUPPORT_URL: sandbox.url.origin, ...keyring.env },
    ));
    await s.waitFor('How do you want to go on?');
    s.write(KEYS.enter); // log in now
    await s.waitFor(`How do you want to log in to ${sandbox.url.host}?`);
    s.write(KEYS.down + KEYS.down + KEYS.enter); // an API token, as the sandbox accepts
    await s.waitFor('Email of your Sigma Support account');
    s.line(sandbox.account.email);
    await s.waitFor('API token');
    s.line(sandbox.account.apiToken);
    await s.waitFor('Logged in to');
    await s.waitFor('Organization (optional)');
    s.line('');
    expect(await submitWithoutAttachments(s)).toBe(0);
    expect(sandbox.requests().at(-1)).toMatchObject({ subject: 'Filed after logging in', cc_emails: ['ana@example.com'] });
  });
});
