// What each command reads of dist/: the large libraries (dist/vendor/) only when used, and of
// those, only the parts the CLI uses.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { sampleAttachments, tempDir } from '../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

/** Runs the CLI and returns the names of the files it loaded from dist/. */
async function loads(args: string[]): Promise<string[]> {
  const record = join(tempDir(), 'loads.txt');
  const result = await runCli(args, { env: { ...sandbox.env, SIGMA_TEST_LOADS: record, NODE_OPTIONS: `--require ${join(ROOT, 'test', 'fixtures', 'record-loads.cjs')}` } });
  expect(result.exitCode).toBe(0);
  return existsSync(record) ? [...new Set(readFileSync(record, 'utf8').split('\n').filter(Boolean).map((p) => basename(p)))].sort() : [];
}

it('help reads help.cjs only', async () => {
  expect(await loads(['submit', '--help'])).toEqual(['help.cjs']);
});

it('a scripted submit reads no large library, with an attachment too (uploads go over node:http)', async () => {
  const fields = ['submit', '--subject', 'Lazy', '--description', 'd', '--severity', 'S3'];
  expect(await loads(fields)).toEqual(['cli.cjs']);
  expect(await loads([...fields, '--attach', sampleAttachments().log])).toEqual(['cli.cjs']);
});

it('requests list --json reads no large library', async () => {
  expect(await loads(['requests', 'list', '--json'])).toEqual(['cli.cjs']);
});

/** The files of npm packages in one of the build's outputs (from esbuild's metafiles, build/esbuild-meta.json). */
function packageFilesIn(output: string): string[] {
  const metafiles = JSON.parse(readFileSync(join(ROOT, 'build', 'esbuild-meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> }[];
  const found = metafiles.map((m) => m.outputs[output]).find(Boolean);
  expect(found, output).toBeDefined();
  return Object.keys(found!.inputs).filter((input) => input.includes('node_modules/'));
}

it('the prompts bundle holds the prompts the CLI asks with, not the editor prompt and its encoding libraries', () => {
  const files = packageFilesIn('dist/vendor/inquirer.cjs');
  expect(files.some((f) => f.includes('@inquirer/select/'))).toBe(true);
  expect(files.filter((f) => /node_modules\/(iconv-lite|chardet|@inquirer\/(editor|external-editor))\//.test(f))).toEqual([]);
});

it('the spinner bundle holds the spinners ora draws (dots, and line without Unicode) and no other', () => {
  expect(packageFilesIn('dist/vendor/ora.cjs').some((f) => f.includes('cli-spinners/'))).toBe(true);
  const text = readFileSync(join(ROOT, 'dist', 'vendor', 'ora.cjs'), 'utf8');
  expect(text).toMatch(/\bdots:\{/);
  expect(text).toMatch(/\bline:\{/);
  for (const other of ['dots2', 'bouncingBall', 'aesthetic']) expect(text).not.toMatch(new RegExp(`\\b${other}:\\{`));
});

/** The Node built-in modules a CLI run loaded (process.moduleLoadList), with `env` added to the sandbox's. */
async function builtins(args: string[], env: Record<string, string> = {}): Promise<string[]> {
  const record = join(tempDir(), 'builtins.txt');
  const result = await runCli(args, { env: { ...sandbox.env, ...env, SIGMA_TEST_BUILTINS: record, NODE_OPTIONS: `--require ${join(ROOT, 'test', 'fixtures', 'record-builtins.cjs')}` } });
  expect(result.exitCode).toBe(0);
  return readFileSync(record, 'utf8').split('\n').filter(Boolean);
}

// node:crypto, node:v8 and perf_hooks cost a scripted submit about 15 ms on Node 20 together
// (bench/notes.md): the idempotency key comes from /dev/urandom, and V8 flags are set only for a
// form field's pattern or a HAR scrub.
it('a scripted submit and requests list load neither node:crypto, node:v8 nor perf_hooks', async () => {
  const unwanted = ['crypto', 'v8', 'perf_hooks'];
  const submit = await builtins(['submit', '--subject', 'Lazy', '--description', 'd', '--severity', 'S3', '--json']);
  expect(submit).toContain('http'); // the record is real: the calls were made
  expect(submit.filter((m) => unwanted.includes(m))).toEqual([]);
  const list = await builtins(['requests', 'list', '--json']);
  expect(list.filter((m) => unwanted.includes(m))).toEqual([]);
});

it('requests list with the Severity field cached does not load node:fs/promises', async () => {
  const home = { HOME: tempDir('home-') };
  // the first run discovers the field and writes the cache (that needs fs/promises); the second reads it
  expect(await builtins(['requests', 'list', '--json'], home)).toContain('fs/promises');
  expect(await builtins(['requests', 'list', '--json'], home)).not.toContain('fs/promises');
});

// The draft and its lock are written and removed with synchronous calls (src/drafts/draft-store.ts),
// and an attachment is checked, read and recorded with them too (src/core/attachments.ts,
// uploads.ts): through libuv's thread pool, the first of them started the pool's threads, which a
// submit needs for nothing else (bench/notes.md). Counted against `node -e 0` with the same preload.
// (A text file is also scanned for secrets, through a stream: that one does start the pool.)
for (const attached of ['nothing', 'a binary file'] as const) {
  it.runIf(process.platform === 'linux')(`a scripted submit with ${attached} attached starts no thread of libuv's pool`, async () => {
    const recordThreads = join(ROOT, 'test', 'fixtures', 'record-threads.cjs');
    const threads = (record: string) => Number(readFileSync(record, 'utf8'));
    const baseline = join(tempDir(), 'threads.txt');
    execFileSync(process.execPath, ['--require', recordThreads, '-e', '0'], { env: { ...process.env, SIGMA_TEST_THREADS: baseline } });
    const attach = attached === 'nothing' ? [] : ['--attach', sampleAttachments().binary];
    // the second run of one HOME: the first writes the Severity field's cache (and the code cache)
    const home = tempDir('home-');
    const submit = async () => {
      const record = join(tempDir(), 'threads.txt');
      const result = await runCli(['submit', '--subject', 'Threads', '--description', 'd', '--severity', 'S3', '--json', ...attach], { env: { ...sandbox.env, HOME: home, SIGMA_TEST_THREADS: record, NODE_OPTIONS: `--require ${recordThreads}` } });
      expect(result.exitCode).toBe(0);
      const filed = JSON.parse(result.stdout) as { id: number; attachments: unknown[] };
      expect(filed.attachments).toHaveLength(attach.length / 2); // filed, with the file: the draft was written and removed
      return threads(record);
    };
    await submit();
    expect(await submit()).toBe(threads(baseline));
  });
}
