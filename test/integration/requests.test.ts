import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEVERITY_FIELD_ID } from '../../src/sandbox/fixtures.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleAttachments, sha256, sha256File, tempDir } from '../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sandbox: TestSandbox;
const auth = () => `Basic ${Buffer.from(`${sandbox.account.email}/token:${sandbox.account.apiToken}`).toString('base64')}`;

/** Files requests straight through the API, as fast as the sandbox takes them. */
async function seed(count: number, tag = 'sandbox_severity_medium'): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i += 10) {
    const batch = Array.from({ length: Math.min(10, count - i) }, (_, j) =>
      fetch(new URL('/api/v2/requests', sandbox.url), {
        method: 'POST',
        headers: { authorization: auth(), 'content-type': 'application/json' },
        body: JSON.stringify({ request: { subject: `Seeded request ${i + j + 1}`, comment: { body: `First comment of ${i + j + 1}` }, custom_fields: [{ id: SEVERITY_FIELD_ID, value: tag }] } }),
      }).then(async (r) => ((await r.json()) as { request: { id: number } }).request.id),
    );
    ids.push(...(await Promise.all(batch)));
  }
  return ids;
}

function setStatus(id: number, status: 'solved' | 'closed'): void {
  const record = sandbox.store.requests.get(id)!;
  sandbox.store.saveRequest({ ...record, status });
}

beforeAll(async () => {
  sandbox = await startTestSandbox({ rateLimitPerMinute: 10_000 });
  await seed(130);
});
afterAll(() => sandbox.close());

describe('requests list', () => {
  it('follows the pages: --limit 200 returns all 130', async () => {
    const before = sandbox.store.readJournal().length;
    const result = await runCliInProcess(['requests', 'list', '--limit', '200', '--json'], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    const items = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    expect(items).toHaveLength(130);
    expect(new Set(items.map((i) => i.id)).size).toBe(130);
    expect(items[0]).toEqual({
      id: expect.any(Number),
      subject: expect.stringMatching(/^Seeded request/),
      status: 'new',
      severity: 'S2',
      created_at: expect.any(String),
      updated_at: expect.any(String),
      url: `${sandbox.url.origin}/hc/en-us/requests/${items[0]!.id}`,
    });
    const pages = sandbox.store.readJournal().slice(before).filter((e) => e.path.startsWith('/api/v2/requests?'));
    expect(pages).toHaveLength(2);
    expect(pages[1]!.path).toContain('page=2');
  });

  it('shows 30 by default, tab-separated off a terminal', async () => {
    const result = await runCliInProcess(['requests', 'list'], { env: sandbox.env });
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(30);
    expect(lines[0]).toMatch(/^\d+\tnew\tS2\t\d{4}-\d\d-\d\dT[^\t]+\tSeeded request \d+$/);
  });

  it('filters by status', async () => {
    const [id] = await seed(1);
    setStatus(id!, 'solved');
    const solved = JSON.parse((await runCliInProcess(['requests', 'list', '--status', 'solved', '--json'], { env: sandbox.env })).stdout) as Array<{ id: number }>;
    expect(solved.map((r) => r.id)).toEqual([id]);
  });
});

describe('requests view', () => {
  it('shows the request and its first comment', async () => {
    const [id] = await seed(1, 'sandbox_severity_high');
    const result = await runCliInProcess(['requests', 'view', String(id), '--comments'], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`#${id} Seeded request 1`));
    expect(result.stdout).toMatch(/Severity +S1 \(high\)/);
    expect(result.stdout).toContain('── you, ');
    expect(result.stdout).toContain('First comment of 1');
    const json = JSON.parse((await runCliInProcess(['requests', 'view', String(id), '--json'], { env: sandbox.env })).stdout);
    expect(json).toMatchObject({ id, severity: 'S1', url: `${sandbox.url.origin}/hc/en-us/requests/${id}` });
    expect(json.comments[0].body).toBe('First comment of 1');
  });

  it('an unknown id is a clear error with exit 1', async () => {
    const result = await runCliInProcess(['requests', 'view', '99999'], { env: sandbox.env });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`error: request 99999 not found on ${sandbox.url.origin}`);
  });

  it('--web prints the page where no browser can open', async () => {
    const [id] = await seed(1);
    const result = await runCliInProcess(['requests', 'view', String(id), '--web'], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe(`${sandbox.url.origin}/hc/en-us/requests/${id}`);
  });

  it('the page is in the Help Center language of the portal URL (/hc/<locale>/), else of the config', async () => {
    const [id] = await seed(1);
    const fromUrl = await runCliInProcess(['requests', 'view', String(id), '--web'], { env: { ...sandbox.env, SIGMA_SUPPORT_URL: `${sandbox.url.origin}/hc/pt-br/` } });
    expect(fromUrl.exitCode).toBe(0);
    expect(fromUrl.stdout.trim()).toBe(`${sandbox.url.origin}/hc/pt-br/requests/${id}`);
    const env = { ...sandbox.env, SIGMA_SUPPORT_LOCALE: 'de' };
    const listed = JSON.parse((await runCliInProcess(['requests', 'list', '--json'], { env })).stdout);
    expect(listed.find((r: { id: number }) => r.id === id).url).toBe(`${sandbox.url.origin}/hc/de/requests/${id}`);
  });
});

