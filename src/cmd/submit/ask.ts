/**
 * The interactive side of `submit`: one prompt per field of the portal's form, in its order, each
 * checked when Enter is pressed, the S0 guard, and the final review.
 */
import type { ChalkInstance } from 'chalk';
import prettyBytes from 'pretty-bytes';
import wrapAnsi from 'wrap-ansi';
import { checkAttachment, type Attachment, type AttachmentLimits } from '../../core/attachments.js';
import { checkCcList, checkDescription, checkEmail, checkSubject, splitAddresses } from '../../core/request-fields.js';
import { DEFAULT_LEVEL, LEVELS, LEVEL_INFO, S0_WARNING, type Level } from '../../severity/levels.js';
import { CancelledError, InterruptedError } from '../../errors.js';
import { terminalWidth, type IOStreams } from '../../terminal/iostreams.js';
import type { Prompter } from '../../terminal/prompter.js';
import { sanitize } from '../../terminal/sanitize.js';
import { parseTypedPath } from '../../terminal/typed-path.js';
import { withSkeleton, withoutSkeleton } from '../../templates/skeleton.js';
import { prefixedSubject } from '../../templates/subject-prefix.js';

/** The form as it is being filled: anything may still be missing. */
export interface FormState {
  cc: string[] | undefined;
  subject: string | undefined;
  description: string | undefined;
  severity: Level | undefined;
  attachments: Attachment[] | undefined;
  /** True once the user typed S0 at the guard (or passed --confirm-s0). */
  s0Confirmed: boolean;
}

export type FieldName = 'cc' | 'subject' | 'description' | 'severity' | 'attachments' | 'extra';

export interface Asker {
  prompter: Prompter;
  io: IOStreams;
  limits: AttachmentLimits;
  editorName: string;
  style: ChalkInstance;
  /** CCs offered when none were given (the config's `cc`). */
  defaultCc: string[];
  /** The subject offered when none was given (a follow-up's: the closed request's). */
  subjectDefault?: string | undefined;
  /** Runs before the S0 confirmation: the status page check (status-check.ts), which may stop the run. */
  beforeSevere?: (level: Level) => Promise<void>;
  /** Sigma's S0 categories: shown after the warning, picked once S0 is typed (s0-category.ts). */
  s0?: { show(): void; pick(): Promise<void> };
  /** Asks the form's extra fields, right after Severity (form-hook.ts). */
  afterSeverity?: () => Promise<void>;
  /** Asks the form's extra fields again, at the review (form-hook.ts); absent when it has none. */
  editExtra?: () => Promise<void>;
  /** A template's checklist for the editor, instead of the default one (templates/skeleton.ts). */
  skeleton?: readonly string[] | undefined;
  /** A template's subject prefix: put before the subject typed at the prompt. */
  subjectPrefix?: string | undefined;
}

const asCheck = (problem: string | undefined): string | true => problem ?? true;

export async function askCc(a: Asker, current: string[] = []): Promise<string[]> {
  const answer = await a.prompter.input({
    message: 'CC (optional: addresses that also get the request and every answer, comma-separated)',
    default: current.join(', '),
    validate: (value) => {
      const bad = splitAddresses([value]).map(checkEmail).find(Boolean);
      if (bad) return `${bad}: give full addresses such as name@example.com`;
      const list = checkCcList([value]);
      return list.ok ? true : list.problem;
    },
  });
  const list = checkCcList([answer]);
  return list.ok ? list.value : [];
}

/**
 * The subject. Tab types a space. A multi-line paste keeps its first line as the subject and hands
 * the other lines to `rest`, never dropping them.
 */
export async function askSubject(a: Asker, current?: string, rest?: (lines: string[]) => void, prefix?: string): Promise<string> {
  const answer = await a.prompter.input({
    message: prefix ? `Subject (a brief summary; it will start with "${sanitize(prefix)}")` : 'Subject (a brief summary)',
    default: current,
    tab: 'space',
    onExtraLines: (lines) => rest?.(lines),
    validate: (value) => {
      const c = checkSubject(value.trim() === '' ? value : prefixedSubject(value, prefix));
      return asCheck(c.ok ? undefined : `Subject ${c.problem}`);
    },
  });
  return prefix ? prefixedSubject(answer, prefix) : answer.trim();
}

/** What the description prompts need. */
export type DescriptionAsker = Pick<Asker, 'prompter' | 'io' | 'style' | 'editorName' | 'skeleton'>;

