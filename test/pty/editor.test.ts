/**
 * $VISUAL/$EDITOR in a real terminal: split as a shell would, and when it is missing or fails, the
 * CLI says so, has the text typed in place, and keeps everything already typed. Also: a file name
 * with a bidi override is shown escaped in the review.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/files.js';
import { IN_PLACE_READY, KEYS, PtySession, WITHOUT_ORGANIZATION, submitWithoutAttachments, usePtySandbox } from '../helpers/pty.js';

// A form without the sandbox's optional Organization field: these tests are about the other prompts.
const t = usePtySandbox(WITHOUT_ORGANIZATION);

function start(args: string[], env: Record<string, string>): PtySession {
  t.session = new PtySession(['submit', ...args], { ...t.sandbox.env, ...env });
  return t.session;
}

function script(body: string, dirName = 'bin'): string {
  const dir = join(tempDir(), dirName);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'edit.sh');
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** Goes from the CC prompt to the description's editor, with a subject typed. */
async function upToEditor(s: PtySession, subject: string): Promise<void> {
  await s.waitFor('CC (optional');
  s.line('');
  await s.waitFor('Subject (a brief summary)');
  s.line(subject);
  await s.waitFor('Description: what happened');
  s.write(KEYS.enter); // "Write it in your editor"
}

async function finishAndFile(s: PtySession): Promise<void> {
  await s.waitFor('Severity');
  s.write(KEYS.enter); // S3
  expect(await submitWithoutAttachments(s)).toBe(0);
}

describe('the editor', () => {
  it('a missing editor: says so, the description is typed in place, and the typed subject is kept', async () => {
    const s = start([], { EDITOR: '/nonexistent/bin/editor-that-is-not-there' });
    await upToEditor(s, 'Typed before the editor');
    await s.waitFor('"/nonexistent/bin/editor-that-is-not-there" was not found');
    await s.waitFor('Type it here instead');
    await s.waitFor(IN_PLACE_READY);
    s.line('Typed in place');
    s.line('.');
    await finishAndFile(s);
    expect(s.screen).not.toMatch(/Unhandled|ENOENT|at .*\.cjs:\d+/);
    const stored = t.sandbox.requests().at(-1)!;
    expect(stored.subject).toBe('Typed before the editor');
    expect(stored.description).toBe('Typed in place');
  });

  it('an editor that exits 1: says so, and what it saved is kept', async () => {
    const failing = script('printf "Half-written notes\\n" > "$1"\nexit 1');
    const s = start([], { VISUAL: failing });
    await upToEditor(s, 'Editor fails');
    await s.waitFor('it exited with status 1');
    await s.waitFor('What you had is kept');
    await s.waitFor('| Half-written notes');
    await s.waitFor(IN_PLACE_READY);
    s.line('.');
    await finishAndFile(s);
    const stored = t.sandbox.requests().at(-1)!;
    expect(stored.subject).toBe('Editor fails');
    expect(stored.description).toBe('Half-written notes');
  });

  it('an editor with arguments, in a quoted path with a space, is run as a shell would split it', async () => {
    const editor = script('printf "args: %s / %s\\n" "$1" "$2" > "$3"', 'my editor');
    const s = start(['--editor', '--subject', 'With arguments', '--severity', 'S3', '--cc', 'ana@example.com', '--yes'], {
      EDITOR: `"${editor}" --wait 'two words'`,
    });
    await s.waitFor(/Request #\d+ filed/);
    expect(await s.exited).toBe(0);
    expect(t.sandbox.requests().at(-1)!.description).toBe('args: --wait / two words');
  });

  it('the review shows a file name with a bidi override escaped', async () => {
    const file = join(tempDir(), 'x\u202egnp.exe');
    writeFileSync(file, 'MZ');
    const s = start(['--subject', 'Bidi', '--description', 'A file', '--severity', 'S3', '--cc', 'ana@example.com', '--attach', file], {});
    await s.waitFor('Send this request?');
    expect(s.screen).toContain('x\\u{202e}gnp.exe');
    expect(s.raw).not.toContain('\u202e');
    s.write(KEYS.down + KEYS.down + KEYS.enter); // Cancel
    expect(await s.exited).toBe(3);
  });
});
