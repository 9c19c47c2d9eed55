/**
 * Templates and the description skeleton in a real terminal: the editor opens on a checklist of
 * what Sigma Support needs, whose lines are not sent; a description left as the bare checklist is
 * empty; a template's checklist replaces it, its subject prefix goes before the typed subject, and
 * its S0 still needs the typed confirmation.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/files.js';
import { IN_PLACE_READY, KEYS, PtySession, WITHOUT_ORGANIZATION, submitWithoutAttachments, usePtySandbox, typeItHere } from '../helpers/pty.js';

const t = usePtySandbox(WITHOUT_ORGANIZATION);

/** An editor that keeps a copy of the file it was given, then writes `text` above what it held. */
function capturingEditor(text: string): { editor: string; seen: () => string } {
  const dir = tempDir('editor-');
  const capture = join(dir, 'seen.txt');
  const editor = join(dir, 'edit.sh');
  writeFileSync(join(dir, 'top.txt'), text);
  writeFileSync(editor, `#!/bin/sh\ncp "$1" "${capture}"\ncat "${join(dir, 'top.txt')}" "${capture}" > "$1"\n`);
  chmodSync(editor, 0o755);
  return { editor, seen: () => readFileSync(capture, 'utf8') };
}

function templatesHome(files: Record<string, string>): Record<string, string> {
  const config = tempDir('config-');
  const dir = join(config, 'sigma-support', 'templates');
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { XDG_CONFIG_HOME: config };
}

const DEFAULT_ITEMS = ['What happened?', 'The error message, word for word, and its ID', 'The workbook or page URL', 'The steps that lead to it', 'What you expected instead', 'When it started', 'Who is affected'];

describe('the description skeleton', () => {
  it('the editor opens on the checklist of what Sigma Support needs; its lines are not sent', async () => {
    const { editor, seen } = capturingEditor('Export stops at row 10,000\nError 4411 (ID 77aa)\n');
    const s = (t.session = new PtySession(['submit', '--editor', '--subject', 'Skeleton', '--severity', 'S3', '--cc', 'ana@example.com', '--yes'], { ...t.sandbox.env, EDITOR: editor }));
    await s.waitFor(/Request #\d+ filed/);
    expect(await s.exited).toBe(0);
    const shown = seen();
    for (const item of DEFAULT_ITEMS) expect(shown).toContain(`~~  - ${item}`);
    expect(shown).toContain('Write the description above. These ~~ lines are not sent');
    expect(t.sandbox.requests().at(-1)!.description).toBe('Export stops at row 10,000\nError 4411 (ID 77aa)');
  });

  it('a description left as the bare checklist is empty, and asked again', async () => {
    const dir = tempDir('editor-');
    const editor = join(dir, 'keep.sh');
    writeFileSync(editor, '#!/bin/sh\nexit 0\n'); // saves the file as it was given
    chmodSync(editor, 0o755);
    const s = (t.session = new PtySession(['submit', '--editor', '--subject', 'Left as is', '--severity', 'S3', '--cc', 'ana@example.com'], { ...t.sandbox.env, EDITOR: editor }));
    await s.waitFor('Description cannot be empty: describe the problem, with the error message and its ID');
    await s.waitFor('Description: what happened');
    await typeItHere(s);
    s.line('Typed after all');
    s.line('.');
    expect(await submitWithoutAttachments(s)).toBe(0);
    expect(t.sandbox.requests().at(-1)!.description).toBe('Typed after all');
  });

  it('an editor that cannot be started: the checklist is not shown back as text typed before', async () => {
    const s = (t.session = new PtySession(['submit', '--editor', '--subject', 'No editor', '--severity', 'S3', '--cc', 'ana@example.com', '--yes'], { ...t.sandbox.env, EDITOR: '/nonexistent/editor' }));
    await s.waitFor('"/nonexistent/editor" was not found');
    await s.waitFor(IN_PLACE_READY);
    expect(s.screen).not.toContain('What you had is kept');
    expect(s.screen).not.toContain('~~');
    s.line('Typed in place');
    s.line('.');
    await s.waitFor(/Request #\d+ filed/);
    expect(await s.exited).toBe(0);
    expect(t.sandbox.requests().at(-1)!.description).toBe('Typed in place');
  });
});

describe('a template at a terminal', () => {
  it("its checklist replaces the default; its prefix goes before the typed subject; lines the user typed are sent whatever they start with", async () => {
    const env = templatesHome({
      'exports.toml': 'subject-prefix = "[Exports]"\nskeleton = """\nThe export format and destination\nThe number of rows\n"""\n',
    });
    const { editor, seen } = capturingEditor('# Nightly export\n~~ my own note\nStops at row 10,000\n');
    const s = (t.session = new PtySession(['submit', '--template', 'exports', '--cc', 'ana@example.com', '--severity', 'S3'], { ...t.sandbox.env, ...env, EDITOR: editor }));
    await s.waitFor('Subject (a brief summary; it will start with "[Exports]")');
    s.line('Export stops');
    await s.waitFor('Description: what happened');
    s.write(KEYS.enter); // in the editor
    expect(await submitWithoutAttachments(s)).toBe(0);
    const shown = seen();
    expect(shown).toContain('~~ The export format and destination\n~~ The number of rows');
    expect(shown).not.toContain('The workbook or page URL');
    const stored = t.sandbox.requests().at(-1)!;
    expect(stored.subject).toBe('[Exports] Export stops');
    expect(stored.description).toBe('# Nightly export\n~~ my own note\nStops at row 10,000');
  });

  it("a template's S0 still needs S0 typed: anything else brings the severity picker back", async () => {
    const env = templatesHome({ 'outage.toml': 'severity = "S0"\n' });
    const writes = t.sandbox.writes().length;
    const s = (t.session = new PtySession(['submit', '--template', 'outage', '--subject', 'Down?', '--description', 'Maybe down', '--cc', 'ana@example.com', '--yes'], { ...t.sandbox.env, ...env }));
    await s.waitFor('immediately alerts the on-call Sigma Support engineers');
    await s.waitFor('Type S0');
    s.line('no');
    await s.waitFor('Not confirmed: choose the severity again.');
    await s.waitFor('Severity');
    s.write(KEYS.enter); // S3, the default
    await s.waitFor('Send this request?'); // the severity changed from the template's: reviewed even with --yes
    expect(t.sandbox.writes()).toHaveLength(writes);
    s.write(KEYS.enter);
    await s.waitFor(/Request #\d+ filed \(S3/);
    expect(await s.exited).toBe(0);
  });
});
