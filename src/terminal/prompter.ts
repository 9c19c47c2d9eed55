/**
 * The questions a command may ask, as an interface, so commands do not depend on a prompt library
 * and tests may answer them. The real one uses inquirer's prompts, loaded only when a prompt is due.
 */
import type { IOStreams } from './iostreams.js';
import { CancelledError, InterruptedError } from '../errors.js';
import { styleFor } from './style.js';
import type { EditorFailure } from './editor.js';
import { sanitize } from './sanitize.js';

export interface Choice<T> {
  value: T;
  name: string;
  description?: string;
}

export interface Prompter {
  /**
   * One line of text. `tab`: what Tab does (a space, or completing a file path). `onExtraLines`:
   * receives the lines that came after Enter in one multi-line paste, which are never dropped silently.
   */
  input(options: {
    message: string;
    default?: string;
    validate?: (value: string) => string | true | Promise<string | true>;
    tab?: 'space' | 'path';
    onExtraLines?: (lines: string[]) => void;
  }): Promise<string>;
  password(options: { message: string; validate?: (value: string) => string | true }): Promise<string>;
  select<T>(options: { message: string; choices: ReadonlyArray<Choice<T>>; default?: T }): Promise<T>;
  confirm(options: { message: string; default?: boolean }): Promise<boolean>;
  /**
   * Opens $VISUAL/$EDITOR on a temporary file holding `initial`; resolves to what was saved. If the
   * editor cannot be used, says why and has the text typed in place instead, keeping what there was.
   */
  editor(options: { message: string; initial?: string; postfix?: string; strip?: (saved: string) => string }): Promise<string>;
  /** Reads several lines typed in place, up to a line holding only "." or Ctrl-D. */
  multiline(options: { message: string }): Promise<string>;
}

/**
 * Inquirer renders to stderr (stdout carries only results) and reads the given stdin. Ctrl-C at a
 * prompt, or the run's signal (SIGTERM, SIGHUP), ends the prompt with an InterruptedError.
 */
export function inquirerPrompter(io: IOStreams, signal?: AbortSignal, env: NodeJS.ProcessEnv = process.env): Prompter {
  const context = { input: io.stdin, output: io.stderr, clearPromptOnDone: false, ...(signal ? { signal } : {}) } as const;
  const load = () => import('../vendor/inquirer.js');
  /** `typed`: what the prompt held when it was stopped, carried by the InterruptedError for the draft. */
  const guard = async <T>(ask: () => Promise<T>, typed?: () => string): Promise<T> => {
    if (signal?.aborted) throw signal.reason;
    try {
      return await ask();
    } catch (error) {
      const partial = typed?.() || undefined;
      if (error instanceof Error && error.name === 'ExitPromptError') throw new InterruptedError('Interrupted (Ctrl-C).', partial);
      if (error instanceof Error && error.name === 'AbortPromptError') {
        const reason = signal?.reason instanceof Error ? signal.reason : new CancelledError();
        throw reason instanceof InterruptedError && partial ? new InterruptedError(reason.message, partial) : reason;
      }
      throw error;
    }
  };
  const answerStyle = styleFor(io).cyan;
  let linePrompt: Promise<ReturnType<typeof import('./line-prompt.js').makeLinePrompt>> | undefined;
  /** A text prompt (line-prompt.ts), and what has been typed into it so far, for the draft. */
  const input = async (o: Parameters<Prompter['input']>[0]): Promise<string> => {
    let typed = '';
    linePrompt ??= Promise.all([import('./line-prompt.js'), load()]).then(([m, core]) => m.makeLinePrompt(core));
    return guard(
      async () =>
        (await linePrompt!)({ message: o.message, default: o.default, validate: o.validate, tab: o.tab, onExtraLines: o.onExtraLines, onChange: (v) => (typed = v), answerStyle }, context),
      () => typed,
    );
  };
  return {
    input,
    password: (o) => guard(async () => (await load()).password({ message: o.message, mask: '*', validate: o.validate }, context)),
    select: <T>(o: { message: string; choices: ReadonlyArray<Choice<T>>; default?: T }) =>
      guard(async () =>
        (await load()).select<T>({ message: o.message, choices: o.choices.map((c) => ({ ...c })), default: o.default, pageSize: 10 }, context),
      ),
    confirm: (o) => guard(async () => (await load()).confirm({ message: o.message, default: o.default }, context)),
    editor: async (o) => {
      if (signal?.aborted) throw signal.reason;
      const { editText, EditorFailure } = await import('./editor.js');
      // `strip`: what is taken out of the saved text (notes for the user), here and when the editor fails
      const strip = o.strip ?? ((saved: string) => saved);
      let text: string;
      try {
        text = strip(await editText(o.initial ?? '', { env, stdin: io.stdin, postfix: o.postfix ?? '.txt' }));
      } catch (error) {
        if (!(error instanceof EditorFailure)) throw error;
        const kept = new EditorFailure(error.message, strip(error.text));
        if (signal?.aborted) throw interrupted(signal, kept.text);
        return typeInstead(io, o.message, kept, signal);
      }
      if (signal?.aborted) throw interrupted(signal, text);
      return text;
    },
    multiline: (o) => readLines(io, o.message, signal),
  };
}

function interrupted(signal: AbortSignal, partial: string): InterruptedError {
  return new InterruptedError(signal.reason instanceof Error ? signal.reason.message : 'Interrupted.', partial.trim() ? partial : undefined);
}

/** After the editor failed: says so, shows what is kept, and reads the text typed in place. */
async function typeInstead(io: IOStreams, message: string, failure: EditorFailure, signal?: AbortSignal): Promise<string> {
  const style = styleFor(io);
  io.stderr.write(`${style.red('✖')} ${sanitize(failure.message)}.\nType it here instead (for an editor next time, set $VISUAL or $EDITOR to one that works).\n`);
  const kept = failure.text.trim() ? failure.text : '';
  if (kept) {
    io.stderr.write(`What you had is kept:\n${sanitize(kept, { multiline: true }).replace(/^/gm, '  | ')}\nType new text to replace it, or only "." to keep it as it is.\n`);
  }
  const typed = await readLines(io, message, signal, kept);
  return typed.trim() ? typed : kept;
}

/** `kept`: text already given, which an interrupt keeps for the draft when nothing new was typed. */
async function readLines(io: IOStreams, message: string, signal?: AbortSignal, kept = ''): Promise<string> {
  const { createInterface } = await import('node:readline');
  io.stderr.write(`${message}\n  (finish with a line holding only "." or with Ctrl-D)\n`);
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: true, prompt: '> ' });
  const lines: string[] = [];
  return new Promise<string>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      rl.close();
      fn();
    };
    rl.on('line', (line) => {
      if (line.trim() === '.') finish(() => resolve(lines.join('\n')));
      else {
        lines.push(line);
        rl.prompt();
      }
    });
    // the line being typed counts too; what comes next (the draft's message) starts on a line of its own
    const partial = () => {
      const typed = rl.line === '' ? lines : [...lines, rl.line];
      return typed.length ? typed.join('\n') : kept || undefined;
    };
    const stop = (message: string) => {
      if (settled) return;
      const text = partial();
      io.stderr.write('\n');
      finish(() => reject(new InterruptedError(message, text)));
    };
    rl.on('SIGINT', () => stop('Interrupted (Ctrl-C).'));
    signal?.addEventListener('abort', () => stop((signal.reason as Error).message), { once: true });
    rl.on('close', () => finish(() => resolve(lines.join('\n'))));
    rl.prompt();
  });
}
