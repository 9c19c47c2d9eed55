// Exactly once: a create whose answer is lost or unclear is looked up, never filed twice, and a
// draft written before the create survives anything that happens to the process.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FaultPlan, parseFault } from '../../src/sandbox/faults.js';
import { runCli, startCli } from '../helpers/cli.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { sha256, sha256File, tempDir } from '../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sandbox: TestSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function withFaults(faults: string[], options: { throttleBytesPerSecond?: number } = {}): Promise<TestSandbox> {
  sandbox = await startTestSandbox({ faults: faults.map(parseFault), ...options });
  return sandbox;
}

const fields = ['--subject', 'Exports fail', '--description', 'Error ID 5e1-77', '--severity', 'S1'];
const draftsIn = (state: string) => join(state, 'sigma-support', 'drafts');
const draftPath = (stderr: string) => /sigma-support submit --recover (\S+)/.exec(stderr)?.[1];
const drafts = (state: string) => (existsSync(draftsIn(state)) ? readdirSync(draftsIn(state)).filter((n) => n.endsWith('.json')) : []);

/** Waits for something the test cannot be told about otherwise (a file, a stored request). */
async function until(what: string, done: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * For the next run: its first list of requests (the credential check) works, every later one (the
 * lookup of the request) fails with 500.
 */
function failLookups(s: TestSandbox): void {
  const take = FaultPlan.prototype.take.bind(s.faults);
  let lists = 0;
  s.faults.take = (target) => (target === 'list' && ++lists > 1 ? '500' : take(target));
}

function logFile(dir: string, text: string): string {
  const path = join(dir, 'log.txt');
  writeFileSync(path, text);
  return path;
}

describe('a create stored by the portal, then answered with an error', () => {
  it.each(['stored-500', 'stored-html502', 'stored-503'])('%s: looked up and found, exit 0, exactly one request, its upload kept', async (kind) => {
    const s = await withFaults([`create=${kind}:once`]);
    const state = tempDir('sigma-state-');
    const file = logFile(tempDir(), 'ERROR at 09:00\n');
    const result = await runCliInProcess(['submit', ...fields, '--attach', file, '--json'], { env: { ...s.env, XDG_STATE_HOME: state } });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/did not answer the create, but the request is there: it was filed once/);
    expect(s.requests()).toHaveLength(1);
    expect(JSON.parse(result.stdout).id).toBe(s.requests()[0]!.id);
    // the token the request uses was not deleted: the file is attached
    expect(s.requests()[0]!.comments[0]!.attachments.map((a) => a.file_name)).toEqual(['log.txt']);
    expect(s.writes().filter((w) => w.method === 'DELETE')).toEqual([]);
    expect(s.writes().filter((w) => w.path === '/api/v2/requests')).toHaveLength(1);
    expect(drafts(state)).toEqual([]);
  });

  it('stored-500 and the lookup failing: exit 5, the draft kept, nothing sent again; --recover finds it and files nothing', async () => {
    const s = await withFaults(['create=stored-500:once']);
    failLookups(s);
    const state = tempDir('sigma-state-');
    const env = { ...s.env, XDG_STATE_HOME: state };
    const result = await runCliInProcess(['submit', ...fields, '--retries', '0'], { env });
    expect(result.exitCode).toBe(5);
    expect(result.stderr).toMatch(/the request may have been created/);
    expect(s.requests()).toHaveLength(1);
    expect(s.writes().filter((w) => w.path === '/api/v2/requests')).toHaveLength(1);
    const path = draftPath(result.stderr)!;
    const draft = JSON.parse(readFileSync(path, 'utf8'));
    expect(draft.createSentAt).toEqual(expect.any(String));
    expect(draft.idempotencyKey).toBe(s.requests()[0]!.idempotency_key);

    s.faults.take = FaultPlan.prototype.take.bind(s.faults);
    const recovered = await runCliInProcess(['submit', '--recover', path, '--json'], { env });
    expect(recovered.exitCode).toBe(0);
    expect(recovered.stderr).toMatch(/the request is there: it was filed once/);
    expect(s.requests()).toHaveLength(1);
    expect(JSON.parse(recovered.stdout).id).toBe(s.requests()[0]!.id);
    expect(existsSync(path)).toBe(false);
  });

  it('--recover sends nothing while the lookup of the earlier create fails', async () => {
    const s = await withFaults(['create=stored-500:once']);
    failLookups(s);
    const state = tempDir('sigma-state-');
    const env = { ...s.env, XDG_STATE_HOME: state };
    const path = draftPath((await runCliInProcess(['submit', ...fields, '--retries', '0'], { env })).stderr)!;
    const writes = s.writes().length;
    failLookups(s);
    const again = await runCliInProcess(['submit', '--recover', path, '--retries', '0'], { env });
    expect(again.exitCode).toBe(5);
    expect(s.writes()).toHaveLength(writes);
    expect(s.requests()).toHaveLength(1);
    expect(existsSync(path)).toBe(true);
  });
});

