// `sigma-support drafts`: listing, showing and deleting the drafts failed submits keep, and the
// expiry of old ones, which never touches a draft whose create was sent or that a run holds.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFault } from '../../src/sandbox/faults.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { tempDir } from '../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sandbox: TestSandbox;
beforeAll(async () => {
  // the credential check gets an answer it cannot read: each submit exits 1 with a draft, before any create
  sandbox = await startTestSandbox({ faults: [parseFault('list=bad-json:always')] });
});
afterAll(() => sandbox.close());

const DAY = 24 * 60 * 60 * 1000;
const dirOf = (state: string) => join(state, 'sigma-support', 'drafts');
const draftFiles = (state: string) => (existsSync(dirOf(state)) ? readdirSync(dirOf(state)).filter((n) => n.endsWith('.json')).sort() : []);

/** A failed submit: returns the path of the draft it kept. */
async function failedSubmit(env: Record<string, string>, subject: string): Promise<string> {
  const result = await runCliInProcess(['submit', '--subject', subject, '--description', `About ${subject}`, '--severity', 'S2', '--retries', '0'], { env });
  expect(result.exitCode).toBe(1);
  return /sigma-support submit --recover (\S+)/.exec(result.stderr)![1]!;
}

/** Changes a draft as time and other runs would have: saved long ago, a create sent. */
function age(path: string, days: number, extra: Record<string, unknown> = {}): void {
  const draft = JSON.parse(readFileSync(path, 'utf8'));
  writeFileSync(path, JSON.stringify({ ...draft, savedAt: new Date(Date.now() - days * DAY).toISOString(), ...extra }));
}

const idOf = (path: string) => /-([0-9a-f]{8})\.json$/.exec(path)![1]!;

