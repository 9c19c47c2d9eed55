// `submit --follow-up <id>`: a new request linked to a closed one (via_followup_source_id), filed
// through submit's own create path; `requests view` names the link.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, afterEach, describe, expect, it } from 'vitest';
import { parseFault } from '../../src/sandbox/faults.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { tempDir } from '../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sandbox: TestSandbox;
/** Set by a test: called when an upload starts. */
let onUpload: (() => void) | undefined;
beforeAll(async () => {
  sandbox = await startTestSandbox({ onUploadStart: () => onUpload?.() });
});
afterAll(() => sandbox.close());
afterEach(() => {
  onUpload = undefined;
  sandbox.faults.clear();
});

async function closedRequest(subject = 'Exports fail every night'): Promise<number> {
  const id = await sandbox.seed(subject);
  sandbox.setStatus(id, 'closed');
  return id;
}

const flags = ['--description', 'It is back since the upgrade', '--severity', 'S2'];

describe('submit --follow-up', () => {
  it('files a new request linked to the closed one, its subject pre-filled from it', async () => {
    const source = await closedRequest();
    const result = await runCliInProcess(['submit', '--follow-up', String(source), ...flags, '--json'], { env: sandbox.env });
    expect(result.stderr).toBe('Creating the request');
    expect(result.exitCode).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out).toMatchObject({ subject: 'Exports fail every night', follow_up_of: source, warnings: [] });
    const stored = sandbox.store.requests.get(out.id)!;
    expect(stored).toMatchObject({ subject: 'Exports fail every night', description: 'It is back since the upgrade', followup_source_id: source });
  });

  it('--subject overrides the pre-filled one; the text result names the link', async () => {
    const source = await closedRequest();
    const result = await runCliInProcess(['submit', '--follow-up', `#${source}`, '--subject', 'Exports fail again', ...flags], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`It follows up on request #${source}.`);
    expect(sandbox.requests().at(-1)).toMatchObject({ subject: 'Exports fail again', followup_source_id: source });
  });

  it('--dry-run shows via_followup_source_id in the body, and sends nothing', async () => {
    const source = await closedRequest();
    const writes = sandbox.writes().length;
    const result = await runCliInProcess(['submit', '--follow-up', String(source), ...flags, '--dry-run', '--json'], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).request.request).toMatchObject({ subject: 'Exports fail every night', via_followup_source_id: source });
    expect(sandbox.writes()).toHaveLength(writes);
  });

  it('a request that is not closed: reply to it instead, exit 2, nothing sent', async () => {
    const open = await sandbox.seed();
    sandbox.setStatus(open, 'solved');
    const writes = sandbox.writes().length;
    const result = await runCliInProcess(['submit', '--follow-up', String(open), ...flags], { env: sandbox.env });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`--follow-up: request ${open} is solved, not closed: a follow-up is only for a closed request. Nothing was sent.`);
    expect(result.stderr).toContain(`sigma-support requests reply ${open}`);
    expect(sandbox.writes()).toHaveLength(writes);
  });

  it('an unknown request is exit 1; an id that is not a request number is exit 2; neither sends anything', async () => {
    const writes = sandbox.writes().length;
    const unknown = await runCliInProcess(['submit', '--follow-up', '99999', ...flags], { env: sandbox.env });
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain(`--follow-up: request 99999 not found on ${sandbox.url.origin}`);
    for (const bad of ['0', '-3', '1.5', '1e3', 'abc', '']) {
      const result = await runCliInProcess(['submit', `--follow-up=${bad}`, ...flags], { env: sandbox.env });
      expect(result.exitCode, bad).toBe(2);
      expect(result.stderr).toContain('give a request number, such as 33');
    }
    expect(sandbox.writes()).toHaveLength(writes);
  });

  it('cannot go to the browser form, which has no way to carry the link', async () => {
    const result = await runCliInProcess(['submit', '--follow-up', '3', '--subject', 's', '--web'], { env: sandbox.env });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--follow-up cannot be used with --web');
  });

  it('exactly once: a follow-up stored then answered badly is looked up, not filed twice', async () => {
    const source = await closedRequest();
    sandbox.faults.add(parseFault('create=stored-500:once'));
    const before = sandbox.requests().length;
    const result = await runCliInProcess(['submit', '--follow-up', String(source), ...flags, '--json'], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('the request is there: it was filed once');
    expect(sandbox.requests()).toHaveLength(before + 1);
    expect(sandbox.requests().at(-1)).toMatchObject({ followup_source_id: source });
  });

  it('a failed follow-up keeps its link in the draft, and --recover files it linked', async () => {
    const source = await closedRequest();
    const home = tempDir('home-');
    const env = { ...sandbox.env, HOME: home };
    sandbox.faults.add(parseFault('create=500:always'));
    // a description of its own: the lookup after the failure must not find an earlier test's request
    const failed = await runCliInProcess(['submit', '--follow-up', String(source), '--description', 'Back after the draft', '--severity', 'S2', '--retries', '0'], { env });
    sandbox.faults.clear();
    expect(failed.exitCode, failed.stderr).toBe(1);
    const dir = join(home, '.local', 'state', 'sigma-support', 'drafts');
    const [file] = readdirSync(dir).filter((n) => n.endsWith('.json'));
    expect(JSON.parse(readFileSync(join(dir, file!), 'utf8'))).toMatchObject({ followUp: source, fields: { subject: 'Exports fail every night' } });
    expect((await runCliInProcess(['drafts', 'show', join(dir, file!)], { env })).stdout).toMatch(new RegExp(`Follow-up: +of closed request #${source}`));
    const recovered = await runCliInProcess(['submit', '--recover', join(dir, file!), '--json'], { env });
    expect(recovered.exitCode).toBe(0);
    expect(sandbox.requests().at(-1)).toMatchObject({ followup_source_id: source, description: 'Back after the draft' });
  });

  it('reopened before the create: the portal ignores the link, as Zendesk does, and the CLI warns', async () => {
    const source = await closedRequest();
    const log = join(tempDir(), 'app.log');
    writeFileSync(log, 'ERROR\n');
    onUpload = () => sandbox.setStatus(source, 'open');
    const result = await runCliInProcess(['submit', '--follow-up', String(source), ...flags, '--attach', log, '--json'], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.warnings).toEqual([`the portal did not link request #${out.id} to request #${source}: mention #${source} in a reply so Support can find it.`]);
    expect(sandbox.store.requests.get(out.id)!.followup_source_id).toBeUndefined();
  });
});

describe('requests view of a follow-up', () => {
  it('names the closed request it is linked to', async () => {
    const source = await closedRequest();
    const filed = JSON.parse((await runCliInProcess(['submit', '--follow-up', String(source), ...flags, '--json'], { env: sandbox.env })).stdout);
    const text = await runCliInProcess(['requests', 'view', String(filed.id)], { env: sandbox.env });
    expect(text.stdout).toMatch(new RegExp(`Follow-up +of request #${source}`));
    const json = JSON.parse((await runCliInProcess(['requests', 'view', String(filed.id), '--json'], { env: sandbox.env })).stdout);
    expect(json.followup_source_id).toBe(source);
    const plain = await runCliInProcess(['requests', 'view', String(source)], { env: sandbox.env });
    expect(plain.stdout).not.toContain('Follow-up');
  });
});
