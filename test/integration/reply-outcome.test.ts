// Exactly once, for replies: a reply whose answer is lost or unclear is looked for among the
// request's comments before anything is sent again, and its uploads are kept meanwhile.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseFault } from '../../src/sandbox/faults.js';
import { SEVERITY_FIELD_ID } from '../../src/sandbox/fixtures.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { tempDir } from '../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sandbox: TestSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** A sandbox holding one request of the account's, with the faults armed once it exists. */
async function withRequest(faults: string[]): Promise<{ s: TestSandbox; id: number }> {
  const s = (sandbox = await startTestSandbox());
  const auth = `Basic ${Buffer.from(`${s.account.email}/token:${s.account.apiToken}`).toString('base64')}`;
  const answer = await fetch(new URL('/api/v2/requests', s.url), {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify({ request: { subject: 'Exports fail', comment: { body: 'Error ID 5e1-77' }, custom_fields: [{ id: SEVERITY_FIELD_ID, value: 'sandbox_severity_medium' }] } }),
  });
  const id = ((await answer.json()) as { request: { id: number } }).request.id;
  for (const f of faults) s.faults.add(parseFault(f));
  return { s, id };
}

function logFile(): string {
  const path = join(tempDir(), 'log.txt');
  writeFileSync(path, 'ERROR at 09:00\n');
  return path;
}

const replies = (s: TestSandbox, id: number) => s.store.requests.get(id)!.comments.slice(1);
const puts = (s: TestSandbox) => s.writes().filter((w) => w.method === 'PUT');
const deletes = (s: TestSandbox) => s.writes().filter((w) => w.method === 'DELETE');

describe('a reply stored by the portal, then answered badly', () => {
  it.each(['stored-500', 'stored-html502', 'stored-503', 'stored-reset'])('%s: looked for and found, exit 0, exactly one comment, its upload kept', async (kind) => {
    const { s, id } = await withRequest([`update=${kind}:once`]);
    const result = await runCliInProcess(['requests', 'reply', String(id), '--message', 'Here is  the log', '--attach', logFile()], { env: s.env });
    expect(result.stderr).toMatch(/did not answer, but the reply is there: it was added once/);
    expect(result.exitCode).toBe(0);
    expect(replies(s, id).map((c) => c.body)).toEqual(['Here is  the log']);
    expect(replies(s, id)[0]!.attachments.map((a) => a.file_name)).toEqual(['log.txt']);
    expect(puts(s)).toHaveLength(1);
    expect(deletes(s)).toEqual([]);
  });

  it('stored-hang: the timeout after sending leaves it unknown; found, exit 0, one comment', async () => {
    const { s, id } = await withRequest(['update=stored-hang:once']);
    const result = await runCliInProcess(['requests', 'reply', String(id), '--message', 'Still broken', '--timeout', '1'], { env: s.env });
    expect(result.exitCode).toBe(0);
    expect(replies(s, id).map((c) => c.body)).toEqual(['Still broken']);
    expect(puts(s)).toHaveLength(1);
  });

  it('stored-500 and the comments unreadable: exit 5 "may have been added", nothing sent again, uploads kept', async () => {
    const { s, id } = await withRequest(['update=stored-500:once', 'comments=bad-json:always']);
    const result = await runCliInProcess(['requests', 'reply', String(id), '--message', 'Here is the log', '--attach', logFile()], { env: s.env });
    expect(result.exitCode).toBe(5);
    expect(result.stderr).toMatch(new RegExp(`the reply may have been added to request ${id}: .*looking for it failed`));
    expect(result.stderr).toContain(`sigma-support requests view ${id}`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(replies(s, id)).toHaveLength(1);
    expect(puts(s)).toHaveLength(1);
    expect(deletes(s)).toEqual([]);
  });
});

describe('a reply the portal failed without storing', () => {
  it('500 once: looked for, certainly absent, sent once more: exactly one comment, exit 0', async () => {
    const { s, id } = await withRequest(['update=500:once']);
    const result = await runCliInProcess(['requests', 'reply', String(id), '--message', 'Here is the log', '--attach', logFile()], { env: s.env });
    expect(result.exitCode).toBe(0);
    expect(replies(s, id).map((c) => c.body)).toEqual(['Here is the log']);
    expect(replies(s, id)[0]!.attachments.map((a) => a.file_name)).toEqual(['log.txt']);
    const comments = s.store.readJournal().filter((e) => e.method === 'GET' && e.path.startsWith(`/api/v2/requests/${id}/comments`));
    expect(comments.length).toBeGreaterThan(0);
    expect(puts(s)).toHaveLength(2);
  });

  it('500 every time: after the second try and a second look, exit 1 "not added", no comment', async () => {
    const { s, id } = await withRequest(['update=500:always']);
    const result = await runCliInProcess(['requests', 'reply', String(id), '--message', 'Here is the log'], { env: s.env });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/the reply is not among the request's comments, so it was not added/);
    expect(replies(s, id)).toEqual([]);
    expect(puts(s)).toHaveLength(2);
  });

  it('a comment of the same text added before this reply was sent is not taken for it', async () => {
    const { s, id } = await withRequest([]);
    const first = await runCliInProcess(['requests', 'reply', String(id), '--message', 'ping'], { env: s.env });
    expect(first.exitCode).toBe(0);
    const record = s.store.requests.get(id)!;
    record.comments[1]!.created_at = new Date(Date.now() - 60 * 60 * 1000).toISOString();
    s.store.saveRequest(record);
    s.faults.add(parseFault('update=500:once'));
    const second = await runCliInProcess(['requests', 'reply', String(id), '--message', 'ping'], { env: s.env });
    expect(second.exitCode).toBe(0);
    expect(replies(s, id).map((c) => c.body)).toEqual(['ping', 'ping']);
  });
});
