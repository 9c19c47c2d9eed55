// Ctrl-C (and SIGTERM) at each prompt: a draft with what was typed, a clean terminal, exit 130.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/files.js';
import { IN_PLACE_READY, KEYS, PtySession, submitWithoutAttachments, usePtySandbox, typeItHere } from '../helpers/pty.js';

const t = usePtySandbox();

const HIDE = '\u001b[?25l';
const SHOW = '\u001b[?25h';

/** The steps of the form, each: what to wait for, then how to answer it. */
const steps: Array<{ prompt: string; ready?: RegExp; answer: (s: PtySession) => void; gives: Record<string, unknown> }> = [
  { prompt: 'CC (optional', answer: (s) => s.line('ana@example.com'), gives: { cc: ['ana@example.com'] } },
  { prompt: 'Subject (a brief summary)', answer: (s) => s.line('Half-typed request'), gives: { subject: 'Half-typed request' } },
  { prompt: 'Description: what happened', answer: (s) => s.write(KEYS.down + KEYS.enter), gives: {} },
  {
    prompt: 'finish with a line',
    ready: IN_PLACE_READY,
    answer: (s) => {
      s.line('It broke at 9:00');
      s.line('.');
    },
    gives: { description: 'It broke at 9:00' },
  },
  { prompt: 'Severity', answer: (s) => s.write(KEYS.down + KEYS.enter), gives: { severity: 'S2' } },
  { prompt: 'Organization (optional)', answer: (s) => s.line(''), gives: {} },
  { prompt: 'Attach a file', answer: (s) => s.line(''), gives: {} },
  { prompt: 'Send this request?', answer: () => {}, gives: {} },
];

function onlyDraft(stateHome: string): { path: string; draft: { fields: Record<string, unknown> } } {
  const dir = join(stateHome, 'sigma-support', 'drafts');
  const files = readdirSync(dir);
  expect(files).toHaveLength(1);
  const path = join(dir, files[0]!);
  return { path, draft: JSON.parse(readFileSync(path, 'utf8')) };
}

describe('interrupting the interactive form', () => {
  it.each(steps.slice(1).map((step, i) => ({ at: step.prompt, index: i + 1 })))('Ctrl-C at "$at": a draft, a clean terminal, exit 130', async ({ index }) => {
    const state = tempDir('sigma-state-');
    const s = (t.session = new PtySession(['submit'], { ...t.sandbox.env, XDG_STATE_HOME: state }));
    const expected: Record<string, unknown> = {};
    for (const step of steps.slice(0, index)) {
      await s.waitFor(step.ready ?? step.prompt);
      step.answer(s);
      Object.assign(expected, step.gives);
    }
    await s.waitFor(steps[index]!.ready ?? steps[index]!.prompt);
    s.write(KEYS.ctrlC);
    expect(await s.exited).toBe(130);
    expect(s.screen).toMatch(/sigma-support submit --recover \S+/);
    const { draft } = onlyDraft(state);
    expect(draft.fields).toMatchObject(expected);
    // the cursor is shown again after the last time it was hidden
    expect(s.raw.lastIndexOf(SHOW)).toBeGreaterThan(s.raw.lastIndexOf(HIDE));
    expect(t.sandbox.writes()).toEqual([]);
  });

  it('Ctrl-C at the first prompt, with nothing given: exit 130 and no draft', async () => {
    const state = tempDir('sigma-state-');
    const s = (t.session = new PtySession(['submit'], { ...t.sandbox.env, XDG_STATE_HOME: state }));
    await s.waitFor('CC (optional');
    s.write(KEYS.ctrlC);
    expect(await s.exited).toBe(130);
    expect(s.screen).not.toContain('--recover');
    expect(() => readdirSync(join(state, 'sigma-support', 'drafts'))).toThrow();
  });

  it('a subject typed but not yet entered is kept', async () => {
    const state = tempDir('sigma-state-');
    const s = (t.session = new PtySession(['submit', '--cc', 'ana@example.com'], { ...t.sandbox.env, XDG_STATE_HOME: state }));
    await s.waitFor('Subject (a brief summary)');
    s.write('Exports fail aft');
    await s.waitFor('Exports fail aft');
    s.write(KEYS.ctrlC);
    expect(await s.exited).toBe(130);
    expect(onlyDraft(state).draft.fields).toMatchObject({ cc: ['ana@example.com'], subject: 'Exports fail aft' });
  });

  it('lines typed into the description before Ctrl-C are kept', async () => {
    const state = tempDir('sigma-state-');
    const s = (t.session = new PtySession(['submit', '--subject', 'Long story', '--cc', 'ana@example.com'], { ...t.sandbox.env, XDG_STATE_HOME: state }));
    await s.waitFor('Description: what happened');
    await typeItHere(s);
    s.line('First line of a long story');
    s.line('Second line');
    await s.waitFor('Second line');
    s.write(KEYS.ctrlC);
    expect(await s.exited).toBe(130);
    expect(onlyDraft(state).draft.fields).toMatchObject({ subject: 'Long story', description: 'First line of a long story\nSecond line' });
  });

  it('SIGTERM at a prompt also keeps a draft and exits 130', async () => {
    const state = tempDir('sigma-state-');
    const s = (t.session = new PtySession(['submit', '--subject', 'Terminated', '--cc', 'ana@example.com'], { ...t.sandbox.env, XDG_STATE_HOME: state }));
    await s.waitFor('Description: what happened');
    s.signal('SIGTERM');
    expect(await s.exited).toBe(130);
    expect(onlyDraft(state).draft.fields).toMatchObject({ subject: 'Terminated', cc: ['ana@example.com'] });
  });

  it('the draft fills the form again with --recover, and is removed once the request exists', async () => {
    const state = tempDir('sigma-state-');
    let s = (t.session = new PtySession(['submit', '--subject', 'Recovered later', '--description', 'Typed before Ctrl-C', '--cc', 'ana@example.com'], { ...t.sandbox.env, XDG_STATE_HOME: state }));
    await s.waitFor('Severity');
    s.write(KEYS.ctrlC);
    expect(await s.exited).toBe(130);
    const { path } = onlyDraft(state);
    s = t.session = new PtySession(['submit', '--recover', path], { ...t.sandbox.env, XDG_STATE_HOME: state });
    await s.waitFor('Severity');
    s.write(KEYS.enter);
    await s.waitFor('Organization (optional)'); // the sandbox form's optional text field, after Severity
    s.line('');
    expect(await submitWithoutAttachments(s)).toBe(0);
    expect(t.sandbox.requests().at(-1)).toMatchObject({ subject: 'Recovered later', description: 'Typed before Ctrl-C' });
    expect(readdirSync(join(state, 'sigma-support', 'drafts'))).toEqual([]);
  });
});
