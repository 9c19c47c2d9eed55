// `requests reply` in scripts: --dry-run sends nothing, --json gives the result, and a closed request
// (closed before, or while the reply was being written) is explained with the follow-up command.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { tempDir } from '../helpers/files.js';
import { writeHar } from '../helpers/har.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sandbox: TestSandbox;
/** Set by a test: called when an upload starts (the request can be closed under the reply). */
let onUpload: (() => void) | undefined;
beforeAll(async () => {
  sandbox = await startTestSandbox({ onUploadStart: () => onUpload?.() });
});
afterAll(() => sandbox.close());

function files(): { har: string; log: string } {
  const dir = tempDir();
  const har = join(dir, 'session.har');
  writeHar(har, 2);
  const log = join(dir, 'app.log');
  writeFileSync(log, 'ERROR at 09:00\n');
  return { har, log };
}

describe('requests reply --dry-run', () => {
  it('shows the reply, the uploads and what the HAR scrub removed; nothing is uploaded or sent', async () => {
    const id = await sandbox.seed();
    const { har, log } = files();
    const writes = sandbox.writes().length;
    const result = await runCliInProcess(['requests', 'reply', String(id), '--message', 'Here is the HAR', '--attach', har, '--attach', log, '--dry-run'], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Dry run: nothing was sent.');
    expect(result.stdout).toContain(`Would add the reply to request #${id} with PUT ${sandbox.url.origin}/api/v2/requests/${id}:`);
    expect(result.stdout).toContain('"body": "Here is the HAR"');
    expect(result.stdout).toContain('"<upload token for session.har>"');
    expect(result.stdout).toMatch(/session\.har: HAR scrubbed before upload: removed \d+ cookies/);
    expect(sandbox.writes()).toHaveLength(writes);
    expect(sandbox.store.requests.get(id)!.comments).toHaveLength(1);
  });

  it('--json: one object with the request id, the uploads (the HAR at its scrubbed size) and the scrub counts', async () => {
    const id = await sandbox.seed();
    const { har } = files();
    const writes = sandbox.writes().length;
    const result = await runCliInProcess(['requests', 'reply', String(id), '--message', 'Here is the HAR', '--attach', har, '--dry-run', '--json'], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    const plan = JSON.parse(result.stdout);
    expect(plan).toMatchObject({ dryRun: true, portal: sandbox.url.origin, request_id: id, request: { request: { comment: { body: 'Here is the HAR', uploads: ['<upload token for session.har>'] } } } });
    expect(plan.uploads).toEqual([{ path: har, name: 'session.har', size: expect.any(Number), contentType: expect.any(String) }]);
    expect(plan.scrubbed[0]).toMatchObject({ name: 'session.har', removed: expect.objectContaining({ cookie: expect.any(Number) }) });
    expect(sandbox.writes()).toHaveLength(writes);
  });
});

describe('requests reply --json', () => {
  it('gives the request id, the id of the comment added, and the uploads', async () => {
    const id = await sandbox.seed();
    sandbox.setStatus(id, 'solved');
    const { log } = files();
    const result = await runCliInProcess(['requests', 'reply', String(id), '--message', 'Still broken', '--attach', log, '--json'], { env: { ...sandbox.env, CI: 'true' } });
    expect(result.exitCode).toBe(0);
    const comment = sandbox.store.requests.get(id)!.comments[1]!;
    expect(JSON.parse(result.stdout)).toEqual({
      request_id: id,
      url: `${sandbox.url.origin}/hc/en-us/requests/${id}`,
      status: 'open',
      comment_id: comment.id,
      reopened: true,
      uploads: [{ name: 'app.log', size: 15, contentType: expect.stringMatching(/^text\/plain/) }],
    });
    expect(comment.body).toBe('Still broken');
  });
});

describe('a closed request, in a script', () => {
  it('says it cannot be reopened, prints the follow-up command (with --portal when given), exits 1, sends nothing', async () => {
    const id = await sandbox.seed();
    sandbox.setStatus(id, 'closed');
    const { log } = files();
    const writes = sandbox.writes().length;
    const result = await runCliInProcess(['requests', 'reply', String(id), '--message', 'x', '--attach', log, '--portal', sandbox.url.origin], { env: sandbox.env });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`error: request ${id} is closed: a closed request cannot be reopened, so it takes no replies. Nothing was sent.`);
    expect(result.stderr.split('\n')).toContain(`  sigma-support submit --follow-up ${id} --portal ${sandbox.url.origin}`);
    expect(sandbox.writes()).toHaveLength(writes);
  });

  it('closed while the reply was being sent: the portal refuses it (422), and the same explanation follows; its upload is removed', async () => {
    const id = await sandbox.seed();
    const { log } = files();
    onUpload = () => sandbox.setStatus(id, 'closed');
    try {
      const result = await runCliInProcess(['requests', 'reply', String(id), '--message', 'x', '--attach', log], { env: sandbox.env });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(`request ${id} is closed: a closed request cannot be reopened`);
      expect(result.stderr.split('\n')).toContain(`  sigma-support submit --follow-up ${id}`);
    } finally {
      onUpload = undefined;
    }
    expect(sandbox.store.requests.get(id)!.comments).toHaveLength(1);
    const writes = sandbox.writes();
    expect(writes.filter((w) => w.method === 'PUT' && w.path === `/api/v2/requests/${id}`).map((w) => w.status)).toEqual([422]);
    expect(writes.at(-1)!.method).toBe('DELETE');
  });
});
