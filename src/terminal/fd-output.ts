/**
 * Standard output and error written straight to their descriptors, without setting up
 * process.stdout or process.stderr: making those loads Node's streams (and, for a pipe, its
 * networking), which costs short commands that print a few lines (help, src/help.ts; `auth status`,
 * src/fast/auth-status.ts) more than their own work.
 */
import { fstatSync, writeSync } from 'node:fs';

/**
 * Whether the descriptor is a terminal. Only a character device can be: for a pipe or a file this
 * answers without setting up process.stdout or loading node:tty.
 */
export function onTerminal(fd: 1 | 2): boolean {
  const stream = () => (fd === 1 ? process.stdout : process.stderr);
  if (process.platform === 'win32') return stream().isTTY === true; // consoles are not files there
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return stream().isTTY === true;
}

/** Writes the text to the descriptor, all of it, in one go; false if the reader has gone (EPIPE). */
export function writeToFd(fd: 1 | 2, text: string): boolean {
  const stream = () => (fd === 1 ? process.stdout : process.stderr);
  // On Windows the console needs the stream's conversion; elsewhere the bytes go straight out.
  if (process.platform === 'win32') {
    stream().write(text);
    return true;
  }
  const bytes = Buffer.from(text);
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(fd, bytes, done);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // a descriptor someone left non-blocking, and full: the stream waits for it instead
    if (code === 'EAGAIN') stream().write(bytes.subarray(done));
    else if (code === 'EPIPE') return false;
    else throw error;
  }
  return true;
}

/**
 * An output for IOStreams over the descriptor. A reader that has gone ends the process as
 * bin/sigma-support.cjs ends it for the full CLI: with the exit code set so far.
 */
export function fdOutput(fd: 1 | 2): NodeJS.WritableStream & { isTTY: boolean } {
  let tty: boolean | undefined;
  const output = {
    get isTTY() {
      return (tty ??= onTerminal(fd));
    },
    write(text: string) {
      if (!writeToFd(fd, text)) process.exit(process.exitCode ?? 0);
      return true;
    },
  };
  return output as unknown as NodeJS.WritableStream & { isTTY: boolean };
}
