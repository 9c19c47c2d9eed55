// The CLI keeps V8 code caches of dist/cli.cjs in the user's cache folder (bin/code-cache.cjs), on
// every Node, one per command: written by the first run of that command that succeeds, read by the
// next, and a damaged one is ignored.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  await sandbox.seed();
});
afterAll(() => sandbox.close());

it('writes the cache once, and a damaged cache changes nothing but is written again', async () => {
  const home = tempDir('home-');
  const folder = join(home, '.cache', 'sigma-support');
  const caches = () => readdirSync(folder).filter((f) => f.endsWith('.v8cache'));
  const env = { HOME: home, ...sandbox.env };
  const first = await runCli(['requests', 'list', '--json'], { env });
  expect(first.exitCode).toBe(0);
  expect(caches()).toHaveLength(1);
  const file = join(folder, caches()[0]!);

  const written = readFileSync(file);
  const second = await runCli(['requests', 'list', '--json'], { env });
  expect(second).toEqual(first);
  expect(readFileSync(file).equals(written)).toBe(true); // read, not written again

  // the same length, other bytes: V8 refuses it, the CLI compiles from the source and replaces it
  writeFileSync(file, Buffer.alloc(written.length, 0x5a));
  const third = await runCli(['requests', 'list', '--json'], { env });
  expect(third).toEqual(first);
  expect(caches()).toEqual([caches()[0]]);
  expect(readFileSync(file).equals(Buffer.alloc(written.length, 0x5a))).toBe(false);
});

it('each command has a cache of its own, and one that fails makes none', async () => {
  const home = tempDir('home-');
  const folder = join(home, '.cache', 'sigma-support');
  const caches = () => readdirSync(folder).filter((f) => f.endsWith('.v8cache')).sort();
  const env = { HOME: home, ...sandbox.env };
  expect((await runCli(['requests', 'list', '--json'], { env })).exitCode).toBe(0);
  const listCache = caches();
  expect(listCache).toHaveLength(1);
  const listBytes = readFileSync(join(folder, listCache[0]!));

  // another command: a cache beside the first, which stays as it was
  expect((await runCli(['--profile', 'work', 'requests', 'view', '1', '--json'], { env })).exitCode).toBe(0);
  expect(caches()).toHaveLength(2);
  expect(readFileSync(join(folder, listCache[0]!)).equals(listBytes)).toBe(true);
  // the same command with other values reads that cache: no third one
  expect((await runCli(['requests', 'view', '1'], { env })).exitCode).toBe(0);
  expect(caches()).toHaveLength(2);

  // a command that fails (no such request: exit 1) writes none
  const failed = await runCli(['requests', 'solve', '999999'], { env });
  expect(failed.exitCode).not.toBe(0);
  expect(caches()).toHaveLength(2);
});

// bin/code-cache.cjs opens the cache without waiting for a writer: a FIFO in its place (nobody
// writing to it) kept the CLI waiting for ever, and no Ctrl-C ended the wait.
it.skipIf(process.platform === 'win32')('a FIFO in place of the cache is no cache: the command answers, and the cache is written over it', async () => {
  const home = tempDir('home-');
  const folder = join(home, '.cache', 'sigma-support');
  const env = { HOME: home, ...sandbox.env };
  const first = await runCli(['requests', 'list', '--json'], { env });
  expect(first.exitCode).toBe(0);
  const name = readdirSync(folder).find((f) => f.endsWith('.v8cache'))!;
  rmSync(join(folder, name));
  execFileSync('mkfifo', [join(folder, name)]);
  const second = await runCli(['requests', 'list', '--json'], { env });
  expect(second).toEqual(first);
  expect(statSync(join(folder, name)).isFile()).toBe(true);
});

// One HOME used with two Nodes (a version manager; the bench runs Node 20, 22 and 24 in turn): each
// wrote its cache and deleted the other's, so every run compiled the bundle again. A cache is
// named after the install first, then the Node that made it; only other installs' are deleted.
it("keeps this install's caches made by another Node, and removes another install's", async () => {
  const home = tempDir('home-');
  const folder = join(home, '.cache', 'sigma-support');
  const env = { HOME: home, ...sandbox.env };
  expect((await runCli(['requests', 'list', '--json'], { env })).exitCode).toBe(0);
  const [mine] = readdirSync(folder).filter((f) => f.endsWith('.v8cache'));
  expect(mine).toContain(`-${process.version}-`);
  const otherNode = mine!.replace(`-${process.version}-`, '-v99.1.0-');
  const otherInstall = mine!.replace(/^cli-[^-]+-/, 'cli-0.0.1-');
  expect(new Set([mine, otherNode, otherInstall]).size).toBe(3);
  for (const name of [otherNode, otherInstall]) writeFileSync(join(folder, name), 'a cache');
  rmSync(join(folder, mine!)); // so that the next run writes its cache, and tidies the folder
  expect((await runCli(['requests', 'list', '--json'], { env })).exitCode).toBe(0);
  expect(readdirSync(folder).filter((f) => f.endsWith('.v8cache')).sort()).toEqual([mine, otherNode].sort());
});
