import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { tempDir } from '../helpers/files.js';
import { JWT } from '../helpers/har.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

const base = ['submit', '--subject', 'Workbook fails', '--description', 'Error 500 (ID 9f1)', '--severity', 'S3'];
const BEARER = 'Bearer abcdefghijklmnop0123456789';
const BEARER2 = 'Bearer zyxwvutsrqponmlk9876543210';

function storedText(name: string): string {
  const stored = sandbox.requests().at(-1)!.comments[0]!.attachments.find((a) => a.file_name === name)!;
  return sandbox.storedBytes(stored.stored_as).toString('utf8');
}

describe('strings elsewhere in a HAR entry', () => {
  it('a JWT in an _initiator stack frame URL, Bearer tokens in comments and a secret in a page title URL are removed and counted; the rest stays byte for byte', async () => {
    const har = join(tempDir(), 'initiator.har');
    const entry = {
      pageref: 'page_1',
      startedDateTime: '2026-11-28T10:00:00.000Z',
      time: 12,
      request: { method: 'GET', url: 'https://app.sigmacomputing.com/api/v2/workbook', httpVersion: 'HTTP/2', headers: [{ name: 'Accept', value: '*/*', comment: `was ${BEARER2}` }], cookies: [], queryString: [] },
      response: { status: 200, statusText: '', httpVersion: 'HTTP/2', headers: [], cookies: [], content: { size: 2, mimeType: 'text/plain', text: 'ok' }, redirectURL: '' },
      cache: {},
      timings: { send: 1, wait: 2, receive: 3 },
      comment: `retried with ${BEARER} after a 401`,
      _initiator: {
        type: 'script',
        stack: { callFrames: [{ functionName: 'load', scriptId: '12', url: `https://app.sigmacomputing.com/static/app.js?t=${JWT}&v=3`, lineNumber: 10, columnNumber: 5 }] },
      },
      _resourceType: 'fetch',
      _custom: 'see https://app.sigmacomputing.com/help?',
    };
    const json = JSON.stringify({ log: { version: '1.2', creator: { name: 'WebInspector', version: '537.36' }, pages: [{ id: 'page_1', title: 'https://app.sigmacomputing.com/login?code=oauth-code-4&x=1' }], entries: [entry] } });
    // an escaped slash and an escaped character: strings without secrets keep their bytes as written
    const original = json.replace('"see https://app.sigmacomputing.com/help?"', '"see https:\\/\\/app.sigmacomputing.com\\/help? \\u00e9"');
    writeFileSync(har, original);
    const result = await runCliInProcess([...base, '--attach', har, '--json'], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    const text = storedText('initiator.har');
    expect(text).not.toContain(JWT);
    expect(text).not.toContain('abcdefghijklmnop0123456789');
    expect(text).not.toContain('zyxwvutsrqponmlk9876543210');
    expect(text).not.toContain('oauth-code-4');
    expect(text).toBe(original.replace('code=oauth-code-4&', '').replace(`t=${JWT}&`, '').replace(BEARER, '[removed by sigma-support]').replace(BEARER2, '[removed by sigma-support]'));
    const out = JSON.parse(result.stdout) as { scrubbed: Array<{ name: string; removed: Record<string, number>; entries: number }> };
    expect(out.scrubbed).toEqual([{ name: 'initiator.har', entries: 1, removed: { 'token in text': 2, 'query parameter': 2 } }]);
  });

  it('a string cut by the 64 KB read boundary is checked whole; one over 2 MB is copied through as it is', async () => {
    const har = join(tempDir(), 'long.har');
    const long = `${'a'.repeat(100 * 1024)} ${BEARER}`; // starts before byte 65,536 and ends after it
    const huge = `${'b'.repeat(3 * 1024 * 1024)} https:\/\/x.example\/?`; // no secret, over 2 MB, with escapes
    const entry = { request: { method: 'GET', url: 'https://app.sigmacomputing.com/' }, response: { status: 200 }, _long: long, _huge: '@HUGE@', pageref: 'page_1' };
    const original = JSON.stringify({ log: { version: '1.2', entries: [entry] } }).replace('"@HUGE@"', `"${huge}"`);
    writeFileSync(har, original);
    const result = await runCliInProcess([...base, '--attach', har, '--json'], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    expect(storedText('long.har')).toBe(original.replace(BEARER, '[removed by sigma-support]'));
    expect(JSON.parse(result.stdout).scrubbed[0].removed).toEqual({ 'token in text': 1 });
  });
});
