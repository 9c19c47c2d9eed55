import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEVERITY_FIELD_ID } from '../../src/sandbox/fixtures.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { tempDir } from '../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const ORGANIZATION_FIELD_ID = 48151630000;
let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

async function file(extra: Array<{ id: number; value: string }> = []): Promise<number> {
  const auth = `Basic ${Buffer.from(`${sandbox.account.email}/token:${sandbox.account.apiToken}`).toString('base64')}`;
  const answer = await fetch(new URL('/api/v2/requests', sandbox.url), {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify({ request: { subject: 'Exports stuck', comment: { body: 'Exports stay queued' }, custom_fields: [{ id: SEVERITY_FIELD_ID, value: 'sandbox_severity_medium' }, ...extra] } }),
  });
  return ((await answer.json()) as { request: { id: number } }).request.id;
}

function setStatus(id: number, status: 'open' | 'solved' | 'closed'): void {
  sandbox.store.saveRequest({ ...sandbox.store.requests.get(id)!, status });
}

describe('requests solve', () => {
  it('marks a request Support has taken as solved, once', async () => {
    const id = await file();
    setStatus(id, 'open');
    const result = await runCliInProcess(['requests', 'solve', String(id)], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`Request #${id} marked solved: Exports stuck`);
    expect(sandbox.store.requests.get(id)!.status).toBe('solved');
    const writes = sandbox.writes().length;
    const again = await runCliInProcess(['requests', 'solve', String(id), '--json'], { env: sandbox.env });
    expect(again.exitCode).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ id, status: 'solved' });
    expect(sandbox.writes()).toHaveLength(writes); // nothing sent for a request already solved
  });

  it('explains when the portal does not allow it (a new request), and sends nothing', async () => {
    const id = await file();
    const writes = sandbox.writes().length;
    const result = await runCliInProcess(['requests', 'solve', String(id)], { env: sandbox.env });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`error: the portal does not let you mark request #${id} solved (it is new)`);
    expect(result.stderr).toContain('once Sigma Support has taken it');
    expect(sandbox.store.requests.get(id)!.status).toBe('new');
    expect(sandbox.writes()).toHaveLength(writes);
  });

  it('a closed request cannot be changed: it says so and offers a follow-up; an unknown id is a clear error', async () => {
    const id = await file();
    setStatus(id, 'closed');
    const closed = await runCliInProcess(['requests', 'solve', String(id)], { env: sandbox.env });
    expect(closed.exitCode).toBe(1);
    expect(closed.stderr).toContain(`request #${id} is closed`);
    expect(closed.stderr).toContain(`sigma-support submit --follow-up ${id}`);
    const unknown = await runCliInProcess(['requests', 'solve', '99999'], { env: sandbox.env });
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain('request 99999 not found');
  });
});

describe('requests view shows the form and the files', () => {
  it("lists the form's other fields by their portal titles, and each attachment with its size", async () => {
    const id = await file([{ id: ORGANIZATION_FIELD_ID, value: 'acme-analytics' }]);
    const log = join(tempDir(), 'worker.log');
    writeFileSync(log, 'x'.repeat(2048));
    expect((await runCliInProcess(['requests', 'reply', String(id), '--message', 'Logs attached', '--attach', log], { env: sandbox.env })).exitCode).toBe(0);
    const result = await runCliInProcess(['requests', 'view', String(id), '--no-comments'], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/Severity +S2 \(medium\)/);
    expect(result.stdout).toMatch(/Organization \(optional\) *acme-analytics/);
    const json = JSON.parse((await runCliInProcess(['requests', 'view', String(id), '--json'], { env: sandbox.env })).stdout);
    expect(json.form_fields).toEqual([{ id: ORGANIZATION_FIELD_ID, title: 'Organization (optional)', value: 'acme-analytics' }]);
    const withFiles = await runCliInProcess(['requests', 'view', String(id), '--comments'], { env: sandbox.env });
    expect(withFiles.stdout).toMatch(/Files +worker\.log \(2\.05 kB\)/);
  });
});
