// What an upload loads of Node itself: it goes over node:http, and undici (bundled without HTTP/2 by
// scripts/build.js, for calls through a proxy) is not loaded; node:http2 cost half of undici's loading time.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { sampleAttachments, tempDir } from '../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

it('a submit that uploads a file over HTTP/1.1 never loads node:http2', async () => {
  const dir = tempDir();
  const record = join(dir, 'modules.txt');
  const preload = join(dir, 'record-modules.cjs');
  writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(record)}, process.moduleLoadList.join('\\n')));\n`);
  const files = sampleAttachments();
  const result = await runCli(['submit', '--subject', 'Modules', '--description', 'd', '--severity', 'S3', '--attach', files.log], { env: { ...sandbox.env, NODE_OPTIONS: `--require ${preload}` } });
  expect(result.exitCode).toBe(0);
  expect(sandbox.requests().at(-1)!.comments[0]!.attachments).toHaveLength(1);
  const modules = readFileSync(record, 'utf8').split('\n');
  expect(modules).toContain('NativeModule net'); // the record is of this run, which used sockets
  expect(modules).not.toContain('NativeModule http2');
});
