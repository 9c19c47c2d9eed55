import { describe, expect, it } from 'vitest';
import { KEYS, PtySession, usePtySandbox } from '../helpers/pty.js';

const t = usePtySandbox();

describe('S0 at a terminal shows Sigma\'s categories and records the one picked', () => {
  it('lists the categories and checks after the warning, asks for the category after the typed S0, and sends it as the first line', async () => {
    t.session = new PtySession(['submit', '--cc', 'ana@example.com', '--subject', 'Charts show wrong totals', '--description', 'Totals double since 9:00 (ID 5c1)', '--severity', 'S0'], t.sandbox.env, { cols: 220 });
    const s = t.session;
    await s.waitFor('immediately alerts the on-call Sigma Support engineers');
    await s.waitFor("S0 is for these categories (Sigma's escalation criteria):");
    await s.waitFor('Core features not working: with no reasonable workaround: log in');
    await s.waitFor('Internal security: row-level security exposure');
    await s.waitFor('Does it happen in another browser, or in an incognito window?');
    await s.waitFor('Type S0');
    s.line('S0');
    await s.waitFor('Which S0 category is it?');
    s.write(KEYS.down + KEYS.enter); // Data and visualization issues
    await s.waitFor('Attach a file');
    s.line('');
    await s.waitFor(/S0 category +Data and visualization issues/);
    await s.waitFor('Send this request?');
    s.write(KEYS.enter);
    await s.waitFor(/Request #\d+ filed \(S0/);
    expect(await s.exited).toBe(0);
    expect(t.sandbox.requests().at(-1)!.description).toBe('S0 category: Data and visualization issues\n\nTotals double since 9:00 (ID 5c1)');
  });
});
