import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEVERITY_FIELD_ID } from '../../src/sandbox/fixtures.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { sha256, sha256File, tempDir } from '../helpers/files.js';
import { JWT, writeHar } from '../helpers/har.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

const base = ['submit', '--subject', 'Workbook fails', '--description', 'Error 500 (ID 9f1)', '--severity', 'S3'];
const SECRETS = [JWT, 'sess-0-value', 'apikey-0-value', 'pw-0-value', 'cs-0-value', 'new-0-value'];

type Har = { log: { pages: unknown[]; entries: Array<{ request: Record<string, any>; response: Record<string, any>; timings: Record<string, number> }> } };

function storedText(name: string): string {
  const stored = sandbox.requests().at(-1)!.comments[0]!.attachments.find((a) => a.file_name === name)!;
  return sandbox.storedBytes(stored.stored_as).toString('utf8');
}

describe('HAR files are scrubbed before upload', () => {
  it('uploads a copy without cookies, credential headers or secret parameters, keeping structure, URLs and timings', async () => {
    const dir = tempDir();
    const har = join(dir, 'session.har');
    writeHar(har, 3);
    const env = { ...sandbox.env, TMPDIR: tempDir('tmp-') };
    const result = await runCliInProcess([...base, '--attach', har, '--json'], { env });
    expect(result.exitCode).toBe(0);
    const text = storedText('session.har');
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    const sent = JSON.parse(text) as Har;
    expect(sent.log.entries).toHaveLength(3);
    expect(sent.log.pages).toEqual([{ id: 'page_1', title: 'Workbook' }]);
    const [first] = sent.log.entries;
    expect(first!.request.url).toBe('https://app.sigmacomputing.com/api/v2/query?workbook=wb-0&page=2');
    expect(first!.request.queryString).toEqual([{ name: 'workbook', value: 'wb-0' }, { name: 'page', value: '2' }]);
    expect(first!.request.cookies).toEqual([]);
    expect(first!.request.headers).toContainEqual({ name: 'Accept', value: 'application/json' });
    expect(first!.request.headers.find((h: { name: string }) => h.name === 'Authorization').value).toBe('[removed by sigma-support]');
    expect(JSON.parse(first!.request.postData.text)).toEqual({ query: 'select 1', password: '[removed by sigma-support]', nested: { client_secret: '[removed by sigma-support]' } });
    expect(first!.timings).toEqual({ blocked: 1, dns: 2, connect: 3, send: 4, wait: 30, receive: 2.5 });
    const out = JSON.parse(result.stdout) as { scrubbed: Array<{ name: string; removed: Record<string, number>; entries: number }> };
    expect(out.scrubbed).toEqual([
      { name: 'session.har', entries: 3, removed: { cookie: 12, 'authorization header': 3, 'API-key header': 3, 'query parameter': 3, 'body field': 6 } },
    ]);
    expect(result.stderr).toContain('session.har: HAR scrubbed before upload: removed 12 cookies, 3 authorization headers, 3 API-key headers, 3 query parameters, 6 body fields');
    // the scrubbed copy is removed afterwards; the user's file is untouched
    expect(readdirSync(env.TMPDIR).filter((n) => n.startsWith('sigma-support-scrub-'))).toEqual([]);
    expect(readFileSync(har, 'utf8')).toContain('sess-0-value');
  });

  it('removes secrets from URLs in Referer and Location headers, and from OAuth fragments', async () => {
    const har = join(tempDir(), 'oauth.har');
    const entry = {
      request: { method: 'GET', url: 'https://app.sigmacomputing.com/callback#access_token=opaque-secret-1&state=xyz', headers: [{ name: 'Referer', value: 'https://idp.example.com/login?code=auth-code-2&lang=en' }], cookies: [], queryString: [] },
      response: { status: 302, headers: [{ name: 'Location', value: 'https://app.sigmacomputing.com/home?session=sess-3&tab=1' }], cookies: [], content: { size: 0, mimeType: 'text/html' }, redirectURL: 'https://app.sigmacomputing.com/home?session=sess-3&tab=1' },
      timings: { send: 1, wait: 2, receive: 3 },
    };
    writeFileSync(har, JSON.stringify({ log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [entry] } }));
    const result = await runCliInProcess([...base, '--attach', har], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    const text = storedText('oauth.har');
    for (const secret of ['opaque-secret-1', 'auth-code-2', 'sess-3']) expect(text).not.toContain(secret);
    const sent = JSON.parse(text) as Har;
    expect(sent.log.entries[0]!.request.url).toBe('https://app.sigmacomputing.com/callback#state=xyz');
    expect(sent.log.entries[0]!.request.headers[0].value).toBe('https://idp.example.com/login?lang=en');
    expect(sent.log.entries[0]!.response.redirectURL).toBe('https://app.sigmacomputing.com/home?tab=1');
  });

  it('finds JSON shaped like a HAR whatever its name, and leaves other JSON alone', async () => {
    const dir = tempDir();
    const har = join(dir, 'network-export.json');
    writeHar(har, 1);
    const other = join(dir, 'config.json');
    writeFileSync(other, JSON.stringify({ log: 'not a har', entries: 1 }));
    const result = await runCliInProcess([...base, '--attach', har, '--attach', other, '--dry-run', '--json'], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    const plan = JSON.parse(result.stdout) as { scrubbed: Array<{ name: string }>; uploads: Array<{ path: string; size: number }> };
    expect(plan.scrubbed.map((s) => s.name)).toEqual(['network-export.json']);
    expect(plan.uploads[0]!.path).toBe(har); // the user's file is named, not the temporary copy
  });

  it('--dry-run says per file what would be removed, and sends nothing', async () => {
    const har = join(tempDir(), 'trace.har');
    writeHar(har, 2);
    const writes = sandbox.writes().length;
    const result = await runCliInProcess([...base, '--attach', har, '--dry-run'], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('trace.har: HAR scrubbed before upload: removed 8 cookies, 2 authorization headers, 2 API-key headers, 2 query parameters, 4 body fields (2 entries kept');
    expect(sandbox.writes()).toHaveLength(writes);
  });

  it('--no-scrub <path> sends that file byte for byte, and says so', async () => {
    const har = join(tempDir(), 'raw.har');
    writeHar(har, 1);
    const result = await runCliInProcess([...base, '--attach', har, '--no-scrub', har], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('raw.har: HAR sent as it is (--no-scrub)');
    expect(sha256(storedText('raw.har'))).toBe(sha256File(har));
  });

  it('--no-scrub naming a file that is not attached is a usage error; so is a .har that is not JSON', async () => {
    const dir = tempDir();
    const har = join(dir, 'a.har');
    writeHar(har, 1);
    const writes = sandbox.writes().length;
    const typo = await runCliInProcess([...base, '--attach', har, '--no-scrub', join(dir, 'b.har')], { env: sandbox.env });
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain('--no-scrub');
    const broken = join(dir, 'broken.har');
    writeFileSync(broken, '{"log": {"entries": [ {"request": ');
    const bad = await runCliInProcess([...base, '--attach', broken], { env: sandbox.env });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--attach');
    expect(bad.stderr).toContain('broken.har');
    expect(bad.stderr).toContain(`--no-scrub ${broken}`);
    expect(sandbox.writes()).toHaveLength(writes);
  });

  it('requests reply: a --no-scrub naming no attached file is refused before the portal is asked', async () => {
    const dir = tempDir();
    const har = join(dir, 'a.har');
    writeHar(har, 1);
    // no credentials at all: the flag mistake must be found first, not after a login and the reply
    const result = await runCliInProcess(['requests', 'reply', '1', '--message', 'More logs', '--attach', har, '--no-scrub', join(dir, 'b.har')], { env: { SIGMA_SUPPORT_URL: sandbox.url.origin } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`--no-scrub ${join(dir, 'b.har')}: it is not one of the attached files`);
  });
});

describe('secrets in text sent as it is', () => {
  it('names where a JWT, Bearer token or AWS key is, in the description and in text files, never the secret', async () => {
    const log = join(tempDir(), 'app.log');
    const aws = 'AKIA' + 'Q3EXAMPLEKEY7XYZ';
    writeFileSync(log, `started\nGET /api with Authorization: Bearer abcdefghijklmnop0123456789\nkey=${aws}\n`);
    const result = await runCliInProcess(['submit', '--subject', 'Login loops', '--description', `It fails.\nMy token: ${JWT}`, '--severity', 'S3', '--attach', log, '--json'], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('the description holds a JWT (session or API token) on line 2');
    expect(result.stderr).toContain('app.log holds a Bearer token on line 2; an AWS access key on line 3');
    for (const secret of [JWT, aws, 'abcdefghijklmnop0123456789']) {
      expect(result.stderr).not.toContain(secret);
      expect(result.stdout).not.toContain(secret);
    }
    expect(JSON.parse(result.stdout).secret_warnings).toEqual([
      { where: 'description', kind: 'a JWT (session or API token)', lines: [2] },
      { where: 'app.log', kind: 'a Bearer token', lines: [2] },
      { where: 'app.log', kind: 'an AWS access key', lines: [3] },
    ]);
  });
});

describe('large text files', () => {
  it('finds a token cut by the 64 KB read boundary, once, with its line number', async () => {
    const log = join(tempDir(), 'big.log');
    const filler = `${'x'.repeat(99)}\n`.repeat(655); // 65,500 bytes: the token below straddles byte 65,536
    writeFileSync(log, `${filler}token ${JWT}\n${filler}${filler}Authorization: Bearer abcdefghijklmnop0123456789\n`);
    const result = await runCliInProcess([...base, '--attach', log, '--dry-run', '--json'], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).secret_warnings).toEqual([
      { where: 'big.log', kind: 'a JWT (session or API token)', lines: [656] },
      { where: 'big.log', kind: 'a Bearer token', lines: [1967] },
    ]);
  });
});

describe('replies', () => {
  it('scrub HAR files and name secrets the same way', async () => {
    const auth = `Basic ${Buffer.from(`${sandbox.account.email}/token:${sandbox.account.apiToken}`).toString('base64')}`;
    const created = await fetch(new URL('/api/v2/requests', sandbox.url), {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ request: { subject: 'Needs a HAR', comment: { body: 'Please send a HAR' }, custom_fields: [{ id: SEVERITY_FIELD_ID, value: 'sandbox_severity_low' }] } }),
    });
    const id = ((await created.json()) as { request: { id: number } }).request.id;
    const har = join(tempDir(), 'reply.har');
    writeHar(har, 1);
    const result = await runCliInProcess(['requests', 'reply', String(id), '--message', `Here it is; my token was ${JWT}`, '--attach', har], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('reply.har: HAR scrubbed before upload: removed 4 cookies');
    expect(result.stderr).toContain('the reply holds a JWT (session or API token) on line 1. It is sent as it is');
    const comment = sandbox.store.requests.get(id)!.comments.at(-1)!;
    const text = sandbox.storedBytes(comment.attachments[0]!.stored_as).toString('utf8');
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  });
});
