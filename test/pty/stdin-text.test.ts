/** `--description-file -` at a terminal: it says it is reading standard input and how to end it, and the first Ctrl-C stops it. */
import { describe, expect, it } from 'vitest';
import { KEYS, PtySession, usePtySandbox } from '../helpers/pty.js';

const t = usePtySandbox();

describe('--description-file - at a terminal', () => {
  it('says it is reading standard input and how to end it; the text typed is used', async () => {
    // --no-input: once standard input has ended (Ctrl-D), no prompt could read it
    t.session = new PtySession(['submit', '--description-file', '-', '--subject', 'From stdin', '--severity', 'S3', '--no-input'], t.sandbox.env);
    const s = t.session;
    await s.waitFor('--description-file -: reading standard input');
    await s.waitFor('press Ctrl-D on a line of its own');
    s.line('Typed at the terminal');
    s.write(KEYS.ctrlD);
    await s.waitFor(/Request #\d+ filed/);
    expect(await s.exited).toBe(0);
    expect(t.sandbox.requests().at(-1)!.description).toBe('Typed at the terminal');
  });

  it('the first Ctrl-C stops it, exit 130, and nothing is sent', async () => {
    const before = t.sandbox.writes().length;
    t.session = new PtySession(['submit', '--description-file', '-', '--subject', 'Stopped', '--severity', 'S3'], t.sandbox.env);
    const s = t.session;
    await s.waitFor('reading standard input');
    s.write(KEYS.ctrlC);
    expect(await s.exited).toBe(130);
    expect(s.screen).toMatch(/Interrupted/);
    expect(t.sandbox.writes().length).toBe(before);
  });
});