describe('exit code 5', () => {
  it('is documented by `help exit-codes`', async () => {
    const help = await runCliInProcess(['help', 'exit-codes']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/^ {2}5 {3}the request may have been created: .*--recover/m);
  });
});

describe('kill -9 during the create', () => {
  it.each([
    ['stored-hang', 'the portal stored it', /the request is there: it was filed once/],
    ['hang', 'the portal never got it', /Request #\d+ filed/],
  ])('%s (%s): the draft was written before; --recover files it exactly once', async (kind, _what, message) => {
    const s = await withFaults([`create=${kind}:once`]);
    const state = tempDir('sigma-state-');
    const env = { ...s.env, XDG_STATE_HOME: state };
    const child = startCli(['submit', ...fields], { env });
    await until('the create to reach the sandbox', () => s.store.readJournal().some((e) => e.method === 'POST' && e.path === '/api/v2/requests'));
    child.kill('SIGKILL');
    await child;
    const [name] = drafts(state);
    expect(name).toBeDefined();
    const path = join(draftsIn(state), name!);
    const draft = JSON.parse(readFileSync(path, 'utf8'));
    expect(draft).toMatchObject({ fields: { subject: 'Exports fail', severity: 'S1' }, createSentAt: expect.any(String) });

    const recovered = await runCliInProcess(['submit', '--recover', path], { env });
    expect(recovered.exitCode).toBe(0);
    expect(recovered.stderr + recovered.stdout).toMatch(message);
    expect(s.requests()).toHaveLength(1);
    expect(existsSync(path)).toBe(false);
  });
});

describe('a recovered draft whose fields were changed', () => {
  it('is looked up by what the earlier create carried, so another --description does not file it twice', async () => {
    const s = await withFaults(['create=stored-hang:once']);
    const state = tempDir('sigma-state-');
    const env = { ...s.env, XDG_STATE_HOME: state };
    const child = startCli(['submit', ...fields], { env });
    await until('the create to reach the sandbox', () => s.store.readJournal().some((e) => e.method === 'POST' && e.path === '/api/v2/requests'));
    child.kill('SIGKILL');
    await child;
    const path = join(draftsIn(state), drafts(state)[0]!);
    const recovered = await runCliInProcess(['submit', '--recover', path, '--description', 'Reworded after the crash'], { env });
    expect(recovered.exitCode).toBe(0);
    expect(recovered.stderr).toMatch(/the request is there: it was filed once/);
    expect(s.requests()).toHaveLength(1);
  });
});

describe('a draft whose create was sent, and the browser form', () => {
  it('--web is refused (exit 2): the form could file the request again; the draft is kept', async () => {
    const s = await withFaults(['create=stored-hang:once']);
    const state = tempDir('sigma-state-');
    const env = { ...s.env, XDG_STATE_HOME: state, BROWSER: 'true' };
    const child = startCli(['submit', ...fields], { env });
    await until('the create to reach the sandbox', () => s.store.readJournal().some((e) => e.method === 'POST' && e.path === '/api/v2/requests'));
    child.kill('SIGKILL');
    await child;
    const path = join(draftsIn(state), drafts(state)[0]!);
    const web = await runCliInProcess(['submit', '--recover', path, '--web'], { env });
    expect(web.exitCode).toBe(2);
    expect(web.stderr).toContain('the request may already exist');
    expect(existsSync(path)).toBe(true);
  });
});

describe('a create sent again after an unknown outcome', () => {
  it('refused the second time (413): its upload is kept, since the first send may yet show up', async () => {
    const s = await withFaults(['create=500:once', 'create=413:once']);
    const file = logFile(tempDir(), 'ERROR at 09:00\n');
    const result = await runCliInProcess(['submit', ...fields, '--attach', file, '--retries', '0'], { env: { ...s.env, XDG_STATE_HOME: tempDir('sigma-state-') } });
    expect(result.exitCode).toBe(1);
    expect(s.writes().filter((w) => w.path === '/api/v2/requests')).toHaveLength(2);
    expect(s.writes().filter((w) => w.method === 'DELETE')).toEqual([]);
  });
});

describe('a draft used by two runs', () => {
  it('a second --recover while the first is filing says so and sends nothing; exactly one request', async () => {
    const s = await withFaults(['create=503-bare:2'], { throttleBytesPerSecond: 128 * 1024 });
    const state = tempDir('sigma-state-');
    const env = { ...s.env, XDG_STATE_HOME: state };
    const file = join(tempDir(), 'trace.bin');
    writeFileSync(file, Buffer.alloc(512 * 1024, 7));
    const failed = await runCliInProcess(['submit', ...fields, '--attach', file], { env });
    expect(failed.exitCode).toBe(1);
    const path = draftPath(failed.stderr)!;
    const requestsBefore = s.requests().length;

    const first = startCli(['submit', '--recover', path], { env });
    await until('the first run to lock the draft', () => existsSync(`${path}.lock`));
    const writes = s.writes().length;
    const second = await runCliInProcess(['submit', '--recover', path], { env });
    expect(second.exitCode).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`the draft \\S*${basename(path).replace(/[.]/g, '\\.')} is in use by sigma-support process ${first.pid}`));
    expect(second.stderr).toMatch(/Nothing was sent/);
    expect((await first).exitCode).toBe(0);
    // the second run sent nothing: what the sandbox got after it started is the first run's upload and create
    expect(s.writes().slice(writes).map((w) => `${w.method} ${w.path.split('?')[0]}`)).toEqual(['POST /api/v2/uploads', 'POST /api/v2/requests']);
    expect(s.requests()).toHaveLength(requestsBefore + 1);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('a lock left by a process that died does not block the draft', async () => {
    const s = await withFaults(['create=503-bare:2']);
    const state = tempDir('sigma-state-');
    const env = { ...s.env, XDG_STATE_HOME: state };
    const path = draftPath((await runCliInProcess(['submit', ...fields], { env })).stderr)!;
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: dead, host: (await import('node:os')).hostname(), since: new Date().toISOString() }));
    const recovered = await runCliInProcess(['submit', '--recover', path], { env });
    expect(recovered.exitCode).toBe(0);
    expect(s.requests()).toHaveLength(1);
  });
});

