// An upload that goes wrong part-way, over the transport that carries uploads (Node's own http,
// src/portal/node-transport.ts): a portal that stops reading, a dropped connection, Ctrl-C, an answer
// before the body is all sent, an answer without end, a file that shrinks. Each file is large enough (16 MB) that the
// socket buffers on loopback cannot take it all: the failure comes while the CLI is still writing.
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { parseFault } from '../../src/sandbox/faults.js';
import { startCli } from '../helpers/cli.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { tempDir } from '../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const FILE_BYTES = 16 * 1024 * 1024;
const fields = ['submit', '--subject', 'Exports fail', '--description', 'Error ID 5e1-77', '--severity', 'S2'];
const NO_STACK = /\n\s+at /;

let sandbox: TestSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

function largeFile(): string {
  const file = join(tempDir(), 'capture.bin');
  writeFileSync(file, Buffer.alloc(FILE_BYTES, 7));
  return file;
}

const uploadCalls = (s: TestSandbox) => s.store.readJournal().filter((e) => e.method === 'POST' && e.path.startsWith('/api/v2/uploads'));

it('a portal that stops reading part-way: the upload ends at --timeout, and nothing is created', async () => {
  sandbox = await startTestSandbox({ faults: [parseFault('upload=stall:always')] });
  const result = await runCliInProcess([...fields, '--attach', largeFile(), '--timeout', '1', '--retries', '0'], { env: sandbox.env });
  expect(result.timedOut).toBe(false);
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toMatch(/did not answer within 1 s while uploading capture\.bin/);
  expect(result.stderr).not.toMatch(NO_STACK);
  expect(uploadCalls(sandbox)).toHaveLength(1);
  expect(sandbox.requests()).toEqual([]);
});

it('a connection dropped part-way, every time: tried again as --retries allows, then one clear error, and nothing is created', async () => {
  sandbox = await startTestSandbox({ faults: [parseFault('upload=reset:always')] });
  const result = await runCliInProcess([...fields, '--attach', largeFile(), '--retries', '1'], { env: sandbox.env });
  expect(result.timedOut).toBe(false);
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toMatch(/retrying in \d+ s \(try 2 of 2\)/);
  expect(result.stderr).toMatch(/the connection to 127\.0\.0\.1:\d+ was lost while uploading capture\.bin/);
  expect(result.stderr).not.toMatch(NO_STACK);
  expect(uploadCalls(sandbox).map((e) => e.status)).toEqual([0, 0]);
  expect(sandbox.store.uploads.size).toBe(0);
  expect(sandbox.requests()).toEqual([]);
});

it('Ctrl-C part-way: the upload stops where it is (the portal gets no more of it), exit 130, nothing is created', async () => {
  let received = 0;
  let interrupt: () => void = () => {};
  sandbox = await startTestSandbox({
    // 1 MB/s: the 16 MB file would take 16 s; it is stopped once 1 MB has arrived (an event, not a timer)
    throttleBytesPerSecond: 1024 * 1024,
    onUploadBytes: (_name, bytes) => {
      received = bytes;
      if (bytes >= 1024 * 1024) interrupt();
    },
  });
  const child = startCli([...fields, '--attach', largeFile()], { env: sandbox.env });
  let sent = false;
  interrupt = () => {
    if (!sent) process.kill(child.pid!, 'SIGINT');
    sent = true;
  };
  const result = await child;
  expect(result.exitCode).toBe(130);
  expect(String(result.stderr)).toMatch(/Interrupted by SIGINT/);
  expect(String(result.stderr)).not.toMatch(/retrying/);
  expect(received).toBeLessThan(FILE_BYTES);
  expect(sandbox.store.uploads.size).toBe(0);
  expect(sandbox.requests()).toEqual([]);
});

it('a 413 before the body is all sent, the rest left unread: that answer is the one reported, at once', async () => {
  sandbox = await startTestSandbox({ faults: [parseFault('upload=413-unread:always')] });
  // a --timeout far longer than the test: a CLI that waited to finish sending would outlast it
  const result = await runCliInProcess([...fields, '--attach', largeFile(), '--timeout', '600'], { env: sandbox.env });
  expect(result.timedOut).toBe(false);
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toMatch(/refused \S*capture\.bin \(16777216 bytes\): it is over the portal's size limit \(HTTP 413\)/);
  expect(uploadCalls(sandbox).map((e) => e.status)).toEqual([413]);
  expect(sandbox.requests()).toEqual([]);
});

it.each([
  ['huge', 'a stated length of 600 MB'],
  ['endless', 'no end'],
])('an upload answered with %s (%s) while its body is still being sent: refused past 8 MB, nothing is created', async (kind) => {
  sandbox = await startTestSandbox({ faults: [parseFault(`upload=${kind}:always`)] });
  const result = await runCliInProcess([...fields, '--attach', largeFile(), '--retries', '0'], { env: sandbox.env });
  expect(result.timedOut).toBe(false);
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toMatch(/the answer from 127\.0\.0\.1:\d+ is larger than 8 MB while uploading capture\.bin: it was not read/);
  expect(result.stderr).not.toMatch(NO_STACK);
  expect(sandbox.requests()).toEqual([]);
});

it('a file that shrinks while it uploads: the short body is never ended as if whole; the file is named (exit 2), and nothing is created', async () => {
  const file = largeFile();
  // cut to 3 MB as its upload reaches the portal (an event, not a timer)
  sandbox = await startTestSandbox({ onUploadStart: () => truncateSync(file, 3 * 1024 * 1024) });
  const result = await runCliInProcess([...fields, '--attach', file, '--timeout', '600'], { env: sandbox.env });
  expect(result.timedOut).toBe(false);
  expect(result.exitCode).toBe(2);
  expect(result.stderr).toMatch(/--attach \S*capture\.bin: the file changed size while it was uploading/);
  expect(sandbox.store.uploads.size).toBe(0);
  expect(sandbox.requests()).toEqual([]);
});
