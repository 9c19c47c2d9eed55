import { spawn, type IPty } from '@lydell/node-pty';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startTestSandbox, type TestSandbox } from './sandbox.js';
import { BIN, cleanEnv } from './cli.js';
import { defaultTicketFields } from '../../src/sandbox/fixtures.js';

/** The sandbox's form without its optional Organization field, for tests about the other prompts. */
export const WITHOUT_ORGANIZATION = { ticketFields: defaultTicketFields().filter((f) => f.title_in_portal !== 'Organization (optional)') };

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007|\u001b[()][A-Z0-9]|\u001b[=>78]/g;

/**
 * The in-place text prompt (a description or reply typed at the terminal) ready for keys: its hint
 * ("finish with a line ...") is written before the terminal is put in raw mode, and its "> " prompt
 * after. Keys sent in between meet the kernel's line editing instead: echoed by it, and a Ctrl-C
 * turned into a signal before the CLI has read the lines typed ahead of it.
 */
export const IN_PLACE_READY = /finish with a line.*\r?\n> /;

/**
 * Picks "Type it here" (the choice below the editor's) and waits for the in-place prompt: its hint
 * is written before the terminal goes raw, so keys sent on the hint would meet the kernel's line
 * editing (a Ctrl-C would be a signal before the lines typed ahead of it were read).
 */
export async function typeItHere(s: PtySession): Promise<void> {
  s.write(KEYS.down + KEYS.enter);
  await s.waitFor(IN_PLACE_READY);
}

export const KEYS = { up: '\u001b[A', down: '\u001b[B', enter: '\r', ctrlC: '\u0003', ctrlD: '\u0004' } as const;

/** The CLI running in a real pseudo-terminal, as a person would run it. */
export class PtySession {
  /** Everything the terminal received, escape sequences included. */
  raw = '';
  private consumed = 0;
  readonly exited: Promise<number>;
  private readonly pty: IPty;

  /**
   * `holdTerminal`: the CLI runs under a shell that keeps the terminal open after it exits, prints its
   * exit code, and waits. Linux may drop what a process wrote just before it closed its terminal,
   * if the reader had not read it yet (https://github.com/microsoft/node-pty/issues/726): a test
   * that reads everything a CLI printed as it exits (help) needs the terminal held.
   */
  constructor(args: readonly string[], env: Record<string, string | undefined>, size: { cols?: number; holdTerminal?: boolean } = {}) {
    const [file, argv] = size.holdTerminal ? ['/bin/sh', ['-c', '"$0" "$@"; printf "[exit %s]" "$?"; read -r _', process.execPath, BIN, ...args]] : [process.execPath, [BIN, ...args]];
    this.pty = spawn(file, argv, {
      name: 'xterm-256color',
      cols: size.cols ?? 100,
      rows: 40,
      env: cleanEnv({ TERM: 'xterm-256color', ...env }),
    });
    this.pty.onData((data) => {
      this.raw += data;
    });
    this.exited = new Promise((resolve) => {
      if (size.holdTerminal) {
        // the CLI's exit code, as the shell printed it once everything before it was shown
        this.pty.onData(() => {
          const printed = /\[exit (\d+)\]/.exec(this.screen);
          if (printed) resolve(Number(printed[1]));
        });
      }
      this.pty.onExit(({ exitCode }) => resolve(exitCode));
    });
  }

  /** Calls `listener` with each piece of output as it arrives. */
  onData(listener: (data: string) => void): void {
    this.pty.onData(listener);
  }

  /** Everything shown so far, without escape sequences. */
  get screen(): string {
    return this.raw.replace(ANSI, '');
  }

  /**
   * Waits until the output after the last match shows `pattern`; fails with the screen if it never
   * does. Looked for at once, then as each piece of output arrives (not on a timer).
   */
  waitFor(pattern: string | RegExp, timeoutMs = 20_000): Promise<void> {
    const found = (): boolean => {
      const text = this.raw.slice(this.consumed).replace(ANSI, '');
      const index = typeof pattern === 'string' ? text.indexOf(pattern) : text.search(pattern);
      if (index < 0) return false;
      // advance past this match in raw terms: find the position where the cleaned prefix ends
      this.consumed = this.advance(text.slice(0, index + (typeof pattern === 'string' ? pattern.length : 1)));
      return true;
    };
    if (found()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      // registered after the constructor's listener, so `raw` already holds the piece that arrived
      const listener = this.pty.onData(() => {
        if (!found()) return;
        listener.dispose();
        clearTimeout(timer);
        resolve();
      });
      const timer = setTimeout(() => {
        listener.dispose();
        reject(new Error(`timed out waiting for ${String(pattern)}; the screen shows:\n${this.screen}`));
      }, timeoutMs);
    });
  }

  private advance(cleanPrefix: string): number {
    let pos = this.consumed;
    let matched = 0;
    while (pos < this.raw.length && matched < cleanPrefix.length) {
      ANSI.lastIndex = 0;
      const rest = this.raw.slice(pos);
      const m = /^(?:\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007|\u001b[()][A-Z0-9]|\u001b[=>78])/.exec(rest);
      if (m) pos += m[0].length;
      else {
        pos++;
        matched++;
      }
    }
    return pos;
  }

  write(keys: string): void {
    this.pty.write(keys);
  }

  /** Types a line and presses Enter. */
  line(text: string): void {
    this.pty.write(`${text}\r`);
  }

  /** Sends a signal to the CLI process. */
  signal(name: NodeJS.Signals): void {
    process.kill(this.pty.pid, name);
  }

  kill(): void {
    try {
      this.pty.kill();
    } catch {
      // already gone
    }
  }
}

/**
 * The usual setup of a terminal test: one sandbox for the file, and the session under test killed
 * after each test. Read `sandbox` and set `session` through the returned object.
 */
export function usePtySandbox(options: Parameters<typeof startTestSandbox>[0] = {}): { sandbox: TestSandbox; session: PtySession | undefined } {
  const fixture = { sandbox: undefined as unknown as TestSandbox, session: undefined as PtySession | undefined };
  beforeAll(async () => {
    fixture.sandbox = await startTestSandbox(options);
  });
  afterAll(() => fixture.sandbox.close());
  afterEach(() => fixture.session?.kill());
  return fixture;
}

/**
 * The end of most interactive submits: no attachment, Submit at the review, the request filed, and
 * the CLI's exit code (the caller checks it).
 */
export async function submitWithoutAttachments(s: PtySession): Promise<number> {
  await s.waitFor('Attach a file');
  s.line('');
  await s.waitFor('Send this request?');
  s.write(KEYS.enter);
  await s.waitFor(/Request #\d+ filed/);
  return s.exited;
}

