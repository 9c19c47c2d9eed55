// The HTTP client against a real sandbox on loopback: what it does once closed.
import { afterEach, expect, it } from 'vitest';
import { staticAuth } from '../../src/auth/credentials.js';
import { HttpClient } from '../../src/portal/http-client.js';
import { parseFault } from '../../src/sandbox/faults.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sandbox: TestSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

it('a call waiting to retry when the client is closed sends nothing more', async () => {
  sandbox = await startTestSandbox({ faults: [parseFault('fields=503-bare:always')] });
  const s = sandbox;
  const http = new HttpClient({
    portal: s.url,
    env: {},
    auth: staticAuth({ method: 'token', email: s.account.email, token: s.account.apiToken }),
    authHint: '',
    timeoutMs: 5_000,
    userAgent: 'sigma-support-test',
    // closed as the client starts to wait before its second try
    onRetry: () => void http.close(),
  });
  const fieldCalls = () => s.store.readJournal().filter((e) => e.path === '/api/v2/ticket_fields').length;
  await expect(http.send('GET', '/api/v2/ticket_fields', { action: 'reading the ticket fields' })).rejects.toThrow(/reading the ticket fields was stopped/);
  expect(fieldCalls()).toBe(1);
});
