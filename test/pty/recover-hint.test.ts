// The command a failed or interrupted submit prints to recover its draft is one that works as
// printed: it keeps the global flags given (--profile) and, for a sandbox run, --sandbox.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseShellWords } from '../../src/vendor/shell.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { tempDir } from '../helpers/files.js';
import { KEYS, PtySession } from '../helpers/pty.js';

let session: PtySession | undefined;
afterEach(() => session?.kill());

describe('the recovery hint', () => {
  it('after Ctrl-C in a --sandbox run with --profile: the printed command carries both, and works as printed', async () => {
    const home = tempDir('sigma-home-');
    const state = join(home, 'state');
    const env = { HOME: home, XDG_STATE_HOME: state, XDG_CONFIG_HOME: join(home, '.config') };
    const s = (session = new PtySession(['--profile', 'staging', 'submit', '--sandbox'], env));
    await s.waitFor('CC (optional');
    s.line('');
    await s.waitFor('Subject (a brief summary)');
    s.line('Exports fail after the upgrade');
    await s.waitFor('Description: what happened');
    s.write(KEYS.ctrlC);
    expect(await s.exited).toBe(130);
    const line = /^ *(sigma-support .*--recover .*)$/m.exec(s.screen.replace(/\r/g, ''))?.[1];
    const [draft] = readdirSync(join(state, 'sigma-support', 'drafts')).filter((n) => n.endsWith('.json'));
    expect(line).toBe(`sigma-support --profile staging submit --recover ${join(state, 'sigma-support', 'drafts', draft!)} --sandbox`);
    // run exactly what was printed (with the fields still missing, as a script gives them)
    const words = parseShellWords(line!).map(String).slice(1);
    const recovered = await runCliInProcess([...words, '--description', 'Error 5e1', '--severity', 'S3'], { env });
    expect(recovered.stderr).toContain('Recovering the draft');
    expect(recovered.exitCode).toBe(0);
    expect(recovered.stdout).toMatch(/#\d+/);
    expect(readdirSync(join(state, 'sigma-support', 'drafts')).filter((n) => n.endsWith('.json'))).toEqual([]);
  });
});
