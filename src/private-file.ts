/**
 * The small files the CLI keeps in its config folder (profiles.json, config.toml, the insecure
 * credentials file): read with `node:fs`, and written whole, mode 0600, through a temporary file
 * renamed over the old one. `node:fs/promises` (with the readline, streams and watchers it loads)
 * is loaded only to write: most commands only read these files, or find none.
 */
import { readFileSync } from 'node:fs';

/**
 * The file's text (UTF-8); rejects as `fs.readFile` does (ENOENT when there is none). Read at once:
 * these files are a few hundred bytes, and the first read through libuv's thread pool starts its
 * threads, which cost `auth status` with no credentials (three reads, often of files that are not
 * there) about 5 ms of CPU on Node 20.
 */
export function readText(path: string): Promise<string> {
  return new Promise((resolve) => resolve(readFileSync(path, 'utf8')));
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
