// Help on a terminal is as wide as the terminal (help.cjs decides that without process.stdout
// for a pipe or a file, so a terminal is worth checking for real).
import { afterEach, expect, it } from 'vitest';
import { PtySession } from '../helpers/pty.js';

let session: PtySession | undefined;
afterEach(() => session?.kill());

async function helpAt(cols: number, args: string[]): Promise<string[]> {
  const s = (session = new PtySession(args, {}, { cols, holdTerminal: true }));
  expect(await s.exited).toBe(0);
  return s.screen.replace(/\[exit \d+\]$/, '').split(/\r?\n/);
}

it('wraps the description to the terminal width', async () => {
  const narrow = await helpAt(60, ['submit', '--help']);
  const wide = await helpAt(160, ['submit', '--help']);
  expect(narrow[2]).toBe('File a support request with Sigma: the portal\'s "Submit a');
  expect(wide[2]).toBe('File a support request with Sigma: the portal\'s "Submit a request" form, from a terminal or a script');
  expect(await helpAt(60, ['help', 'submit'])).toEqual(narrow);
});

it('wraps the text after the flag list too, between words, and submit --help names auth login', async () => {
  for (const args of [['submit', '--help'], ['auth', 'login', '--help'], ['--help']]) {
    const lines = await helpAt(60, args);
    for (const line of lines) expect(line.length, `${args.join(' ')}: ${line}`).toBeLessThanOrEqual(60);
  }
  const submit = (await helpAt(60, ['submit', '--help'])).join(' ').replace(/\s+/g, ' ');
  expect(submit).toContain('Credentials come from the login saved by `sigma-support auth login` (the secret in the OS keychain)');
  expect(submit).toContain('S0 pages the on-call Support engineers immediately, day or night.');
});