describe('drafts list, show and delete', () => {
  it('list names each draft by id; show prints it whole; delete removes it; submit --list-drafts and --recover <id> still work', async () => {
    const state = tempDir('sigma-state-');
    const env = { ...sandbox.env, XDG_STATE_HOME: state };
    const path = await failedSubmit(env, 'Exports fail');
    const id = idOf(path);

    const listed = await runCliInProcess(['drafts', 'list'], { env });
    expect(listed.exitCode).toBe(0);
    expect(listed.stdout).toContain(`${id}  S2  Exports fail\n`);
    expect(listed.stdout).toContain(path);
    const json = JSON.parse((await runCliInProcess(['drafts', 'list', '--json'], { env })).stdout);
    expect(json).toEqual([expect.objectContaining({ id, path, subject: 'Exports fail', severity: 'S2', mayExist: false, old: false })]);
    const alias = JSON.parse((await runCliInProcess(['submit', '--list-drafts', '--json'], { env })).stdout);
    expect(alias).toEqual(json);

    const shown = await runCliInProcess(['drafts', 'show', id], { env });
    expect(shown.exitCode).toBe(0);
    expect(shown.stdout).toMatch(/Subject: +Exports fail/);
    expect(shown.stdout).toMatch(/Severity: +S2/);
    expect(shown.stdout).toContain('Description:\n  About Exports fail');
    const shownJson = JSON.parse((await runCliInProcess(['drafts', 'show', path, '--json'], { env })).stdout);
    expect(shownJson).toMatchObject({ id, path, fields: { subject: 'Exports fail', description: 'About Exports fail' } });
    expect(shownJson).not.toHaveProperty('idempotencyKey');

    // --recover takes the id too (here against a portal that works, with the same account)
    const working = await startTestSandbox();
    try {
      const recovered = await runCliInProcess(['submit', '--recover', id, '--portal', working.url.origin], { env });
      expect(recovered.exitCode).toBe(0);
      expect(working.requests().map((r) => r.subject)).toEqual(['Exports fail']);
      expect(draftFiles(state)).toEqual([]);
    } finally {
      await working.close();
    }
    await failedSubmit(env, 'Exports fail');
    const [again] = draftFiles(state);
    const id2 = idOf(again!);
    const deleted = await runCliInProcess(['drafts', 'delete', id2], { env });
    expect(deleted.exitCode).toBe(0);
    expect(deleted.stderr).toContain(`Deleted the draft ${id2}`);
    expect(draftFiles(state)).toEqual([]);
    const gone = await runCliInProcess(['drafts', 'show', id2], { env });
    expect(gone.exitCode).toBe(2);
    expect(gone.stderr).toContain(`drafts show ${id2}: no such draft`);
  });

  it('delete refuses a draft whose create was sent (off a terminal, without --yes) and one a run holds', async () => {
    const state = tempDir('sigma-state-');
    const env = { ...sandbox.env, XDG_STATE_HOME: state };
    const sent = await failedSubmit(env, 'Sent once');
    age(sent, 0, { createSentAt: new Date().toISOString() });
    const refused = await runCliInProcess(['drafts', 'delete', idOf(sent)], { env });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/a create was sent for the draft \w+ .*the request may exist/);
    expect(existsSync(sent)).toBe(true);
    expect(existsSync(`${sent}.lock`)).toBe(false);
    expect((await runCliInProcess(['drafts', 'delete', idOf(sent), '--yes'], { env })).exitCode).toBe(0);
    expect(existsSync(sent)).toBe(false);

    const held = await failedSubmit(env, 'In use');
    writeFileSync(`${held}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
    const busy = await runCliInProcess(['drafts', 'delete', idOf(held)], { env });
    expect(busy.exitCode).toBe(2);
    expect(busy.stderr).toContain(`is in use by sigma-support process ${process.pid}`);
    expect(existsSync(held)).toBe(true);
  });
});

describe('drafts older than 30 days', () => {
  it('are deleted when drafts are listed, said once; never one whose create was sent, nor one a run holds', async () => {
    const state = tempDir('sigma-state-');
    const env = { ...sandbox.env, XDG_STATE_HOME: state };
    const [plain, sent, held, fresh] = [await failedSubmit(env, 'Old plain'), await failedSubmit(env, 'Old sent'), await failedSubmit(env, 'Old held'), await failedSubmit(env, 'Fresh')];
    age(plain, 31);
    age(sent, 45, { createSentAt: new Date(Date.now() - 45 * DAY).toISOString() });
    age(held, 31);
    writeFileSync(`${held}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
    age(fresh, 29);

    const first = await runCliInProcess(['drafts', 'list'], { env });
    expect(first.exitCode).toBe(0);
    expect(first.stderr).toContain('Deleted 1 draft saved more than 30 days ago.');
    expect(existsSync(plain)).toBe(false);
    expect([sent, held, fresh].every((p) => existsSync(p))).toBe(true);
    expect(first.stdout).toContain('older than 30 days, kept: a create was sent, so the request may exist');
    expect(first.stdout).toContain('older than 30 days, kept: a run is using it');
    expect(first.stdout).not.toContain('Old plain');

    const second = await runCliInProcess(['drafts', 'list', '--json'], { env });
    expect(second.stderr).not.toContain('Deleted');
    expect(JSON.parse(second.stdout).map((d: { subject: string; old: boolean }) => [d.subject, d.old])).toEqual([
      ['Old sent', true],
      ['Old held', true],
      ['Fresh', false],
    ]);
  });

  it('are deleted when a draft is saved, and the old ones kept are named', async () => {
    const state = tempDir('sigma-state-');
    const env = { ...sandbox.env, XDG_STATE_HOME: state };
    const plain = await failedSubmit(env, 'Old plain');
    const sent = await failedSubmit(env, 'Old sent');
    age(plain, 40);
    age(sent, 40, { createSentAt: new Date(Date.now() - 40 * DAY).toISOString() });
    const result = await runCliInProcess(['--profile', 'staging', 'submit', '--subject', 'New one', '--description', 'x', '--severity', 'S3', '--retries', '0'], { env });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Deleted 1 draft saved more than 30 days ago.');
    expect(result.stderr).toContain(`The draft ${idOf(sent)} is older than 30 days but was kept: a create was sent, so the request may exist. \`sigma-support --profile staging submit --recover ${idOf(sent)}\` settles it`);
    expect(existsSync(plain)).toBe(false);
    expect(existsSync(sent)).toBe(true);
    expect(draftFiles(state)).toHaveLength(2);
  });
});

describe('a description read from standard input (--description-file -) is kept like typed text', () => {
  const STDIN_TEXT = 'Exports stop at 10k rows.\nError ID 9f3e-41, only this copy of it.\n';
  const draftOf = (stderr: string) => JSON.parse(readFileSync(/--recover (\S+\.json)/.exec(stderr)![1]!, 'utf8'));

  it('when the run is refused after reading it (exit 2): in a draft, nothing sent', async () => {
    const clean = await startTestSandbox();
    try {
      const env = { ...clean.env, XDG_STATE_HOME: tempDir('sigma-state-') };
      const result = await runCliInProcess(['submit', '--subject', 'From stdin', '--description-file', '-', '--no-input'], { env, input: STDIN_TEXT });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain('--severity');
      expect(draftOf(result.stderr).fields.description).toBe(STDIN_TEXT);
      expect(clean.writes()).toEqual([]);
    } finally {
      await clean.close();
    }
  });
});
