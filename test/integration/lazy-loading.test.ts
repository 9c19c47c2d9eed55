// What each command reads of dist/: the large libraries (dist/vendor/) only when used, and of the
// CLI's own files (dist/cli.cjs and the dist/chunk-*.cjs it is split into) those of what it may run.
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

/** Runs the CLI and returns the paths of the files it loaded from dist/. */
async function loadedFiles(args: string[], exitCode = 0): Promise<string[]> {
  const record = join(tempDir(), 'loads.txt');
  const result = await runCli(args, { env: { ...sandbox.env, SIGMA_TEST_LOADS: record, NODE_OPTIONS: `--require ${join(ROOT, 'test', 'fixtures', 'record-loads.cjs')}` } });
  expect(result.exitCode).toBe(exitCode);
  return existsSync(record) ? [...new Set(readFileSync(record, 'utf8').split('\n').filter(Boolean))].sort() : [];
}

/** The names of the files a run loaded from dist/, the CLI's chunks counted as cli.cjs. */
async function loads(args: string[]): Promise<string[]> {
  return [...new Set((await loadedFiles(args)).map((p) => basename(p).replace(/^chunk-\w+\.cjs$/, 'cli.cjs')))].sort();
}

/** The source files (from their source maps) of the files a run loaded from dist/. */
const sourcesOf = (files: string[]) => files.flatMap((f) => (JSON.parse(readFileSync(`${f}.map`, 'utf8')) as { sources: string[] }).sources);

it('auth status reads the code of none of the commands it does not run', async () => {
  const sources = sourcesOf(await loadedFiles(['auth', 'status', '--json']));
  expect(sources).toContain('../src/cmd/auth/status.ts');
  for (const other of ['src/sandbox/server.ts', 'src/sandbox/routes/', 'src/cmd/submit/run.ts', 'src/cmd/requests/list.ts', 'src/core/har-', 'src/completion/', 'node_modules/smol-toml/']) {
    expect(sources.filter((s) => s.includes(other)), other).toEqual([]);
  }
});

it('help reads help.cjs only', async () => {
  expect(await loads(['submit', '--help'])).toEqual(['help.cjs']);
});

it('a scripted submit reads no large library; with an attachment, undici only', async () => {
  const fields = ['submit', '--subject', 'Lazy', '--description', 'd', '--severity', 'S3'];
  expect(await loads(fields)).toEqual(['cli.cjs']);
  expect(await loads([...fields, '--attach', sampleAttachments().log])).toEqual(['cli.cjs', 'undici.cjs']);
});

it('requests list --json reads no large library', async () => {
  expect(await loads(['requests', 'list', '--json'])).toEqual(['cli.cjs']);
});