/**
 * The description in the editor: the text so far above the checklist of what Sigma Support needs
 * (templates/skeleton.ts), whose lines are removed when the editor closes, as they were left.
 */
function editDescription(a: DescriptionAsker, text: string): Promise<string> {
  const items = a.skeleton;
  return a.prompter.editor({ message: 'Description', initial: withSkeleton(text, items), strip: (saved) => withoutSkeleton(saved, items) });
}

/**
 * `--editor`: the description written in the editor, checked as soon as the editor closes; an empty
 * or invalid one is asked again (editor or typed in place) rather than failing at the very end.
 */
export async function askEditedDescription(a: DescriptionAsker): Promise<string> {
  const text = await editDescription(a, '');
  const c = checkDescription(text);
  if (c.ok) return c.value;
  a.io.stderr.write(`${a.style.red('✖')} Description ${c.problem}\n`);
  return askDescription(a, text.trim() === '' ? undefined : text);
}

/** `start`: lines pasted into the subject, which begin the description (in the editor, or before what is typed). */
export async function askDescription(a: DescriptionAsker, current?: string, start?: string): Promise<string> {
  for (;;) {
    const how = await a.prompter.select<'editor' | 'type'>({
      message: 'Description: what happened, with the error message and its ID',
      choices: [
        { value: 'editor', name: `Write it in your editor (${a.editorName})` },
        { value: 'type', name: current ? 'Type it again here' : start ? 'Type the rest here, after the pasted lines' : 'Type it here' },
      ],
      default: 'editor',
    });
    const text =
      how === 'editor'
        ? await editDescription(a, current ?? start ?? '')
        : [start, await a.prompter.multiline({ message: 'Description:' })].filter(Boolean).join('\n');
    const c = checkDescription(text);
    if (c.ok) return c.value;
    a.io.stderr.write(`${a.style.red('✖')} Description ${c.problem}\n`);
    if (text.trim() !== '') current = text;
  }
}

/** The severity picker; S0 must then be confirmed by typing S0, or the picker comes back. */
export async function askSeverity(a: Asker, current?: Level): Promise<Level> {
  for (;;) {
    const level = await a.prompter.select<Level>({
      message: 'Severity',
      choices: [...LEVELS].reverse().map((l) => ({ value: l, name: LEVEL_INFO[l].label, description: LEVEL_INFO[l].description })),
      default: current ?? DEFAULT_LEVEL,
    });
    if (level !== 'S0' || (await confirmS0(a))) return level;
    current = undefined;
  }
}

/** Shows the portal's S0 warning; true only when the user types S0. */
export async function confirmS0(a: Asker): Promise<boolean> {
  await a.beforeSevere?.('S0');
  a.io.stderr.write(`\n${wrapAnsi(`${a.style.bold.red('Warning:')} ${S0_WARNING}`, terminalWidth(a.io) - 1)}\n\n`);
  a.s0?.show();
  const typed = await a.prompter.input({ message: 'Type S0 to send it as S0, or anything else to choose again' });
  if (typed.trim() === 'S0') {
    await a.s0?.pick();
    return true;
  }
  a.io.stderr.write('Not confirmed: choose the severity again.\n');
  return false;
}

export async function askAttachments(a: Asker, current: Attachment[] = []): Promise<Attachment[]> {
  const chosen = [...current];
  for (;;) {
    let found: Attachment | undefined;
    const answer = await a.prompter.input({
      message: chosen.length ? `Attach another file (${chosen.length} attached; Enter when done)` : 'Attach a file (optional: its path; Tab completes; Enter for none)',
      tab: 'path',
      validate: async (value) => {
        // as typed, or as a terminal pastes a dragged-in file: quoted, backslash-escaped, with ~
        const path = parseTypedPath(value);
        if (path === '') return true;
        if (chosen.length >= a.limits.maxCount) return `At most ${a.limits.maxCount} files: pack them into an archive`;
        const result = checkAttachment(path, a.limits);
        if (!result.ok) return `${path}: ${result.problem}`;
        if (chosen.some((c) => c.realPath === result.value.realPath)) return `${path} is already attached`;
        found = result.value;
        return true;
      },
    });
    if (answer.trim() === '' || !found) return chosen;
    const picked: Attachment = found;
    chosen.push(picked);
    const target = picked.realPath !== picked.path ? ` → ${picked.realPath}` : '';
    a.io.stderr.write(`  ${a.style.green('+')} ${sanitize(picked.name)} (${prettyBytes(picked.size)})${sanitize(target)}\n`);
  }
}

