// Upload progress follows what the connection has taken, not what was read from disk: checked
// against what a throttled sandbox had received when each progress line was printed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/files.js';
import { PtySession } from '../helpers/pty.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sandbox: TestSandbox | undefined;
let session: PtySession | undefined;
afterEach(async () => {
  session?.kill();
  await sandbox?.close();
});

const MB = 1024 * 1024;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]/g;
const UNITS: Record<string, number> = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9 };
const bytes = (amount: string, unit: string) => Number(amount) * UNITS[unit]!;

/**
 * The most the OS may hold of what the connection took and the portal has not read: the largest
 * send buffer TCP may grow to here (Linux: net.ipv4.tcp_wmem), and the receiver's first window.
 */
function osBuffers(): number {
  const max = (file: string, field: number, fallback: number) => {
    try {
      return Number(readFileSync(file, 'utf8').trim().split(/\s+/)[field]);
    } catch {
      return fallback;
    }
  };
  return max('/proc/sys/net/ipv4/tcp_wmem', 2, 4 * MB) + max('/proc/sys/net/ipv4/tcp_rmem', 1, 128 * 1024);
}

describe('upload progress', () => {
  it('never shows more than the portal received plus what the OS can hold, and ends with the wait for the portal, not "~0 s left"', async () => {
    const size = 12 * MB;
    const throttle = 2 * MB;
    let received = 0;
    sandbox = await startTestSandbox({ throttleBytesPerSecond: throttle, onUploadBytes: (_name, r) => (received = r) });
    const file = join(tempDir(), 'big.bin');
    writeFileSync(file, Buffer.alloc(size, 7));
    const s = (session = new PtySession(['submit', '--subject', 'Heap dump', '--description', 'Attached', '--severity', 'S3', '--attach', file, '--yes'], sandbox.env, { cols: 200 }));
    // each progress line as it reaches the terminal, with what the sandbox had received by then
    // (at least what it had when the line was printed)
    const seen: Array<{ shown: number; received: number; rest: string }> = [];
    let pending = '';
    s.onData((data) => {
      pending += data.replace(ANSI, '');
      for (const m of pending.matchAll(/big\.bin {2}([\d.]+) (B|kB|MB) \/ [\d.]+ MB([^\n\r\u2800-\u28ff]*)/g)) seen.push({ shown: bytes(m[1]!, m[2]!), received, rest: m[3]!.trim() });
      pending = pending.slice(Math.max(0, pending.lastIndexOf('\n')));
    });
    expect(await s.exited).toBe(0);
    expect(sandbox.requests()[0]!.comments[0]!.attachments[0]!.size).toBe(size);

    const during = seen.filter((l) => !l.rest.startsWith('done'));
    expect(during.length).toBeGreaterThan(3);
    // in order, never past the file, never more ahead of the portal than the OS can hold
    // (prettyBytes rounds to 3 significant digits: 0.5% of room)
    for (let i = 1; i < during.length; i++) expect(during[i]!.shown).toBeGreaterThanOrEqual(during[i - 1]!.shown);
    for (const l of during) {
      expect(l.shown).toBeLessThanOrEqual(size * 1.005);
      expect(l.shown).toBeLessThanOrEqual((l.received + osBuffers() + 256 * 1024) * 1.005);
    }
    // no time is promised once every byte is handed over: the line says what it waits for
    const handedOver = during.filter((l) => l.shown >= size * 0.995);
    expect(handedOver.length).toBeGreaterThan(0);
    for (const l of handedOver) expect(l.rest).toMatch(/^sent, waiting for the portal/);
    expect(during.some((l) => /~0 s left/.test(l.rest))).toBe(false);
  }, 60_000);
});
