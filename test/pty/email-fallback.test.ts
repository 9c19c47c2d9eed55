// The email way offered at a terminal when the portal is down (issue 13, section 5): a real pty, the
// real CLI, a sandbox answering 5xx to everything.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PtySession } from '../helpers/pty.js';
import { tempDir } from '../helpers/files.js';
import { useFaultySandbox } from '../helpers/sandbox.js';

const withFaults = useFaultySandbox();
let session: PtySession | undefined;
afterEach(() => session?.kill());

function start(env: Record<string, string>, severity: string, more: string[] = []): PtySession {
  const home = tempDir('sigma-home-');
  session = new PtySession(
    ['submit', '--subject', 'Workbooks do not load', '--description', 'Every workbook spins (ID 77)', '--severity', severity, '--cc', 'ana@example.com', '--retries', '0', ...more],
    { ...env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_STATE_HOME: join(home, 'state') },
  );
  return session;
}

const draftOf = (screen: string) => /sigma-support submit --recover (\S+\.json)/.exec(screen)![1]!;

describe('the portal down at a terminal', () => {
  it('S1: offers the email, and yes writes the .eml beside the draft', async () => {
    const s = await withFaults('any=html502:always');
    const pty = start(s.env, 'S1');
    await pty.waitFor('What you gave is saved in a draft');
    await pty.waitFor('Write this S1 request as an email (.eml) to send from your mail client?');
    pty.line('y');
    await pty.waitFor('Wrote the request as an email: ');
    expect(await pty.exited).toBe(1);
    const eml = draftOf(pty.screen).replace(/\.json$/, '.eml');
    expect(pty.screen.replace(/\s+/g, '')).toContain(eml);
    expect(readFileSync(eml, 'utf8')).toMatch(/^Subject: \[S1\] Workbooks do not load\r$/m);
    expect(pty.screen).toMatch(/HTTP 502/);
    expect(s.requests()).toEqual([]);
  });

  it('5xx to every create, after the prompts: the same offer, and the email carries what was given', async () => {
    const s = await withFaults('create=503-bare:always');
    const pty = start(s.env, 'S1', ['--yes']);
    await pty.waitFor('The portal is down (');
    await pty.waitFor('as an email (.eml)');
    pty.line('y');
    await pty.waitFor('Wrote the request as an email: ');
    expect(await pty.exited).toBe(1);
    const eml = readFileSync(draftOf(pty.screen).replace(/\.json$/, '.eml'), 'utf8');
    expect(eml).toMatch(/^Cc: ana@example\.com\r$/m);
    expect(eml).toContain('Every workbook spins (ID 77)');
    expect(s.requests()).toEqual([]);
  });

  it('no writes nothing, and the draft stays', async () => {
    const s = await withFaults('any=html502:always');
    const pty = start(s.env, 'S1');
    await pty.waitFor('as an email (.eml)');
    pty.line('n');
    expect(await pty.exited).toBe(1);
    const draft = draftOf(pty.screen);
    expect(existsSync(draft)).toBe(true);
    expect(existsSync(draft.replace(/\.json$/, '.eml'))).toBe(false);
    expect(pty.screen).not.toContain('Wrote the request as an email');
  });
});
