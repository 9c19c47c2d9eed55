// Uploads read their files through one pool of buffers (src/core/read-buffers.ts): memory stays
// flat however many files a submit carries (issue 15), and the reused buffers never mix one
// file's bytes into another's. The real CLI against the sandbox on loopback, its peak memory as
// the kernel counted it.
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256, sha256File, tempDir } from '../helpers/files.js';
import { CAN_MEASURE_RSS, runCliMeasured } from '../helpers/peak-rss.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const MB = 1024 * 1024;
const fields = ['submit', '--subject', 'Many logs', '--description', 'Exports fail (ID 5e1-77)', '--severity', 'S3', '--json'];

/** `count` files of `bytes` each, every one with its own bytes (a buffer reused too early would show). */
function distinctFiles(count: number, bytes: number): string[] {
  const dir = tempDir();
  return Array.from({ length: count }, (_, n) => {
    const data = Buffer.allocUnsafe(bytes);
    for (let i = 0; i < bytes; i += 4) data.writeUInt32LE((Math.imul(i + 1, 2654435761) ^ Math.imul(n + 1, 40503)) >>> 0, i);
    const path = join(dir, `part-${String(n).padStart(2, '0')}.bin`);
    writeFileSync(path, data);
    return path;
  });
}

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

describe.skipIf(!CAN_MEASURE_RSS)('many attachments: memory does not grow with their number', () => {
  it('20 files of 5 MB peak within a few MB of one such file, and every file arrives as it is', async () => {
    const files = distinctFiles(20, 5 * MB);
    const one = await runCliMeasured([...fields, '--attach', files[0]!], { env: sandbox.env });
    expect(one.exitCode).toBe(0);
    const twenty = await runCliMeasured([...fields, ...files.flatMap((f) => ['--attach', f])], { env: sandbox.env });
    expect(twenty.exitCode).toBe(0);

    const stored = sandbox.requests().at(-1)!;
    const attachments = stored.comments[0]!.attachments;
    expect(attachments).toHaveLength(20);
    for (const a of attachments) {
      const source = files.find((f) => basename(f) === a.file_name)!;
      expect(sha256(sandbox.storedBytes(a.stored_as))).toBe(sha256File(source));
    }
    // three uploads at a time, one 256 KB buffer each, from one pool: a few MB more than one
    // upload. With fresh buffers for each file the garbage piled up (28 MB more, measured).
    expect(twenty.peakRssMb - one.peakRssMb).toBeLessThan(14);
  });
});