describe('requests reply', () => {
  it('adds exactly one comment, whose attachment bytes match', async () => {
    const [id] = await seed(1);
    const files = sampleAttachments();
    const result = await runCliInProcess(['requests', 'reply', String(id), '--message', 'Here is the heap snapshot', '--attach', files.binary], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`Replied to request #${id} with 1 attachment.`);
    const comments = sandbox.store.requests.get(id!)!.comments;
    expect(comments).toHaveLength(2);
    expect(comments[1]!.body).toBe('Here is the heap snapshot');
    const [attachment] = comments[1]!.attachments;
    expect(sha256(sandbox.storedBytes(attachment!.stored_as))).toBe(sha256File(files.binary));
  });

  it('says when a reply reopens a solved request', async () => {
    const [id] = await seed(1);
    setStatus(id!, 'solved');
    const result = await runCliInProcess(['requests', 'reply', String(id), '--message-file', '-'], { env: sandbox.env, input: 'Still broken\n' });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('It was solved: your reply reopens it.');
    expect(sandbox.store.requests.get(id!)!.status).toBe('open');
  });

  it('refuses a closed request and gives the follow-up command, sending nothing', async () => {
    const [id] = await seed(1);
    setStatus(id!, 'closed');
    const files = sampleAttachments();
    const writes = sandbox.writes().length;
    const result = await runCliInProcess(['requests', 'reply', String(id), '--message', 'x', '--attach', files.log], { env: sandbox.env });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`request ${id} is closed: a closed request cannot be reopened, so it takes no replies\\. Nothing was sent\\.\\nFile a follow-up instead, a new request linked to #${id} \\(its subject is pre-filled\\):\\n  sigma-support submit --follow-up ${id}`));
    expect(sandbox.writes()).toHaveLength(writes);
  });

  it('flag mistakes are found before the portal is asked, and a message file must be UTF-8', async () => {
    const noCredentials = await runCliInProcess(['requests', 'reply', '3']);
    expect(noCredentials.exitCode).toBe(2);
    expect(noCredentials.stderr).toMatch(/missing --message/);
    const editor = await runCliInProcess(['requests', 'reply', '3', '--editor'], { env: sandbox.env });
    expect(editor.exitCode).toBe(2);
    expect(editor.stderr).toMatch(/--editor needs a terminal/);
    const [id] = await seed(1);
    const latin1 = join(tempDir(), 'reply.txt');
    writeFileSync(latin1, Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    const writes = sandbox.writes().length;
    const bad = await runCliInProcess(['requests', 'reply', String(id), '--message-file', latin1], { env: sandbox.env });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--message-file \S+reply\.txt: is not valid UTF-8 text/);
    expect(sandbox.writes()).toHaveLength(writes);
  });

  it('an unknown id, and a missing message, are clear errors', async () => {
    const unknown = await runCliInProcess(['requests', 'reply', '99999', '--message', 'x'], { env: sandbox.env });
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain(`request 99999 not found on ${sandbox.url.origin}`);
    const [id] = await seed(1);
    const none = await runCliInProcess(['requests', 'reply', String(id)], { env: sandbox.env });
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toMatch(/missing --message/);
  });
});

describe('requests list, Severity as the system Priority field', () => {
  let prioritySandbox: TestSandbox;
  beforeAll(async () => {
    prioritySandbox = await startTestSandbox({ formSetup: { severityAs: 'priority' } });
  });
  afterAll(() => prioritySandbox.close());

  it('reads each severity from the request priority (kept of each page with what the list shows)', async () => {
    const filed = await runCliInProcess(['submit', '--subject', 'Listed by priority', '--description', 'd', '--severity', 'S1', '--no-input', '--json'], { env: prioritySandbox.env });
    expect(filed.exitCode).toBe(0);
    const { id } = JSON.parse(filed.stdout) as { id: number };
    const json = await runCliInProcess(['requests', 'list', '--json'], { env: prioritySandbox.env });
    expect(json.exitCode).toBe(0);
    expect((JSON.parse(json.stdout) as Array<Record<string, unknown>>).find((r) => r.id === id)).toMatchObject({ subject: 'Listed by priority', severity: 'S1' });
    const text = await runCliInProcess(['requests', 'list'], { env: prioritySandbox.env });
    expect(text.stdout.split('\n').find((line) => line.startsWith(`${id}\t`))).toMatch(/^\d+\t\S+\tS1\t/);
  });
});