/**
 * Lines pasted into the subject after its first: they start the description when it is still to be
 * written; otherwise they are shown back, so that nothing pasted disappears unsaid.
 */
function keepPasted(a: Asker, lines: string[], descriptionToCome: boolean): string | undefined {
  const text = lines.join('\n').replace(/^\n+|\s+$/g, '');
  if (!text) return undefined;
  const count = text.split('\n').length;
  const more = `The paste had ${count} more line${count === 1 ? '' : 's'} after the subject`;
  if (descriptionToCome) {
    a.io.stderr.write(`${a.style.yellow('!')} ${more}: they start the description.\n`);
    return text;
  }
  a.io.stderr.write(`${a.style.yellow('!')} ${more}, not used (copy them where they belong):\n${text.replace(/^/gm, '  ')}\n`);
  return undefined;
}

/** Asks whichever fields are still missing, in the order of the portal's form. */
export async function askMissing(a: Asker, state: FormState): Promise<void> {
  if (state.cc === undefined) state.cc = await askCc(a, a.defaultCc);
  let pasted: string[] = [];
  if (state.subject === undefined) {
    try {
      state.subject = await askSubject(a, a.subjectDefault, (lines) => (pasted = lines), a.subjectPrefix);
    } catch (error) {
      // a subject half typed goes into the draft, to finish when it is recovered
      if (error instanceof InterruptedError && error.partial?.trim()) state.subject = error.partial.trim();
      throw error;
    }
  }
  const start = keepPasted(a, pasted, state.description === undefined);
  if (state.description === undefined) {
    try {
      state.description = await askDescription(a, undefined, start);
    } catch (error) {
      // lines already typed in place go into the draft
      if (error instanceof InterruptedError && error.partial) state.description = error.partial;
      throw error;
    }
  }
  if (state.severity === undefined) {
    state.severity = await askSeverity(a);
    state.s0Confirmed = state.severity === 'S0';
  } else if (state.severity === 'S0' && !state.s0Confirmed) {
    if (await confirmS0(a)) state.s0Confirmed = true;
    else {
      state.severity = await askSeverity(a);
      state.s0Confirmed = state.severity === 'S0';
    }
  }
  await a.afterSeverity?.();
  if (state.attachments === undefined) state.attachments = await askAttachments(a);
}

/** The review: Submit, Edit a field (then back here), or Cancel (exit 3). */
export async function review(a: Asker, state: FormState, summary: () => string): Promise<void> {
  for (;;) {
    a.io.stderr.write(`\n${summary()}\n\n`);
    const action = await a.prompter.select<'submit' | 'edit' | 'cancel'>({
      message: 'Send this request?',
      choices: [
        { value: 'submit', name: 'Submit' },
        { value: 'edit', name: 'Edit a field' },
        { value: 'cancel', name: 'Cancel' },
      ],
      default: 'submit',
    });
    if (action === 'submit') return;
    if (action === 'cancel') throw new CancelledError();
    const field = await a.prompter.select<FieldName>({
      message: 'Which field?',
      choices: [
        { value: 'cc', name: 'CC' },
        { value: 'subject', name: 'Subject' },
        { value: 'description', name: 'Description' },
        { value: 'severity', name: 'Severity' },
        { value: 'attachments', name: 'Attachments' },
        ...(a.editExtra ? [{ value: 'extra' as const, name: "The form's other fields" }] : []),
      ],
    });
    switch (field) {
      case 'cc':
        state.cc = await askCc(a, state.cc);
        break;
      case 'subject': {
        let pasted: string[] = [];
        state.subject = await askSubject(a, state.subject, (lines) => (pasted = lines));
        keepPasted(a, pasted, false);
        break;
      }
      case 'description':
        state.description = await askDescription(a, state.description);
        break;
      case 'severity':
        state.severity = await askSeverity(a, state.severity);
        state.s0Confirmed = state.severity === 'S0';
        break;
      case 'attachments':
        // starts from the files already chosen, listed first
        if (state.attachments?.length) a.io.stderr.write(`Attached: ${state.attachments.map((f) => f.name).join(', ')}\n`);
        state.attachments = await askAttachments(a, state.attachments ?? []);
        break;
      case 'extra':
        await a.editExtra?.();
        break;
    }
  }
}
