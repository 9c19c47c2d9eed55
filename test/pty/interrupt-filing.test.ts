// Ctrl-C (and signals) once the form is done: during the uploads nothing is created; during the
// create the CLI waits for the answer, and a second Ctrl-C gives up with exit 5, never "nothing was created".
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FaultPlan, parseFault } from '../../src/sandbox/faults.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { tempDir } from '../helpers/files.js';
import { KEYS, PtySession } from '../helpers/pty.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sandbox: TestSandbox;
let session: PtySession | undefined;
beforeEach(async () => {
  sandbox = await startTestSandbox();
});
afterEach(async () => {
  session?.kill();
  await sandbox.close();
});

const fields = ['--subject', 'Stop this one', '--description', 'Pressed Ctrl-C', '--severity', 'S1', '--cc', 'ana@example.com', '--yes'];

function onlyDraft(state: string): { path: string; draft: Record<string, unknown> & { fields: Record<string, unknown> } } {
  const dir = join(state, 'sigma-support', 'drafts');
  const files = readdirSync(dir).filter((n) => n.endsWith('.json'));
  expect(files).toHaveLength(1);
  const path = join(dir, files[0]!);
  return { path, draft: JSON.parse(readFileSync(path, 'utf8')) };
}

describe('interrupting the uploads', () => {
  it.each([
    ['Ctrl-C', (s: PtySession) => s.write(KEYS.ctrlC)],
    ['SIGTERM', (s: PtySession) => s.signal('SIGTERM')],
    ['SIGHUP', (s: PtySession) => s.signal('SIGHUP')],
  ])('%s: the uploads stop, their tokens are deleted, a draft is kept, exit 130, nothing is created', async (_name, interrupt) => {
    const state = tempDir('sigma-state-');
    const dir = tempDir();
    const [quick, stuck] = [join(dir, 'quick.log'), join(dir, 'stuck.bin')];
    writeFileSync(quick, 'done quickly\n');
    writeFileSync(stuck, Buffer.alloc(3_000_000, 1));
    // a portal slow enough that the large file is still uploading when the small one is done
    await sandbox.close();
    sandbox = await startTestSandbox({ throttleBytesPerSecond: 64 * 1024 });
    const s = (session = new PtySession(['submit', ...fields, '--attach', stuck, '--attach', quick], { ...sandbox.env, XDG_STATE_HOME: state }));
    await s.waitFor(/quick\.log .* done/);
    expect(sandbox.store.uploads.size).toBe(1);
    interrupt(s);
    expect(await s.exited).toBe(130);
    expect(s.screen).toMatch(/No request was created/);
    expect(s.screen).toMatch(/sigma-support submit --recover \S+/);
    expect(onlyDraft(state).draft.fields).toMatchObject({ subject: 'Stop this one', severity: 'S1' });
    expect(sandbox.requests()).toEqual([]);
    expect(sandbox.store.uploads.size).toBe(0); // the finished upload was deleted again
    expect(sandbox.writes().filter((w) => w.path === '/api/v2/requests')).toEqual([]);
  });
});

describe('interrupting the create', () => {
  it('the first Ctrl-C waits for the answer; a second one gives up: exit 5 and a draft that --recover settles without filing twice', async () => {
    const state = tempDir('sigma-state-');
    const env = { ...sandbox.env, XDG_STATE_HOME: state };
    sandbox.faults.add(parseFault('create=stored-hang:once'));
    const s = (session = new PtySession(['submit', ...fields], env));
    // --yes with every required field given asks no optional field (no attachment prompt)
    await s.waitFor('Creating the request');
    s.write(KEYS.ctrlC);
    await s.waitFor('may already exist');
    s.write(KEYS.ctrlC);
    expect(await s.exited).toBe(5);
    expect(s.screen).toMatch(/the request may have been created/);
    expect(s.screen).not.toMatch(/No request was created/);
    const { path, draft } = onlyDraft(state);
    expect(draft.createSentAt).toEqual(expect.any(String));
    expect(sandbox.requests()).toHaveLength(1);

    const recovered = await runCliInProcess(['submit', '--recover', path], { env });
    expect(recovered.exitCode).toBe(0);
    expect(recovered.stderr).toMatch(/the request is there: it was filed once/);
    expect(sandbox.requests()).toHaveLength(1);
    expect(existsSync(path)).toBe(false);
  });

  it('one Ctrl-C and no answer: after the wait, exit 5 with the draft kept', async () => {
    const state = tempDir('sigma-state-');
    sandbox.faults.add(parseFault('create=hang:once'));
    const s = (session = new PtySession(['submit', ...fields], { ...sandbox.env, XDG_STATE_HOME: state }));
    // --yes with every required field given asks no optional field (no attachment prompt)
    await s.waitFor('Creating the request');
    s.write(KEYS.ctrlC);
    await s.waitFor('may already exist');
    expect(await s.exited).toBe(5);
    expect(onlyDraft(state).draft.createSentAt).toEqual(expect.any(String));
    expect(sandbox.writes().filter((w) => w.path === '/api/v2/requests')).toHaveLength(1);
  });
});

