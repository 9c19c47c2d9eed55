// Answers without bounds (issue 11, item 7): too large, never ending, dripping, a million items.
// The real CLI against the sandbox on loopback; its peak memory as the kernel counted it.
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { sampleAttachments } from '../helpers/files.js';
import { CAN_MEASURE_RSS, runCliMeasured } from '../helpers/peak-rss.js';
import { useFaultySandbox, type TestSandbox } from '../helpers/sandbox.js';

const withFaults = useFaultySandbox();

const fields = ['--subject', 'Exports fail', '--description', 'Error ID 5e1-77', '--severity', 'S2'];
const MAX_RSS_MB = 150;
/** The "find what I just created" lookup ran (it sorts by creation; the credential check does not). */
const lookedUp = (s: TestSandbox) => s.store.readJournal().some((e) => e.method === 'GET' && e.path.startsWith('/api/v2/requests?') && e.path.includes('sort_by=created_at'));
const NO_STACK = /\n\s+at |RangeError|Maximum call stack/;

describe.skipIf(!CAN_MEASURE_RSS)('answers too large to hold: refused, in bounded memory', () => {
  it('600 MB of ticket fields: one clear error, no stack trace', async () => {
    const s = await withFaults('fields=huge:always');
    const result = await runCliMeasured(['submit', ...fields, '--dry-run', '--retries', '0'], { env: s.env });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/error: the answer from 127\.0\.0\.1:\d+ is larger than 8 MB while reading the ticket fields/);
    expect(result.stderr).not.toMatch(NO_STACK);
    expect(result.peakRssMb).toBeLessThan(MAX_RSS_MB);
  });

  it('a list answer that never ends', async () => {
    const s = await withFaults('list=endless:always');
    const result = await runCliMeasured(['requests', 'list'], { env: s.env });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/is larger than 8 MB while listing your requests/);
    expect(result.stderr).not.toMatch(NO_STACK);
    expect(result.peakRssMb).toBeLessThan(MAX_RSS_MB);
  });

  it('a valid page of a million items', async () => {
    const s = await withFaults('list=many-items:always');
    const result = await runCliMeasured(['requests', 'list'], { env: s.env });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/error: the answer from 127\.0\.0\.1:\d+ (is larger than 8 MB|holds more than 200000 values) while listing your requests/);
    expect(result.stderr).not.toMatch(NO_STACK);
    expect(result.peakRssMb).toBeLessThan(MAX_RSS_MB);
  });

  it('7 MB of empty objects: under the size cap, but millions of values once parsed', async () => {
    const s = await withFaults('list=dense:always');
    const result = await runCliMeasured(['requests', 'list'], { env: s.env });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/error: the answer from 127\.0\.0\.1:\d+ holds more than 200000 values while listing your requests: it was not read/);
    expect(result.stderr).not.toMatch(NO_STACK);
    expect(result.peakRssMb).toBeLessThan(MAX_RSS_MB);
  });

  it('an upload answered without end (the streaming transport)', async () => {
    const s = await withFaults('upload=endless:always');
    const files = sampleAttachments();
    const result = await runCliMeasured(['submit', ...fields, '--attach', files.log, '--retries', '0'], { env: s.env });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/is larger than 8 MB while uploading/);
    expect(result.stderr).not.toMatch(NO_STACK);
    expect(result.peakRssMb).toBeLessThan(MAX_RSS_MB);
    expect(s.requests()).toEqual([]);
  });

  it('a create answered without end has an unknown outcome: the request is looked up before anything is sent again', async () => {
    const s = await withFaults('create=endless:once');
    const result = await runCliMeasured(['submit', ...fields, '--retries', '0'], { env: s.env });
    expect(result.stderr).not.toMatch(NO_STACK);
    expect(result.peakRssMb).toBeLessThan(MAX_RSS_MB);
    expect(lookedUp(s)).toBe(true);
    expect(s.requests().length).toBeLessThanOrEqual(1);
  });
});

describe('answers that drip: --timeout bounds the whole call, not only each wait', () => {
  it('ticket fields sent one byte at a time', async () => {
    const s = await withFaults('fields=drip:always');
    const result = await runCliInProcess(['submit', ...fields, '--dry-run', '--timeout', '1', '--retries', '0'], { env: s.env });
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/did not answer within 1 s while reading the ticket fields/);
    expect(result.stderr).not.toMatch(NO_STACK);
  });

  it('an upload answer sent one byte at a time (the streaming transport)', async () => {
    const s = await withFaults('upload=drip:always');
    const files = sampleAttachments();
    const result = await runCliInProcess(['submit', ...fields, '--attach', files.log, '--timeout', '1', '--retries', '0'], { env: s.env });
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/did not answer within 1 s while uploading/);
    expect(s.requests()).toEqual([]);
  });

  it('a create answered one byte at a time has an unknown outcome: it is looked up first', async () => {
    const s = await withFaults('create=drip:once');
    const result = await runCliInProcess(['submit', ...fields, '--timeout', '1', '--retries', '0'], { env: s.env });
    expect(result.timedOut).toBe(false);
    expect(result.stderr).not.toMatch(NO_STACK);
    expect(lookedUp(s)).toBe(true);
    expect(s.requests().length).toBeLessThanOrEqual(1);
  });
});
