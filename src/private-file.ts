/**
 * The small files the CLI keeps in its config folder (profiles.json, config.toml, the insecure
 * credentials file): read with `node:fs`, and written whole, mode 0600, through a temporary file
 * renamed over the old one. `node:fs/promises` (with the readline, streams and watchers it loads)
 * is loaded only to write: most commands only read these files, or find none.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';

/**
 * The file's text (UTF-8); rejects as `fs.readFile` does (ENOENT when there is none), and the same
 * way for anything but a regular file. Read at once: these files are a few hundred bytes, and the
 * first read through libuv's thread pool starts its threads, which cost `auth status` with no
 * credentials (three reads, often of files that are not there) about 5 ms of CPU on Node 20. The
 * file is opened without waiting (O_NONBLOCK, where there is one) and checked before it is read: a
 * FIFO or a device in its place could keep a read waiting without end, and no Ctrl-C ends a process
 * whose read waits (not in the thread pool either: Node waits for its threads as it exits). Callers
 * take it as they take a directory in its place: as no file.
 */
export function readText(path: string): Promise<string> {
  return new Promise((resolve) => resolve(readTextNow(path)));
}

/** readText's text, returned at once; throws where readText rejects. */
export function readTextNow(path: string): string {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    if (!fstatSync(fd).isFile()) throw Object.assign(new Error(`${path}: not a regular file`), { code: 'EINVAL' });
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/** Writes `text` to `path` in `dir` (made, mode 0700, when missing): all of it, or nothing. */
export async function writePrivateFile(dir: string, path: string, text: string): Promise<void> {
  const { chmod, mkdir, rename, writeFile } = await import('node:fs/promises');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, text, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, path);
}
