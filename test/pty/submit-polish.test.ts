// The interactive submit, as a new user meets it in a real terminal: prompts, flags and the review.
import { describe, expect, it } from 'vitest';
import { KEYS, PtySession, usePtySandbox } from '../helpers/pty.js';

const t = usePtySandbox();

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
