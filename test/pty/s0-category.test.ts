import { describe, expect, it } from 'vitest';
import { KEYS, PtySession, usePtySandbox } from '../helpers/pty.js';

const t = usePtySandbox();
/** One line a category: what an unwrapped list takes. */
const S0_LINES = 4;

describe('S0 at a terminal shows Sigma\'s categories and records the one picked', () => {
  it('lists the categories and checks after the warning, asks for the category after the typed S0, and sends it as the first line', async () => {
    t.session = new PtySession(['submit', '--cc', 'ana@example.com', '--subject', 'Charts show wrong totals', '--description', 'Totals double since 9:00 (ID 5c1)', '--severity', 'S0'], t.sandbox.env, { cols: 220 });
    const s = t.session;
    await s.waitFor('immediately alerts the on-call Sigma Support engineers');
    await s.waitFor("S0 is for these categories (Sigma's escalation criteria):");
    await s.waitFor('Core features not working: no reasonable workaround, for any of: log in');
    await s.waitFor('Internal security: row-level security exposure');
    await s.waitFor('Does it happen in another browser, or in an incognito window?');
    await s.waitFor('Type S0');
    s.line('S0');
    await s.waitFor('Which S0 category is it?');
    s.write(KEYS.down + KEYS.enter); // Data and visualization issues
    await s.waitFor('Organization (optional)'); // the sandbox form's optional text field, after Severity
    s.line('');
    await s.waitFor('Attach a file');
    s.line('');
    await s.waitFor(/S0 category +Data and visualization issues/);
    await s.waitFor('Send this request?');
    s.write(KEYS.enter);
    await s.waitFor(/Request #\d+ filed \(S0/);
    expect(await s.exited).toBe(0);
    expect(t.sandbox.requests().at(-1)!.description).toBe('S0 category: Data and visualization issues\n\nTotals double since 9:00 (ID 5c1)');
  });

  it('wraps the categories between words at the terminal width, each bullet hanging under its text', async () => {
    t.session = new PtySession(['submit', '--cc', 'ana@example.com', '--subject', 'Down', '--description', 'All down', '--severity', 'S0'], t.sandbox.env, { cols: 60 });
    const s = t.session;
    await s.waitFor('Before choosing S0, Sigma asks:');
    const block = s.screen.slice(s.screen.indexOf('S0 is for these categories'), s.screen.indexOf('Before choosing S0'));
    // at 60 columns the first category takes several lines: each breaks between words, indented under the text
    const lines = block.split(/\r?\n/).slice(1).filter((l) => l.trim());
    expect(lines.length).toBeGreaterThan(S0_LINES);
    for (const line of lines) {
      expect(line.length).toBeLessThan(60);
      expect(line).toMatch(/^ {2}• \S|^ {4}\S/);
    }
    for (const word of ['analyze', 'materialize', 'connection', 'visualizations']) expect(block.replace(/\r?\n {4}/g, ' ')).toContain(word);
    s.write(KEYS.ctrlC);
    await s.exited;
  });
});

