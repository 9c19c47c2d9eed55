// Nothing lost, nothing sent twice: the CLI against a sandbox with injected faults.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { appendFileSync, existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseFault } from '../../src/sandbox/faults.js';
import { startCli } from '../helpers/cli.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { sampleAttachments, sha256, sha256File, tempDir } from '../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sandbox: TestSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function withFaults(...faults: string[]): Promise<TestSandbox> {
  sandbox = await startTestSandbox({ faults: faults.map(parseFault) });
  return sandbox;
}

const fields = ['--subject', 'Exports fail', '--description', 'Error ID 5e1-77', '--severity', 'S1', '--cc', 'ana@example.com'];
const stateEnv = () => {
  const state = tempDir('sigma-state-');
  return { XDG_STATE_HOME: state, draftsDir: join(state, 'sigma-support', 'drafts') };
};
const draftPath = (stderr: string) => /sigma-support submit --recover (\S+)/.exec(stderr)?.[1];

describe('faults: the table of issue 4', () => {
  it('429 once on create: retried after Retry-After, exactly one request', async () => {
    const s = await withFaults('create=429:once');
    const result = await runCliInProcess(['submit', ...fields], { env: s.env });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/the portal is rate-limiting: retrying in 1 s \(try 2 of 4\)/);
    expect(s.requests()).toHaveLength(1);
  });

  it('--retries bounds the tries', async () => {
    const s = await withFaults('fields=500:always');
    const result = await runCliInProcess(['submit', ...fields, '--retries', '1'], { env: s.env });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/retrying in \d+ s \(try 2 of 2\)/);
    expect(s.store.readJournal().filter((e) => e.path === '/api/v2/ticket_fields')).toHaveLength(2);
  });

  it('an unreachable portal: one retry line per wait, not one per call in flight', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const result = await runCliInProcess(['submit', ...fields, '--retries', '2', '--portal', `http://127.0.0.1:${port}`], { env: { SIGMA_SUPPORT_EMAIL: 'a@example.com', SIGMA_SUPPORT_TOKEN: 't' } });
    expect(result.exitCode).toBe(1);
    const lines = result.stderr.split('\n').filter((l) => l.includes('retrying in'));
    expect(lines.map((l) => /\(try \d of \d\)/.exec(l)![0])).toEqual(['(try 2 of 3)', '(try 3 of 3)']);
  });

  it('a reset during an upload: retried, and the bytes are intact', async () => {
    const s = await withFaults('upload=reset:once');
    const files = sampleAttachments();
    const result = await runCliInProcess(['submit', ...fields, '--attach', files.binary], { env: s.env });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/retrying in \d+ s \(try 2 of 4\)/);
    const [stored] = s.requests();
    const attachment = stored!.comments[0]!.attachments[0]!;
    expect(sha256(s.storedBytes(attachment.stored_as))).toBe(sha256File(files.binary));
    expect(s.store.readJournal().filter((e) => e.path.startsWith('/api/v2/uploads')).map((e) => e.status)).toEqual([0, 201]);
  });

  it('create stored, then the connection dropped: exactly one request, reported with exit 0', async () => {
    const s = await withFaults('create=stored-reset:once');
    const result = await runCliInProcess(['submit', ...fields, '--json'], { env: s.env });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/did not answer the create, but the request is there: it was filed once/);
    expect(s.requests()).toHaveLength(1);
    expect(JSON.parse(result.stdout).id).toBe(s.requests()[0]!.id);
  });

  it('no answer to a create, and a different request of the same subject just filed: that one is not taken for it', async () => {
    const s = await withFaults();
    const earlier = await runCliInProcess(['submit', '--subject', 'Exports fail', '--description', 'another problem', '--severity', 'S3'], { env: s.env });
    expect(earlier.exitCode).toBe(0);
    s.faults.add(parseFault('create=reset:once'));
    const result = await runCliInProcess(['submit', ...fields, '--json'], { env: s.env });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).not.toMatch(/the request is there/);
    expect(s.requests().map((r) => r.description)).toEqual(['another problem', 'Error ID 5e1-77']);
    expect(JSON.parse(result.stdout).id).toBe(s.requests()[1]!.id);
  });

  it('503 on every create, and the request not among the latest: exit 1 and a draft; --recover against a healthy portal files exactly one request', async () => {
    const s = await withFaults('create=503:always');
    const files = sampleAttachments();
    const { XDG_STATE_HOME, draftsDir } = stateEnv();
    const env = { ...s.env, XDG_STATE_HOME };
    const failed = await runCliInProcess(['submit', ...fields, '--attach', files.binary, '--attach', files.log], { env });
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).toMatch(/HTTP 503/);
    expect(s.requests()).toHaveLength(0);
    expect(failed.stderr).toMatch(/not among your latest requests, so it was not created/);
    // a 503 does not say the request was not stored: its uploads are kept (they expire on their own)
    expect([...s.store.uploads.values()]).toHaveLength(2);
    const path = draftPath(failed.stderr)!;
    expect(path.startsWith(draftsDir)).toBe(true);
    const draft = JSON.parse(readFileSync(path, 'utf8'));
    expect(draft.fields).toMatchObject({ subject: 'Exports fail', severity: 'S1', cc: ['ana@example.com'], attachments: [{ path: files.binary }, { path: files.log }] });

    s.faults.clear();
    const recovered = await runCliInProcess(['submit', '--recover', path, '--json'], { env });
    expect(recovered.exitCode).toBe(0);
    const requests = s.requests();
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ subject: 'Exports fail', description: 'Error ID 5e1-77', cc_emails: ['ana@example.com'], idempotency_key: draft.idempotencyKey });
    expect(requests[0]!.comments[0]!.attachments.map((a) => a.file_name).sort()).toEqual([basename(files.binary), basename(files.log)].sort());
    expect(existsSync(path)).toBe(false);
  });

  it('no answer: ends within the timeout, with a draft', async () => {
    const s = await withFaults('create=hang:always');
    const { XDG_STATE_HOME } = stateEnv();
    const result = await runCliInProcess(['submit', ...fields, '--timeout', '2'], { env: { ...s.env, XDG_STATE_HOME } });
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/did not answer within 2 s while creating the request/);
    expect(draftPath(result.stderr)).toBeDefined();
    // each wait ended at --timeout (an unbounded one would outlast runCli's own limit, timedOut):
    // one create, one look among the latest requests, one more create, one more look, and no more
    const calls = s.store.readJournal().map((e) => `${e.method} ${e.path.split('?')[0]} ${e.status}`);
    expect(calls.slice(calls.indexOf('POST /api/v2/requests 0'))).toEqual(['POST /api/v2/requests 0', 'GET /api/v2/requests 200', 'POST /api/v2/requests 0', 'GET /api/v2/requests 200']);
  });
});

