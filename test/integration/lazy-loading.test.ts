// What each command reads of dist/: the large libraries (dist/vendor/) only when used, and of
// those, only the parts the CLI uses.
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