describe('attachments of a recovered draft', () => {
  async function draftWithRelativeAttachment(s: TestSandbox, state: string): Promise<{ path: string; file: string; folder: string }> {
    const folder = tempDir('first-folder-');
    const file = logFile(folder, 'the log of the first folder\n');
    const failed = await runCli(['submit', ...fields, '--attach', 'log.txt'], { env: { ...s.env, XDG_STATE_HOME: state }, cwd: folder });
    expect(failed.exitCode).toBe(1);
    return { path: draftPath(failed.stderr)!, file, folder };
  }

  it('recovered in another folder, it attaches the file it was made with, not one of the same name', async () => {
    const s = await withFaults(['create=503-bare:2']);
    const state = tempDir('sigma-state-');
    const { path, file } = await draftWithRelativeAttachment(s, state);
    const elsewhere = tempDir('second-folder-');
    logFile(elsewhere, 'another file of the same name\n');
    const recovered = await runCli(['submit', '--recover', path], { env: { ...s.env, XDG_STATE_HOME: state }, cwd: elsewhere });
    expect(recovered.exitCode).toBe(0);
    const [attachment] = s.requests()[0]!.comments[0]!.attachments;
    expect(sha256(s.storedBytes(attachment!.stored_as))).toBe(sha256File(file));
  });

  it('a file changed since the draft was saved is refused off a terminal, naming it (exit 2), and nothing is sent', async () => {
    const s = await withFaults(['create=503-bare:2']);
    const state = tempDir('sigma-state-');
    const { path, file } = await draftWithRelativeAttachment(s, state);
    writeFileSync(file, 'the log, rewritten since: longer than it was\n');
    const writes = s.writes().length;
    const refused = await runCliInProcess(['submit', '--recover', path], { env: { ...s.env, XDG_STATE_HOME: state } });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain(`the attachment ${file} may not be the file the draft meant`);
    expect(s.writes()).toHaveLength(writes);
    expect(s.requests()).toEqual([]);
    expect(existsSync(path)).toBe(true);
  });
});
