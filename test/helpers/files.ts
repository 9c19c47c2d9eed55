import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Every folder a test makes is in this one, which the run's global setup removes at the end (build.ts). */
const ROOT = process.env.SIGMA_TEST_ROOT ?? mkdtempSync(join(tmpdir(), 'sigma-test-'));

export function tempDir(prefix = 'files-'): string {
  return mkdtempSync(join(ROOT, prefix));
}

/** A binary file over 1 MB and a text log, as a user would attach. */
export function sampleAttachments(dir = tempDir()): { binary: string; log: string } {
  const binary = join(dir, 'heap snapshot (1).bin');
  writeFileSync(binary, randomBytes(1_300_000));
  const log = join(dir, 'erreur-été.log');
  writeFileSync(log, 'ERROR 2026-11-28 query failed: id=8f2c-11\n'.repeat(40));
  return { binary, log };
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function sha256File(path: string): string {
  return sha256(readFileSync(path));
}
