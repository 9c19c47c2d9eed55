import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { tempDir } from '../helpers/files.js';
import { PtySession } from '../helpers/pty.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';

let sandbox: TestSandbox;
let session: PtySession | undefined;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  const long = 'A subject long enough that it cannot fit in a narrow terminal, so it is cut ' + 'ü'.repeat(20);
  for (const subject of ['Dashboard fails', long]) {
    expect((await runCliInProcess(['submit', '--subject', subject.slice(0, 140), '--description', 'd', '--severity', 'S1'], { env: sandbox.env })).exitCode).toBe(0);
  }
});
afterAll(() => sandbox.close());
afterEach(() => session?.kill());

it('list shows a table that fits the terminal', async () => {
  const s = (session = new PtySession(['requests', 'list'], sandbox.env, { cols: 60, holdTerminal: true }));
  expect(await s.exited).toBe(0);
  const lines = s.screen.split(/\r?\n/).filter(Boolean);
  expect(lines[0]).toMatch(/^ID +STATUS +SEV +UPDATED +SUBJECT$/);
  expect(lines.some((l) => /^\d+ +new +S1 +just now +Dashboard fails$/.test(l))).toBe(true);
  expect(lines.some((l) => l.endsWith('…'))).toBe(true);
  for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
});

it('reply --editor takes the reply from $EDITOR', async () => {
  const editor = join(tempDir(), 'editor.sh');
  writeFileSync(editor, '#!/bin/sh\nprintf "Written in my editor\\n" > "$1"\n');
  chmodSync(editor, 0o755);
  const id = sandbox.requests()[0]!.id;
  const s = (session = new PtySession(['requests', 'reply', String(id), '--editor'], { ...sandbox.env, EDITOR: editor }));
  await s.waitFor('Send this reply?'); // the review (reply-review.test.ts)
  s.write('\r');
  await s.waitFor(`Replied to request #${id}`);
  expect(await s.exited).toBe(0);
  expect(sandbox.store.requests.get(id)!.comments.at(-1)!.body).toBe('Written in my editor');
});

it('view wraps the title and the comments at the terminal width, and shows local readable times', async () => {
  const words = 'the export of the quarterly revenue workbook fails with error 8f2c every time it runs';
  const filed = await runCliInProcess(['submit', '--subject', `Export fails: ${words}`.slice(0, 140), '--description', `${words}. ${words}.`, '--severity', 'S2', '--json'], { env: sandbox.env });
  const { id } = JSON.parse(filed.stdout) as { id: number };
  const s = (session = new PtySession(['requests', 'view', String(id)], { ...sandbox.env, TZ: 'Asia/Kolkata' }, { cols: 50, holdTerminal: true }));
  expect(await s.exited).toBe(0);
  const lines = s.screen.split(/\r?\n/);
  for (const line of lines) expect(line.length).toBeLessThanOrEqual(50);
  // nothing is cut: every word of the body is there, broken between words only
  expect(lines.join(' ').replace(/\s+/g, ' ')).toContain(`${words}. ${words}.`);
  expect(lines.join(' ').replace(/\s+/g, ' ')).toContain(`#${id} Export fails: the export`);
  expect(s.screen).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
  const stored = sandbox.store.requests.get(id)!;
  const local = new Date(stored.created_at).toLocaleString('en-US', { timeZone: 'Asia/Kolkata', dateStyle: 'medium', timeStyle: 'short' });
  expect(s.screen).toContain(`Created   ${local} (just now)`);
  const json = await runCliInProcess(['requests', 'view', String(id), '--json'], { env: sandbox.env });
  expect(JSON.parse(json.stdout).created_at).toBe(stored.created_at);
});

it('list highlights S0 and S1 at a terminal, and not under NO_COLOR', async () => {
  const coloured = (session = new PtySession(['requests', 'list'], { ...sandbox.env, NO_COLOR: '' }, { cols: 100, holdTerminal: true }));
  expect(await coloured.exited).toBe(0);
  const s1 = coloured.raw.split(/\r?\n/).find((l) => l.includes('Dashboard fails'))!;
  expect(s1).toMatch(/\u001b\[[0-9;]*m/);
  const s2 = coloured.raw.split(/\r?\n/).filter((l) => / S2 /.test(l.replace(/\u001b\[[0-9;]*m/g, '')));
  for (const line of s2) expect(line).not.toMatch(/\u001b\[[0-9;]*m/);
  session.kill();
  const plain = (session = new PtySession(['requests', 'list'], sandbox.env, { cols: 100, holdTerminal: true }));
  expect(await plain.exited).toBe(0);
  expect(plain.raw).not.toMatch(/\u001b\[[0-9;]*m/);
});
