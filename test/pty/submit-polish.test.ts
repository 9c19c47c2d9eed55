// The interactive submit, as a new user meets it in a real terminal: prompts, flags and the review.
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleAttachments, tempDir } from '../helpers/files.js';
import { KEYS, PtySession, WITHOUT_ORGANIZATION, submitWithoutAttachments, usePtySandbox, typeItHere } from '../helpers/pty.js';

// A form without the sandbox's optional Organization field: these tests are about the other prompts.
const t = usePtySandbox(WITHOUT_ORGANIZATION);

function start(args: string[], env: Record<string, string> = {}, cols = 100): PtySession {
  t.session = new PtySession(['submit', ...args], { ...t.sandbox.env, ...env }, { cols });
  return t.session;
}

/** The screen from `from` on, with wrapped lines joined back, to find text wherever it broke. */
const joined = (text: string) => text.replace(/\s+/g, ' ');

describe('the review', () => {
  it('wraps at the terminal width between words, shows the whole description, and prints CCs one way', async () => {
    const subject = 'Scheduled exports of the finance workbook fail every night since the upgrade to the new warehouse';
    const paragraph = 'The export job reports error 8f2c-11 after about ten minutes, and the log shows the warehouse closing the connection.';
    const description = Array.from({ length: 16 }, (_, i) => `${i + 1}. ${paragraph}`).join('\n');
    const s = start(['--subject', subject, '--description', description, '--severity', 'S2', '--cc', 'ana@example.com,bo@example.org'], {}, 60);
    await s.waitFor('Attach a file');
    s.line('');
    await s.waitFor('Send this request?');
    const review = s.screen.slice(s.screen.indexOf('Review your request'));
    for (const line of review.split(/\r?\n/)) expect(line.length).toBeLessThanOrEqual(60);
    expect(review).not.toContain('…');
    expect(review).not.toContain('more lines');
    expect(joined(review)).toContain(joined(subject));
    expect(joined(review)).toContain(`From ${t.sandbox.account.email} (API token, from the environment); gets a copy and every answer`);
    expect(joined(review)).toContain(`16. ${paragraph}`);
    expect(review).toMatch(/CC +ana@example\.com, bo@example\.org/);
    // words are never broken across lines
    expect(review).not.toMatch(/warehous\r?\n/);
    s.write(KEYS.down + KEYS.down + KEYS.enter);
    expect(await s.exited).toBe(3);
  });
});

/** Moves the severity picker (S3, S2, S1, S0 from the top, S3 preselected) to a level and picks it. */
function pick(s: PtySession, level: 'S3' | 'S2' | 'S1' | 'S0'): void {
  s.write(KEYS.down.repeat({ S3: 0, S2: 1, S1: 2, S0: 3 }[level]) + KEYS.enter);
}

