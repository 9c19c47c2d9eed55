// `requests reply` at a terminal: the review (Send, Edit, Cancel), and a closed request's offer of a follow-up.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/files.js';
import { writeHar } from '../helpers/har.js';
import { KEYS, PtySession, WITHOUT_ORGANIZATION, usePtySandbox, typeItHere } from '../helpers/pty.js';

const t = usePtySandbox(WITHOUT_ORGANIZATION);

function reply(id: number, args: string[], env: Record<string, string> = {}): PtySession {
  t.session = new PtySession(['requests', 'reply', String(id), ...args], { ...t.sandbox.env, ...env });
  return t.session;
}

const lastBody = (id: number) => t.sandbox.store.requests.get(id)!.comments.at(-1)!.body;

describe('the reply review', () => {
  it('shows the reply and its files (the HAR as scrubbed); Cancel exits 3 with nothing uploaded or sent', async () => {
    const id = await t.sandbox.seed();
    const har = join(tempDir(), 'session.har');
    writeHar(har, 2);
    const writes = t.sandbox.writes().length;
    const s = reply(id, ['--message', 'Here is the HAR you asked for', '--attach', har]);
    await s.waitFor('Review your reply');
    await s.waitFor(`#${id} Exports fail (new)`);
    await s.waitFor('Here is the HAR you asked for');
    await s.waitFor(/session\.har \([\d.]+ kB, scrubbed from [\d.]+ kB/);
    await s.waitFor(/session\.har: HAR scrubbed before upload: removed \d+ cookies/);
    await s.waitFor('Send this reply?');
    s.write(KEYS.down + KEYS.down + KEYS.enter);
    await s.waitFor('Cancelled. Nothing was sent.');
    expect(await s.exited).toBe(3);
    expect(t.sandbox.writes()).toHaveLength(writes);
    expect(t.sandbox.store.requests.get(id)!.comments).toHaveLength(1);
  });

  it('Edit re-asks a reply given with --message; Send sends the new text', async () => {
    const id = await t.sandbox.seed();
    const s = reply(id, ['--message', 'first text']);
    await s.waitFor('Send this reply?');
    await typeItHere(s);
    s.line('second text');
    s.line('.');
    await s.waitFor('Review your reply');
    await s.waitFor('second text');
    await s.waitFor('Send this reply?');
    s.write(KEYS.enter);
    await s.waitFor(`Replied to request #${id}`);
    expect(await s.exited).toBe(0);
    expect(lastBody(id)).toBe('second text');
  });

  it('Edit reopens the editor the reply was written in, with the text so far; an emptied reply keeps the one before', async () => {
    const id = await t.sandbox.seed();
    const editor = join(tempDir(), 'editor.sh');
    const calls = join(tempDir(), 'calls');
    // 1st: writes a draft; 2nd: empties it; 3rd: appends to what it is given
    writeFileSync(
      editor,
      `#!/bin/sh\necho x >> "${calls}"\nn=$(wc -l < "${calls}")\nif [ "$n" = 1 ]; then printf "first draft\\n" > "$1"; elif [ "$n" = 2 ]; then : > "$1"; else printf "%s (edited)\\n" "$(cat "$1")" > "$1.new" && mv "$1.new" "$1"; fi\n`,
    );
    chmodSync(editor, 0o755);
    const s = reply(id, [], { EDITOR: editor });
    await s.waitFor('first draft');
    await s.waitFor('Send this reply?');
    s.write(KEYS.down + KEYS.enter);
    await s.waitFor('The reply cannot be empty');
    await s.waitFor('the one before is kept');
    await s.waitFor('Send this reply?');
    s.write(KEYS.down + KEYS.enter);
    await s.waitFor('first draft (edited)');
    await s.waitFor('Send this reply?');
    s.write(KEYS.enter);
    await s.waitFor(`Replied to request #${id}`);
    expect(await s.exited).toBe(0);
    expect(lastBody(id)).toBe('first draft (edited)');
  });

  it('--yes sends without the review', async () => {
    const id = await t.sandbox.seed();
    const s = reply(id, ['--message', 'no review', '--yes']);
    await s.waitFor(`Replied to request #${id}`);
    expect(await s.exited).toBe(0);
    expect(s.screen).not.toContain('Send this reply?');
    expect(lastBody(id)).toBe('no review');
  });
});

describe('a closed request at a terminal', () => {
  it('explains it cannot be reopened, and files a follow-up now: linked, subject pre-filled, the reply as its description', async () => {
    const id = await t.sandbox.seed('Nightly export fails');
    t.sandbox.setStatus(id, 'closed');
    const s = reply(id, ['--message', 'It is back since the upgrade']);
    await s.waitFor('a closed request cannot be reopened, so it takes no replies');
    await s.waitFor(`File a follow-up of #${id} now?`);
    s.write(KEYS.enter);
    await s.waitFor('CC (optional');
    s.line('');
    await s.waitFor('Subject (a brief summary)');
    await s.waitFor('Nightly export fails');
    s.write(KEYS.enter);
    await s.waitFor('Severity');
    s.write(KEYS.enter);
    await s.waitFor('Attach a file');
    s.line('');
    await s.waitFor('Review your request');
    await s.waitFor(`Follows up on closed request #${id}: Nightly export fails`);
    await s.waitFor('Send this request?');
    s.write(KEYS.enter);
    await s.waitFor(/Request #\d+ filed/);
    await s.waitFor(`It follows up on request #${id}.`);
    expect(await s.exited).toBe(0);
    expect(t.sandbox.requests().at(-1)).toMatchObject({ subject: 'Nightly export fails', description: 'It is back since the upgrade', followup_source_id: id });
    expect(t.sandbox.store.requests.get(id)!.comments).toHaveLength(1);
  });

  it('declined: exit 3, with the command for later, nothing sent', async () => {
    const id = await t.sandbox.seed();
    t.sandbox.setStatus(id, 'closed');
    const writes = t.sandbox.writes().length;
    const s = reply(id, ['--message', 'x']);
    await s.waitFor(`File a follow-up of #${id} now?`);
    s.line('n');
    await s.waitFor(`sigma-support submit --follow-up ${id}`);
    expect(await s.exited).toBe(3);
    expect(t.sandbox.writes()).toHaveLength(writes);
  });
});
