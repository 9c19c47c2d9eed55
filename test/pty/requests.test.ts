import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { tempDir } from '../helpers/files.js';
import { PtySession } from '../helpers/pty.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { runCli } from '../helpers/cli.js';

let sandbox: TestSandbox;
let session: PtySession | undefined;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  const long = 'A subject long enough that it cannot fit in a narrow terminal, so it is cut ' + 'ü'.repeat(20);
  for (const subject of ['Dashboard fails', long]) {
    expect((await runCli(['submit', '--subject', subject.slice(0, 140), '--description', 'd', '--severity', 'S1'], { env: sandbox.env })).exitCode).toBe(0);
  }
});
afterAll(() => sandbox.close());
afterEach(() => session?.kill());

it('list shows a table that fits the terminal', async () => {
  const s = (session = new PtySession(['requests', 'list'], sandbox.env, { cols: 60 }));
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
  await s.waitFor(`Replied to request #${id}`);
  expect(await s.exited).toBe(0);
  expect(sandbox.store.requests.get(id)!.comments.at(-1)!.body).toBe('Written in my editor');
});