describe('prompts and flags', () => {
  it('--yes with subject, description and severity asks for no optional field', async () => {
    const writes = t.sandbox.writes().length;
    const s = start(['--subject', 'No questions', '--description', 'd', '--severity', 'S3', '--yes']);
    await s.waitFor(/Request #\d+ filed/);
    expect(await s.exited).toBe(0);
    expect(s.screen).not.toContain('CC (optional');
    expect(s.screen).not.toContain('Attach a file');
    expect(t.sandbox.writes().length).toBe(writes + 1);
  });

  it('--severity critical --yes, S0 refused and S1 picked: the changed severity goes to the review first', async () => {
    const writes = t.sandbox.writes().length;
    const s = start(['--subject', 'Slow dashboards', '--description', 'd', '--severity', 'critical', '--yes']);
    await s.waitFor('Type S0');
    s.line('no');
    await s.waitFor('Not confirmed');
    await s.waitFor('Severity');
    pick(s, 'S1');
    await s.waitFor('Review your request');
    await s.waitFor('Send this request?');
    expect(t.sandbox.writes().length).toBe(writes);
    s.write(KEYS.down + KEYS.down + KEYS.enter); // Cancel
    expect(await s.exited).toBe(3);
    expect(t.sandbox.writes().length).toBe(writes);
  });

  it('an empty description from --editor is caught when the editor closes, and asked again', async () => {
    const editor = join(tempDir(), 'empty-editor.sh');
    writeFileSync(editor, '#!/bin/sh\n: > "$1"\n');
    chmodSync(editor, 0o755);
    const s = start(['--subject', 'Editor', '--severity', 'S3', '--cc', 'ana@example.com', '--editor'], { EDITOR: editor });
    await s.waitFor('Description cannot be empty');
    await s.waitFor('Description: what happened');
    await typeItHere(s);
    s.line('Typed after all');
    s.line('.');
    expect(await submitWithoutAttachments(s)).toBe(0);
    expect(t.sandbox.requests().at(-1)!.description).toBe('Typed after all');
  });

  it('Edit at the review -> Attachments starts from the files already chosen', async () => {
    const files = sampleAttachments();
    const s = start(['--subject', 'Two files', '--description', 'd', '--severity', 'S3', '--cc', 'ana@example.com']);
    await s.waitFor('Attach a file');
    s.line(files.log);
    await s.waitFor('Attach another file (1 attached');
    s.line('');
    await s.waitFor('Send this request?');
    s.write(KEYS.down + KEYS.enter); // Edit a field
    await s.waitFor('Which field?');
    s.write(KEYS.down.repeat(4) + KEYS.enter); // Attachments
    await s.waitFor(`Attached: ${basename(files.log)}`);
    await s.waitFor('Attach another file (1 attached');
    s.line(files.binary);
    await s.waitFor('Attach another file (2 attached');
    s.line('');
    await s.waitFor('Send this request?');
    s.write(KEYS.enter);
    await s.waitFor(/Request #\d+ filed/);
    expect(await s.exited).toBe(0);
    expect(t.sandbox.requests().at(-1)!.comments[0]!.attachments.map((a) => a.file_name).sort()).toEqual([basename(files.binary), basename(files.log)].sort());
  });

  it('Ctrl-C in the in-place description keeps the half-typed line, and the draft message starts its own line', async () => {
    const state = tempDir('sigma-state-');
    const s = start(['--subject', 'Half typed', '--severity', 'S3', '--cc', 'ana@example.com'], { XDG_STATE_HOME: state });
    await s.waitFor('Description: what happened');
    await typeItHere(s);
    s.line('First line');
    s.write('second line, not finish');
    await s.waitFor('second line, not finish');
    s.write(KEYS.ctrlC);
    expect(await s.exited).toBe(130);
    expect(s.screen).toMatch(/second line, not finish\r?\n/);
    const dir = join(state, 'sigma-support', 'drafts');
    const [file] = readdirSync(dir);
    expect(JSON.parse(readFileSync(join(dir, file!), 'utf8')).fields.description).toBe('First line\nsecond line, not finish');
  });
});

describe('typing into the text prompts', () => {
  it('a Tab typed into the subject becomes a space', async () => {
    const s = start(['--description', 'd', '--severity', 'S3', '--cc', 'ana@example.com', '--yes']);
    await s.waitFor('Subject (a brief summary)');
    s.write('Dashboard\tfails');
    s.write(KEYS.enter);
    await s.waitFor('Attach a file');
    s.line('');
    await s.waitFor(/Request #\d+ filed/);
    expect(await s.exited).toBe(0);
    expect(t.sandbox.requests().at(-1)!.subject).toBe('Dashboard fails');
  });

  it('a multi-line paste into the subject keeps the first line, and the rest starts the description', async () => {
    const s = start(['--severity', 'S3', '--cc', 'ana@example.com']);
    await s.waitFor('Subject (a brief summary)');
    s.write('Nightly export fails\rThe export stops at 10%\rError ID 8f2c-11\r'); // one paste: one input
    await s.waitFor('The paste had 2 more lines after the subject: they start the description.');
    await s.waitFor('Description: what happened');
    await typeItHere(s);
    s.line('It started on Monday');
    s.line('.');
    expect(await submitWithoutAttachments(s)).toBe(0);
    const stored = t.sandbox.requests().at(-1)!;
    expect(stored.subject).toBe('Nightly export fails');
    expect(stored.description).toBe('The export stops at 10%\nError ID 8f2c-11\nIt started on Monday');
  });

  it('the attachment prompt takes dragged-in quoted and escaped paths, expands ~, and completes on Tab', async () => {
    const home = tempDir('home-');
    const dir = tempDir('drop-');
    writeFileSync(join(dir, 'with space.txt'), 'one');
    writeFileSync(join(dir, 'other file.log'), 'two');
    writeFileSync(join(dir, 'second (copy).log'), 'three');
    writeFileSync(join(home, 'notes.txt'), 'four');
    // wide enough that the completed path is not broken across two screen lines
    const s = start(['--subject', 'Files', '--description', 'd', '--severity', 'S3', '--cc', 'ana@example.com'], { HOME: home }, 300);
    await s.waitFor('Attach a file');
    s.line(`'${dir}/with space.txt'`);
    await s.waitFor('+ with space.txt');
    await s.waitFor('Attach another file (1 attached');
    s.line(`${dir}/other\\ file.log`);
    await s.waitFor('+ other file.log');
    await s.waitFor('Attach another file (2 attached');
    s.line('~/notes.txt');
    await s.waitFor('+ notes.txt');
    await s.waitFor('Attach another file (3 attached');
    s.write(`${dir}/sec\t`);
    await s.waitFor(`${dir}/second\\ \\(copy\\).log`);
    s.write(KEYS.enter);
    await s.waitFor('+ second (copy).log');
    await s.waitFor('Attach another file (4 attached');
    s.line('');
    await s.waitFor('Send this request?');
    s.write(KEYS.enter);
    await s.waitFor(/Request #\d+ filed/);
    expect(await s.exited).toBe(0);
    const names = t.sandbox.requests().at(-1)!.comments[0]!.attachments.map((a) => a.file_name).sort();
    expect(names).toEqual(['notes.txt', 'other file.log', 'second (copy).log', 'with space.txt']);
  });

  it('a multi-line paste when the description is already written: the other lines are shown back, not dropped', async () => {
    const s = start(['--description', 'Given by flag', '--severity', 'S3', '--cc', 'ana@example.com']);
    await s.waitFor('Subject (a brief summary)');
    s.write('Pasted subject\rstray second line\r');
    await s.waitFor('The paste had 1 more line after the subject, not used (copy them where they belong):');
    await s.waitFor('  stray second line');
    await s.waitFor('Attach a file');
    s.line('');
    await s.waitFor('Send this request?');
    s.write(KEYS.down + KEYS.down + KEYS.enter);
    expect(await s.exited).toBe(3);
  });

  it('Tab at the attachment prompt lists the names when several match', async () => {
    const dir = tempDir('drop-');
    writeFileSync(join(dir, 'crash-1.log'), 'a');
    writeFileSync(join(dir, 'crash-2.log'), 'b');
    const s = start(['--subject', 'Files', '--description', 'd', '--severity', 'S3', '--cc', 'ana@example.com'], {}, 300);
    await s.waitFor('Attach a file');
    s.write(`${dir}/cr\t`);
    await s.waitFor(`${dir}/crash-`);
    await s.waitFor('crash-1.log  crash-2.log');
    s.write('2.log\r');
    await s.waitFor('+ crash-2.log');
    s.write(KEYS.ctrlC);
    expect(await s.exited).toBe(130);
  });
});
