// The CLI keeps a V8 code cache of dist/cli.cjs in the user's cache folder
// (bin/code-cache.cjs): written by the first run, read by the next, and a damaged one is ignored.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/files.js';

it('writes the cache once, and a damaged cache changes nothing but is written again', async () => {
  const home = tempDir('home-');
  const folder = join(home, '.cache', 'sigma-support');
  const caches = () => readdirSync(folder).filter((f) => f.endsWith('.v8cache'));
  // a command the full CLI answers without the network (`auth status` is answered by its own bundle: bin/sigma-support.cjs)
  const first = await runCli(['requests', 'list', '--json'], { env: { HOME: home } });
  expect(first.exitCode).toBe(4);
  expect(caches()).toHaveLength(1);
  const file = join(folder, caches()[0]!);

  const written = readFileSync(file);
  const second = await runCli(['requests', 'list', '--json'], { env: { HOME: home } });
  expect(second).toEqual(first);
  expect(readFileSync(file).equals(written)).toBe(true); // read, not written again

  // the same length, other bytes: V8 refuses it, the CLI compiles from the source and replaces it
  writeFileSync(file, Buffer.alloc(written.length, 0x5a));
  const third = await runCli(['requests', 'list', '--json'], { env: { HOME: home } });
  expect(third).toEqual(first);
  expect(caches()).toEqual([caches()[0]]);
  expect(readFileSync(file).equals(Buffer.alloc(written.length, 0x5a))).toBe(false);
});

// bin/code-cache.cjs opens the cache without waiting for a writer: a FIFO in its place (nobody
// writing to it) kept the CLI waiting for ever, and no Ctrl-C ended the wait.
it.skipIf(process.platform === 'win32')('a FIFO in place of the cache is no cache: the command answers, and the cache is written over it', async () => {
  const home = tempDir('home-');
  const folder = join(home, '.cache', 'sigma-support');
  const first = await runCli(['requests', 'list', '--json'], { env: { HOME: home } });
  const name = readdirSync(folder).find((f) => f.endsWith('.v8cache'))!;
  rmSync(join(folder, name));
  execFileSync('mkfifo', [join(folder, name)]);
  const second = await runCli(['requests', 'list', '--json'], { env: { HOME: home } });
  expect(second).toEqual(first);
  expect(statSync(join(folder, name)).isFile()).toBe(true);
});
