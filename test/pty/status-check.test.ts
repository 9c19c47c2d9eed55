import { describe, expect, it } from 'vitest';
import { KEYS, PtySession, usePtySandbox, WITHOUT_ORGANIZATION } from '../helpers/pty.js';

// A form without the sandbox's optional Organization field: these tests are about the other prompts.
const t = usePtySandbox(WITHOUT_ORGANIZATION);

function start(args: string[], env: Record<string, string> = {}): PtySession {
  t.session = new PtySession(['submit', '--cc', 'ana@example.com', '--subject', 'Workbooks do not load', '--description', 'Every workbook spins (ID 77)', ...args], { ...t.sandbox.env, ...env });
  return t.session;
}

describe('the status page before S0 and S1 at a terminal', () => {
  it('shows the unresolved incidents before the S0 confirmation, and stopping sends nothing (exit 3, subscribe link)', async () => {
    const id = t.sandbox.statusPage.declare('Workbooks fail to load', 'We are investigating slow workbook loads.');
    try {
      const writes = t.sandbox.writes().length;
      const s = start(['--severity', 'S0']);
      await s.waitFor('lists 1 unresolved incident');
      await s.waitFor('Workbooks fail to load (investigating, major impact)');
      await s.waitFor('We are investigating slow workbook loads.');
      await s.waitFor('Is your problem this incident?');
      expect(s.screen).not.toContain('Type S0'); // before the confirmation
      s.line('y');
      await s.waitFor('Stop here?');
      s.write(KEYS.enter); // Stop here
      await s.waitFor(`subscribe to updates ("Subscribe to updates"), at ${t.sandbox.url.origin}/status`);
      await s.waitFor('Stopped: Sigma is already working on this incident. Nothing was sent.');
      expect(await s.exited).toBe(3);
      expect(t.sandbox.writes()).toHaveLength(writes);
    } finally {
      t.sandbox.statusPage.resolve(id);
    }
  });

  it('a different problem goes on to the review (S1)', async () => {
    const id = t.sandbox.statusPage.declare('Login slow for some users');
    try {
      const s = start(['--severity', 'S1']);
      await s.waitFor('Attach a file');
      s.line('');
      await s.waitFor('Login slow for some users');
      await s.waitFor('Is your problem this incident?');
      s.line('n');
      await s.waitFor('Send this request?');
      s.write(KEYS.enter);
      await s.waitFor(/Request #\d+ filed \(S1/);
      expect(await s.exited).toBe(0);
    } finally {
      t.sandbox.statusPage.resolve(id);
    }
  });

  it('an unreachable page is said in one line, and filing goes on', async () => {
    const s = start(['--severity', 'S1'], { SIGMA_SUPPORT_STATUS_URL: 'http://127.0.0.1:9' });
    await s.waitFor('Attach a file');
    s.line('');
    await s.waitFor('could not be checked');
    await s.waitFor('Send this request?');
    s.write(KEYS.enter);
    await s.waitFor(/Request #\d+ filed/);
    expect(await s.exited).toBe(0);
  });
});
