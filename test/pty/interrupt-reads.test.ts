// Ctrl-C typed at the terminal while a submit waits for the portal's first reads (before any prompt):
// exit 130 at once, no retry, and a draft with what the flags gave.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/files.js';
import { KEYS, PtySession } from '../helpers/pty.js';
import { arrivalOf, useFaultySandbox } from '../helpers/sandbox.js';

const faulty = useFaultySandbox();

describe('Ctrl-C at a terminal while the portal is read', () => {
  it.each(['fields', 'list'] as const)('%s=hang: exit 130, no retry, the draft keeps the flags given', async (target) => {
    const sandbox = await faulty(`${target}=hang`);
    const state = tempDir('sigma-state-');
    const arrived = arrivalOf(sandbox, target);
    const s = new PtySession(['submit', '--subject', 'Typed before the hang', '--cc', 'ana@example.com', '--timeout', '10'], { ...sandbox.env, XDG_STATE_HOME: state });
    try {
      await arrived;
      s.write(KEYS.ctrlC);
      expect(await s.exited).toBe(130);
    } finally {
      s.kill();
    }
    expect(s.screen).not.toMatch(/retrying/);
    expect(s.screen).not.toMatch(/\n\s+at /);
    expect(s.screen).toMatch(/sigma-support submit --recover \S+/);
    expect(sandbox.writes()).toEqual([]);
    const dir = join(state, 'sigma-support', 'drafts');
    const drafts = readdirSync(dir).filter((n) => n.endsWith('.json'));
    expect(drafts).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(dir, drafts[0]!), 'utf8')).fields).toMatchObject({ subject: 'Typed before the hang', cc: ['ana@example.com'] });
  });
});
