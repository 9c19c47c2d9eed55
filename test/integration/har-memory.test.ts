// Scrubbing a HAR streams (src/core/har-stream.ts): what it leaves alone is copied through, and only
// the values it rewrites are held, one at a time and capped, so a 50 MB HAR, or one whose single
// body is 40 MB, costs about what a small HAR does (issue 13 §4). The real CLI against the sandbox on
// loopback, its peak memory as the kernel counted it, compared with a small HAR's.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/files.js';
import { JWT, writeHar, writeHarWithHugeBody, writeLargeHar } from '../helpers/har.js';
import { CAN_MEASURE_RSS, runCliMeasured } from '../helpers/peak-rss.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const fields = ['submit', '--subject', 'Session trace', '--description', 'Exports fail (ID 5e1-77)', '--severity', 'S3', '--json'];

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

function storedText(name: string): string {
  const stored = sandbox.requests().at(-1)!.comments[0]!.attachments.find((a) => a.file_name === name)!;
  return sandbox.storedBytes(stored.stored_as).toString('utf8');
}

describe.skipIf(!CAN_MEASURE_RSS)('HAR scrubbing: memory does not grow with the file', () => {
  let smallPeakMb = 0;
  beforeAll(async () => {
    const small = join(tempDir(), 'small.har');
    writeHar(small, 1);
    const run = await runCliMeasured([...fields, '--attach', small], { env: sandbox.env });
    expect(run.exitCode).toBe(0);
    smallPeakMb = run.peakRssMb;
  });

  /**
   * One submit of a 50 MB HAR, which both tests below look at: writing and scrubbing 50 MB is the
   * slowest thing in this file, and running it twice would measure the same process twice.
   */
  let large: Promise<{ run: Awaited<ReturnType<typeof runCliMeasured>>; entries: number; stored: string }> | undefined;
  const largeHar = () =>
    (large ??= (async () => {
      const har = join(tempDir(), 'session.har');
      const entries = await writeLargeHar(har, 49);
      const run = await runCliMeasured([...fields, '--attach', har], { env: sandbox.env });
      expect(run.exitCode).toBe(0);
      return { run, entries, stored: storedText('session.har') };
    })());

  it('a 50 MB HAR peaks within a few MB of a one-entry HAR, every entry scrubbed', async () => {
    const { run, entries, stored: text } = await largeHar();
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).scrubbed[0]).toMatchObject({ entries, removed: { cookie: 4 * entries, 'authorization header': entries, 'API-key header': entries } });
    expect(text).not.toContain(JWT);
    expect(JSON.parse(text).log.entries).toHaveLength(entries);
    // parsing whole entries as they came (@streamparser/json) cost 44 MB more than the small HAR,
    // measured; streaming, 6 to 12 MB (V8's young generation under the rewritten bodies)
    expect(run.peakRssMb - smallPeakMb).toBeLessThan(22);
  });

  // moved here from har-scrub.test.ts, to share the 50 MB submit above
  it('a scrubbed 50 MB HAR keeps the whole submit within 120 MB peak RSS (BENCHMARKS.md: ≤ 120 MB)', async () => {
    const { run, entries, stored: text } = await largeHar();
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).scrubbed[0].entries).toBe(entries);
    expect(run.peakRssMb).toBeGreaterThan(0);
    expect(run.peakRssMb).toBeLessThanOrEqual(120);
    expect(text).not.toContain(JWT);
    expect(JSON.parse(text).log.entries).toHaveLength(entries);
  });

  it('a HAR whose one posted body is 40 MB on one line: the body is replaced and counted, never sent, memory stays flat', async () => {
    const har = join(tempDir(), 'upload.har');
    await writeHarWithHugeBody(har, 40);
    const run = await runCliMeasured([...fields, '--attach', har], { env: sandbox.env });
    expect(run.exitCode).toBe(0);
    // held whole, the body cost 180 MB more than the small HAR (measured)
    expect(run.peakRssMb - smallPeakMb).toBeLessThan(22);
    expect(JSON.parse(run.stdout).scrubbed[0]).toMatchObject({ entries: 1, removed: { 'oversized body': 1, cookie: 4 } });
    const text = storedText('upload.har');
    expect(text.length).toBeLessThan(10_000);
    expect(text).not.toContain(JWT);
    const har2 = JSON.parse(text);
    expect(har2.log.entries[0].request.postData.text).toMatch(/^\[removed by sigma-support: over \d+ MB, too large to scrub\]$/);
    expect(har2.log.entries[0].response.content.text).toBe('ok');
    const dry = await runCli([...fields.filter((f) => f !== '--json'), '--attach', har, '--dry-run'], { env: sandbox.env });
    expect(dry.stdout).toContain('upload.har: HAR scrubbed before upload: removed 4 cookies, 1 authorization header, 1 API-key header, 1 query parameter, 1 oversized body (1 entries kept');
  });
});