describe('interrupting the lookup of an earlier create', () => {
  it('a recover looking for a request an earlier try may have created: two Ctrl-Cs give exit 5, nothing sent', async () => {
    const state = tempDir('sigma-state-');
    const dir = join(state, 'sigma-support', 'drafts');
    mkdirSync(dir, { recursive: true });
    // what a run killed during its create leaves behind
    const path = join(dir, 'draft-killed.json');
    const draft = { version: 2, savedAt: new Date().toISOString(), reason: 'a create was sent', portal: sandbox.url.origin, profile: 'default', fields: { cc: ['ana@example.com'], subject: 'Stop this one', description: 'Pressed Ctrl-C', severity: 'S1', attachments: [] }, idempotencyKey: 'sigma-support-test-killed', createSentAt: new Date().toISOString() };
    writeFileSync(path, JSON.stringify(draft));
    // the credential check (the first list of requests) works; the lookup never gets an answer
    const take = FaultPlan.prototype.take.bind(sandbox.faults);
    let lists = 0;
    sandbox.faults.take = (target) => (target === 'list' && ++lists > 1 ? 'hang' : take(target));

    const s = (session = new PtySession(['submit', '--recover', path, '--yes'], { ...sandbox.env, XDG_STATE_HOME: state }));
    await s.waitFor('Looking for the request');
    s.write(KEYS.ctrlC);
    await s.waitFor('An earlier try may have created the request');
    s.write(KEYS.ctrlC);
    expect(await s.exited).toBe(5);
    expect(s.screen).toMatch(/the request may have been created/);
    expect(sandbox.writes()).toEqual([]);
    expect(existsSync(path)).toBe(true);
  });
});

describe('a recovered draft whose attachment changed', () => {
  it('is asked about at a terminal; attached as it is now only when the user says so', async () => {
    const state = tempDir('sigma-state-');
    const env = { ...sandbox.env, XDG_STATE_HOME: state };
    const file = join(tempDir(), 'log.txt');
    writeFileSync(file, 'first version\n');
    sandbox.faults.add(parseFault('create=503-bare:2'));
    const failed = await runCliInProcess(['submit', ...fields, '--attach', file], { env });
    expect(failed.exitCode).toBe(1);
    const path = /sigma-support submit --recover (\S+)/.exec(failed.stderr)![1]!;
    writeFileSync(file, 'second, longer version\n');

    let s = (session = new PtySession(['submit', '--recover', path, '--yes'], env));
    await s.waitFor('may not be the file the draft meant');
    await s.waitFor('Attach it as it is now?');
    s.write('n');
    s.write(KEYS.enter);
    expect(await s.exited).toBe(3);
    expect(sandbox.requests()).toEqual([]);
    expect(existsSync(path)).toBe(true);

    s = session = new PtySession(['submit', '--recover', path, '--yes'], env);
    await s.waitFor('Attach it as it is now?');
    s.write('y');
    s.write(KEYS.enter);
    expect(await s.exited).toBe(0);
    expect(sandbox.requests()[0]!.comments[0]!.attachments.map((a) => a.size)).toEqual(['second, longer version\n'.length]);
  });
});
