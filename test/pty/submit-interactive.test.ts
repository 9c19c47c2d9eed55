import { basename, join } from 'node:path';
import { chmodSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SEVERITY_FIELD_ID } from '../../src/sandbox/fixtures.js';
import { sampleAttachments, sha256, sha256File, tempDir } from '../helpers/files.js';
import { KEYS, PtySession, usePtySandbox, typeItHere } from '../helpers/pty.js';

const t = usePtySandbox();

function start(args: string[] = [], env: Record<string, string> = {}): PtySession {
  t.session = new PtySession(['submit', ...args], { ...t.sandbox.env, ...env });
  return t.session;
}

/** Moves the severity picker (S3, S2, S1, S0 from the top, S3 preselected) to a level and picks it. */
function pick(s: PtySession, level: 'S3' | 'S2' | 'S1' | 'S0'): void {
  s.write(KEYS.down.repeat({ S3: 0, S2: 1, S1: 2, S0: 3 }[level]) + KEYS.enter);
}

describe('interactive submit in a real terminal', () => {
  it('asks every field in the form\'s order, checks them as typed, and files the request', async () => {
    const files = sampleAttachments();
    const s = start();
    await s.waitFor('CC (optional');
    s.line('not-an-email');
    await s.waitFor('"not-an-email" is not an email address');
    s.write('\u007f'.repeat('not-an-email'.length));
    s.line('ana@example.com, bo@example.org, chen@example.net');
    await s.waitFor('Subject (a brief summary)');
    s.line('Dashboard fails to load');
    await s.waitFor('Description: what happened');
    await typeItHere(s);
    s.line('Error: query timed out');
    s.line('ID 8f2c-11');
    s.line('.');
    await s.waitFor('Severity');
    await s.waitFor('General product questions'); // the portal's descriptions are shown
    pick(s, 'S1');
    await s.waitFor('Organization (optional)'); // the sandbox form's optional text field, after Severity
    s.line('');
    await s.waitFor('Attach a file');
    s.line(join(tempDir(), 'nope.log'));
    await s.waitFor('no such file');
    s.write('\u0015'); // Ctrl-U clears the line
    s.write('\u007f'.repeat(200));
    s.line(files.binary);
    await s.waitFor(`+ ${basename(files.binary)} (1.3 MB)`);
    await s.waitFor('Attach another file (1 attached');
    s.line(files.log);
    await s.waitFor('Attach another file (2 attached');
    s.line('');
    await s.waitFor('Review your request');
    await s.waitFor('Send this request?');
    expect(s.screen).toContain('chen@example.net');
    expect(s.screen).toContain('S1 (high)');
    s.write(KEYS.enter);
    await s.waitFor(/Request #\d+ filed/);
    expect(await s.exited).toBe(0);

    const stored = t.sandbox.requests().at(-1)!;
    expect(stored.subject).toBe('Dashboard fails to load');
    expect(stored.description).toBe('Error: query timed out\nID 8f2c-11');
    expect(stored.cc_emails).toEqual(['ana@example.com', 'bo@example.org', 'chen@example.net']);
    expect(stored.custom_fields).toContainEqual({ id: SEVERITY_FIELD_ID, value: 'sandbox_severity_high' });
    const bytes = Object.fromEntries(stored.comments[0]!.attachments.map((a) => [a.file_name, sha256(t.sandbox.storedBytes(a.stored_as))]));
    expect(bytes).toEqual({ [basename(files.binary)]: sha256File(files.binary), [basename(files.log)]: sha256File(files.log) });
  });

  it('S0 needs S0 typed: anything else returns to the picker', async () => {
    const s = start(['--subject', 'Sigma is down', '--description', 'All workbooks return 503', '--cc', 'ana@example.com']);
    await s.waitFor('Severity');
    pick(s, 'S0');
    await s.waitFor('immediately alerts the on-call Sigma Support engineers');
    await s.waitFor('Type S0');
    s.line('yes');
    await s.waitFor('Not confirmed');
    await s.waitFor('Severity');
    pick(s, 'S0');
    await s.waitFor('Type S0');
    s.line('S0');
    await s.waitFor('Which S0 category is it?');
    s.write(KEYS.enter);
    await s.waitFor('Organization (optional)'); // the sandbox form's optional text field, after Severity
    s.line('');
    await s.waitFor('Attach a file');
    s.line('');
    await s.waitFor('S0 (critical): pages on-call at once');
    await s.waitFor('Send this request?');
    s.write(KEYS.enter);
    await s.waitFor(/Request #\d+ filed \(S0 \(critical\)/);
    expect(await s.exited).toBe(0);
    expect(t.sandbox.requests().at(-1)!.custom_fields).toContainEqual({ id: SEVERITY_FIELD_ID, value: 'sandbox_severity_critical' });
  });

  it('--severity S0 on a terminal still asks for the typed confirmation, even with --yes', async () => {
    const writes = t.sandbox.writes().length;
    const s = start(['--subject', 'x', '--description', 'y', '--severity', 'S0', '--cc', 'ana@example.com', '--yes']);
    await s.waitFor('Type S0');
    s.line('s0 please');
    await s.waitFor('Not confirmed');
    await s.waitFor('Severity');
    pick(s, 'S2');
    // --yes with the required fields asks no optional field; the changed severity goes to the review
    await s.waitFor('S2 (medium)');
    await s.waitFor('Send this request?');
    expect(s.screen).not.toContain('Attach a file');
    expect(t.sandbox.writes().length).toBe(writes);
    s.write(KEYS.enter);
    await s.waitFor(/Request #\d+ filed \(S2 \(medium\)/);
    expect(await s.exited).toBe(0);
    expect(t.sandbox.writes().length).toBe(writes + 1);
  });

  it('writes the description in $EDITOR and can edit a field at the review', async () => {
    const editor = join(tempDir(), 'fake-editor.sh');
    writeFileSync(editor, '#!/bin/sh\nprintf "Written in the editor\\nwith two lines\\n" > "$1"\n');
    chmodSync(editor, 0o755);
    const s = start(['--cc', 'ana@example.com', '--subject', 'First subject', '--severity', 'S3'], { EDITOR: editor });
    await s.waitFor('Description: what happened');
    await s.waitFor(`Write it in your editor (${editor})`);
    s.write(KEYS.enter);
    await s.waitFor('Organization (optional)'); // the sandbox form's optional text field, after Severity
    s.line('');
    await s.waitFor('Attach a file');
    s.line('');
    await s.waitFor('Send this request?');
    s.write(KEYS.down + KEYS.enter); // Edit a field
    await s.waitFor('Which field?');
    s.write(KEYS.down + KEYS.enter); // Subject
    await s.waitFor('Subject (a brief summary)');
    s.write('\u007f'.repeat(20));
    s.line('Second subject');
    await s.waitFor('Send this request?');
    s.write(KEYS.enter);
    await s.waitFor(/Request #\d+ filed/);
    expect(await s.exited).toBe(0);
    const stored = t.sandbox.requests().at(-1)!;
    expect(stored.subject).toBe('Second subject');
    expect(stored.description).toBe('Written in the editor\nwith two lines');
  });

  it('Cancel at the review exits 3 and sends nothing', async () => {
    const writes = t.sandbox.writes().length;
    const s = start(['--subject', 'Never sent', '--description', 'd', '--severity', 'S2', '--cc', 'ana@example.com']);
    await s.waitFor('Organization (optional)'); // the sandbox form's optional text field, after Severity
    s.line('');
    await s.waitFor('Attach a file');
    s.line('');
    await s.waitFor('Send this request?');
    s.write(KEYS.down + KEYS.down + KEYS.enter);
    await s.waitFor('Cancelled. Nothing was sent.');
    expect(await s.exited).toBe(3);
    expect(t.sandbox.writes()).toHaveLength(writes);
  });
});
