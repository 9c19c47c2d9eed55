/**
 * The one-line text prompt, built on @inquirer/core like inquirer's own input, with what a text
 * field needs at a terminal:
 * - Tab does what the field says: types a space (a subject), or completes a file path.
 * - Lines that arrive after Enter in the same input, as a multi-line paste does, are not dropped:
 *   they are handed to `onExtraLines` once the key presses of that input have all been read.
 */
import { completeTypedPath } from './typed-path.js';

type Core = typeof import('../vendor/inquirer.js');

export interface LineConfig {
  message: string;
  default?: string | undefined;
  validate?: ((value: string) => string | true | Promise<string | true>) | undefined;
  tab?: 'space' | 'path' | undefined;
  onExtraLines?: ((lines: string[]) => void) | undefined;
  /** Called on every change, with the line as it stands (kept for a draft if the prompt is stopped). */
  onChange?: ((value: string) => void) | undefined;
  answerStyle: (text: string) => string;
}

export function makeLinePrompt(core: Core) {
  const { createPrompt, isBackspaceKey, isEnterKey, isTabKey, makeTheme, useKeypress, usePrefix, useRef, useState } = core;
  return createPrompt<string, LineConfig>((config, done) => {
    const theme = makeTheme({});
    const [status, setStatus] = useState<'idle' | 'loading' | 'done'>('idle');
    const [defaultValue, setDefaultValue] = useState<string | undefined>(config.default || undefined);
    const [value, setValue] = useState('');
    const [error, setError] = useState<string | undefined>(undefined);
    const [hint, setHint] = useState<string | undefined>(undefined);
    const paste = useRef<{ collecting: boolean; lines: string[]; pending: string }>({ collecting: false, lines: [], pending: '' });
    const prefix = usePrefix({ status, theme });
    const change = (text: string) => {
      setValue(text);
      config.onChange?.(text);
    };

    const submit = async (answer: string, rl: { write: (s: string) => void }) => {
      const extra = paste.current.pending ? [...paste.current.lines, paste.current.pending] : paste.current.lines;
      paste.current = { collecting: false, lines: [], pending: '' };
      if (extra.some((l) => l.trim() !== '')) config.onExtraLines?.(extra);
      const valid = config.validate ? await config.validate(answer) : true;
      if (valid === true) {
        setValue(answer);
        setStatus('done');
        done(answer);
      } else {
        rl.write(value); // readline cleared the line on Enter: give it back to fix
        setError(valid);
        setStatus('idle');
      }
    };

    useKeypress((key, rl) => {
      if (paste.current.collecting) {
        // the rest of the same input, after Enter: a pasted line each
        if (isEnterKey(key)) {
          paste.current.lines.push(paste.current.pending);
          paste.current.pending = '';
        } else paste.current.pending = rl.line;
        return;
      }
      if (status !== 'idle') return;
      if (isEnterKey(key)) {
        const answer = value || defaultValue || '';
        setStatus('loading');
        setHint(undefined);
        paste.current = { collecting: true, lines: [], pending: '' };
        // Key presses of one input are all emitted before this runs.
        setImmediate(() => void submit(answer, rl));
      } else if (isTabKey(key)) {
        const typed = rl.line.replace(/\t/g, '');
        let line = typed;
        if (!typed && defaultValue) {
          line = defaultValue;
          setDefaultValue(undefined);
        } else if (config.tab === 'space') line = rl.line.replace(/\t/g, ' ');
        else if (config.tab === 'path') {
          const completion = completeTypedPath(typed);
          line = completion.line;
          setHint(completion.candidates.length ? completion.candidates.join('  ') : undefined);
        }
        rl.clearLine(0);
        rl.write(line);
        change(line);
      } else {
        if (isBackspaceKey(key) && !value) setDefaultValue(undefined);
        change(rl.line);
        setError(undefined);
      }
    });

    const shown = status === 'done' ? config.answerStyle(value) : value;
    const defaultText = defaultValue && status !== 'done' && !value ? theme.style.defaultAnswer(defaultValue) : undefined;
    const below = error ? theme.style.error(error) : hint ? theme.style.help(hint) : '';
    return [[prefix, theme.style.message(config.message, status), defaultText, shown].filter((v) => v !== undefined).join(' '), below];
  });
}
