/**
 * Runs the user's editor ($VISUAL, then $EDITOR) on a private temporary file and reads back what
 * was saved. The variable is split into words the way a POSIX shell would (quotes, backslashes,
 * $VARIABLES), so `code --wait` and `"/opt/My Editor/bin/edit" -w` work; on Windows a backslash is
 * a path separator, not an escape, as in cmd.exe. cross-spawn starts it: on Windows it finds
 * `code.cmd` and other batch files through PATHEXT and quotes their arguments for cmd.exe, which
 * Node's own spawn refuses to run without a shell. A missing editor, one that cannot be run, one
 * that fails or is killed, or a file saved in something other than UTF-8, is an EditorFailure the
 * caller can recover from: it carries whatever the file held, so nothing typed is lost.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crossSpawn as spawn, parseShellWords as parse } from '../vendor/shell.js';

export class EditorFailure extends Error {
  constructor(
    message: string,
    /** The text in the file when the editor failed: what was given, or what the user saved before it failed. */
    readonly text: string,
  ) {
    super(message);
    this.name = 'EditorFailure';
  }
}

export interface EditorCommand {
  /** The variable's value, as set, for messages. */
  shown: string;
  file: string;
  args: string[];
}

/** The editor the user chose, split into a program and its arguments; a problem in words if it cannot be split. */
export function editorCommand(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): EditorCommand {
  const source = env.VISUAL?.trim() ? 'VISUAL' : env.EDITOR?.trim() ? 'EDITOR' : undefined;
  const shown = source ? env[source]!.trim() : platform === 'win32' ? 'notepad' : 'vi';
  const words = parse(platform === 'win32' ? shown.replace(/\\/g, '\\\\') : shown, (name) => env[name] ?? '');
  if (words.some((w) => typeof w !== 'string')) {
    throw new EditorFailure(`$${source} ("${shown}") holds shell operators or patterns, which are not run: point it at the editor itself, or at a script`, '');
  }
  const [file, ...args] = words as string[];
  if (!file) throw new EditorFailure(`$${source} ("${shown}") names no program`, '');
  return { shown, file, args };
}

function decode(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** What happened to the editor's process: undefined when it exited with 0, else a reason in words. */
function waitForEditor(command: EditorCommand, path: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(command.file, [...command.args, path], { stdio: 'inherit' });
    } catch (error) {
      resolve(`it could not be started (${(error as Error).message})`);
      return;
    }
    child.once('error', (error: NodeJS.ErrnoException) => {
      resolve(
        error.code === 'ENOENT'
          ? `"${command.file}" was not found`
          : error.code === 'EACCES'
            ? `"${command.file}" cannot be run (permission denied)`
            : `it could not be started (${error.code ?? error.message})`,
      );
    });
    child.once('exit', (code, signal) => resolve(signal ? `it was stopped by ${signal}` : code === 0 ? undefined : `it exited with status ${code}`));
  });
}

/**
 * Opens the editor on `initial` and resolves to what was saved. The terminal is left to the editor
 * meanwhile: standard input is paused and out of raw mode.
 */
export async function editText(initial: string, options: { env: NodeJS.ProcessEnv; stdin: NodeJS.ReadableStream; postfix?: string }): Promise<string> {
  const command = editorCommand(options.env);
  const dir = await mkdtemp(join(tmpdir(), 'sigma-support-edit-'));
  const path = join(dir, `text${options.postfix ?? '.txt'}`);
  try {
    await writeFile(path, initial, { mode: 0o600 });
    const tty = options.stdin as NodeJS.ReadableStream & { setRawMode?: (raw: boolean) => void; isTTY?: boolean };
    if (tty.isTTY) tty.setRawMode?.(false);
    tty.pause();
    const failed = await waitForEditor(command, path);
    const bytes = await readFile(path).catch(() => undefined);
    const text = bytes === undefined ? undefined : decode(bytes);
    const kept = text ?? initial;
    if (failed) throw new EditorFailure(`the editor ($VISUAL/$EDITOR: ${command.shown}) failed: ${failed}`, kept);
    if (bytes === undefined) throw new EditorFailure(`the editor (${command.shown}) left no file to read`, initial);
    if (text === undefined) throw new EditorFailure(`the editor (${command.shown}) saved text that is not UTF-8`, initial);
    return text;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