describe('portal answers that are not what they should be', () => {
  it.each([
    ['an HTML 502', 'fields=html502:always', /unexpected answer from the portal \(HTTP 502\) while reading the ticket fields/],
    ['a body that is not JSON', 'fields=bad-json:once', /unexpected answer from the portal \(HTTP 200\) while reading the ticket fields/],
  ])('%s gives one clear message, not a parse error', async (_name, fault, message) => {
    const s = await withFaults(fault);
    const result = await runCliInProcess(['submit', ...fields], { env: s.env });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/SyntaxError|JSON\.parse|\n\s+at /);
    expect(s.writes()).toEqual([]);
  });

  it('a redirect to another host never carries the credentials', async () => {
    const seen: IncomingMessage[] = [];
    const elsewhere = createServer((req, res) => {
      seen.push(req);
      res.end('{}');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.2', resolve));
    try {
      sandbox = await startTestSandbox({ faults: [parseFault('fields=redirect:always')], redirectTarget: `http://127.0.0.2:${(elsewhere.address() as AddressInfo).port}/` });
      const result = await runCliInProcess(['submit', ...fields], { env: sandbox.env });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(/answered with a redirect \(HTTP 302 to http:\/\/127\.0\.0\.2:\d+\/api\/v2\/ticket_fields\).*not followed, so the credentials stayed here/);
      expect(seen).toEqual([]);
    } finally {
      elsewhere.close();
    }
  });
});

describe('a slow portal', () => {
  it('receives every byte of files many read-chunks long, three at once, while the sockets back up', async () => {
    // Each upload reads its chunks into one buffer, again and again; this fails if a chunk were
    // overwritten before it was sent.
    // Files this size outgrow what loopback's socket buffers hold, so the writes really do wait
    // (at 4 MB each, a version that read ahead still passed; at 8 MB it failed).
    sandbox = await startTestSandbox({ throttleBytesPerSecond: 4 * 1024 * 1024 });
    const dir = tempDir();
    const files = [1, 2, 3].map((n) => {
      const file = join(dir, `part-${n}.bin`);
      writeFileSync(file, randomBytes(8 * 1024 * 1024 + n * 4099));
      return file;
    });
    const result = await runCliInProcess(['submit', ...fields, ...files.flatMap((f) => ['--attach', f])], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    const attachments = sandbox.requests()[0]!.comments[0]!.attachments;
    expect(attachments).toHaveLength(3);
    for (const a of attachments) expect(sha256(sandbox.storedBytes(a.stored_as))).toBe(sha256File(join(dir, a.file_name)));
  });
});

describe('hostile files', () => {
  it('a file that changes size while uploading is an error, and nothing is created', async () => {
    const file = join(tempDir(), 'growing.log');
    writeFileSync(file, randomBytes(2 * 1024 * 1024));
    // it grows as its upload reaches the portal (an event, not a timer); the CLI checks the size again once the portal answers
    sandbox = await startTestSandbox({ onUploadStart: () => appendFileSync(file, randomBytes(1024 * 1024)) });
    const child = startCli(['submit', ...fields, '--attach', file], { env: sandbox.env });
    const result = await child;
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--attach \S*growing\.log: the file changed size while it was uploading/);
    expect(sandbox.requests()).toEqual([]);
  });

  it('a file removed before its turn to upload is an error naming it, and nothing is left on the portal', async () => {
    const dir = tempDir();
    const [first, second] = [join(dir, 'first.log'), join(dir, 'second.log')];
    writeFileSync(first, randomBytes(1024 * 1024));
    writeFileSync(second, 'later');
    // one upload at a time: the second file is read only once the first is answered; it is removed
    // as the first one reaches the portal (an event, not a timer)
    sandbox = await startTestSandbox({ onUploadStart: (name) => name === 'first.log' && rmSync(second, { force: true }) });
    const child = startCli(['submit', ...fields, '--attach', first, '--attach', second], { env: { ...sandbox.env, SIGMA_SUPPORT_UPLOAD_CONCURRENCY: '1' } });
    const result = await child;
    expect(result.stderr).toMatch(/--attach \S*second\.log: it could not be read while uploading \(ENOENT/);
    expect(result.stderr).not.toMatch(/network/);
    expect(result.exitCode).toBe(2);
    expect(sandbox.requests()).toEqual([]);
    // the first file was uploaded, then deleted again
    expect(sandbox.writes().filter((w) => w.path.startsWith('/api/v2/uploads')).map((w) => `${w.method} ${w.status}`)).toEqual(['POST 201', 'DELETE 204']);
    expect(sandbox.store.uploads.size).toBe(0);
  });

  it('keeps names with spaces, quotes and Unicode, and shows where a symlink points', async () => {
    sandbox = await startTestSandbox();
    const dir = tempDir();
    const odd = join(dir, `it's "quoted" – ünï 日本.log`);
    writeFileSync(odd, 'contents');
    const link = join(dir, 'latest.log');
    symlinkSync(odd, link);
    const dry = await runCliInProcess(['submit', ...fields, '--attach', link, '--dry-run'], { env: sandbox.env });
    expect(dry.stdout).toContain(`latest.log  8 B  text/plain  (${odd})`);
    const result = await runCliInProcess(['submit', ...fields, '--attach', odd, '--attach', link], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    const attachments = sandbox.requests()[0]!.comments[0]!.attachments;
    expect(attachments.map((a) => a.file_name)).toEqual([basename(odd)]); // the same file once
  });
});

describe('--debug', () => {
  it('logs each exchange with the Authorization header and every token redacted', async () => {
    sandbox = await startTestSandbox();
    const files = sampleAttachments();
    const result = await runCliInProcess(['--debug', 'submit', ...fields, '--attach', files.log], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/\[debug\] > POST \/api\/v2\/uploads\?filename=.* authorization: \[redacted\]/);
    expect(result.stderr).toMatch(/idempotency-key: \[redacted\]/);
    const secrets = [sandbox.account.apiToken, Buffer.from(`${sandbox.account.email}/token:${sandbox.account.apiToken}`).toString('base64'), ...[...sandbox.store.uploads.keys()]];
    for (const secret of secrets) expect(result.stderr).not.toContain(secret);
  });

  it('a retried delete of an upload is logged with its token redacted too', async () => {
    // the create is refused outright (413), so its upload is deleted; that delete is answered 503 once and tried again
    sandbox = await startTestSandbox({ faults: [parseFault('create=413:once'), parseFault('delete=503:once')] });
    const files = sampleAttachments();
    const result = await runCliInProcess(['--debug', 'submit', ...fields, '--attach', files.log], { env: sandbox.env });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/\[debug\] ! retrying DELETE \/api\/v2\/uploads\/\[redacted\]/);
    const deleted = sandbox.store.readJournal().filter((e) => e.method === 'DELETE').map((e) => e.path.split('/').pop()!);
    expect(deleted.length).toBe(2);
    for (const token of deleted) expect(result.stderr).not.toContain(token);
  });
});

describe('drafts', () => {
  it('--list-drafts shows what is saved, and --recover refuses a file that is not a draft', async () => {
    // a 503, then the same again once the request is found not to be there: exit 1
    const s = await withFaults('create=503-bare:2');
    const { XDG_STATE_HOME } = stateEnv();
    const env = { ...s.env, XDG_STATE_HOME };
    const failed = await runCliInProcess(['submit', ...fields], { env });
    expect(failed.exitCode).toBe(1);
    const listed = await runCliInProcess(['submit', '--list-drafts', '--json'], { env });
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ path: draftPath(failed.stderr), subject: 'Exports fail', severity: 'S1' })]);
    const notDraft = join(tempDir(), 'x.json');
    writeFileSync(notDraft, '{"hello": 1}');
    const refused = await runCliInProcess(['submit', '--recover', notDraft], { env });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/--recover \S+x\.json: is not a draft/);
  });
});

describe('recovering a draft', () => {
  it("keeps the draft's CCs over the config's default, and goes back to the draft's portal", async () => {
    const s = await withFaults('create=503-bare:2');
    const { XDG_STATE_HOME } = stateEnv();
    const home = tempDir('sigma-home-');
    const common = { XDG_STATE_HOME, HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
    const failed = await runCliInProcess(['submit', ...fields], { env: { ...s.env, ...common } });
    expect(failed.exitCode).toBe(1);
    expect((await runCliInProcess(['config', 'set', 'cc', 'team@example.com'], { env: common })).exitCode).toBe(0);
    // no SIGMA_SUPPORT_URL now: the draft knows its portal
    const { SIGMA_SUPPORT_URL: _url, ...credentials } = s.env;
    const recovered = await runCliInProcess(['submit', '--recover', draftPath(failed.stderr)!, '--json'], { env: { ...credentials, ...common } });
    expect(recovered.exitCode).toBe(0);
    expect(JSON.parse(recovered.stdout).cc).toEqual(['ana@example.com']);
    expect(s.requests()).toHaveLength(1);
  });
});
