/**
 * The attachments of an email (eml.ts) as safe to send as they would be to the portal: each HAR
 * file is replaced by a scrubbed copy (core/har-scrub.ts) in a private temporary folder, unless
 * --no-scrub names it; one that cannot be scrubbed is left out, never sent as it is.
 */
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isHarFile, scrubHarFile } from '../core/har-scrub.js';
import type { EmailRequest } from './eml.js';

/** Scrubbed copies of the HAR files among the attachments, in a private temporary folder. */
export class ScrubbedCopies {
  private dir: string | undefined;

  constructor(private readonly noScrub: readonly string[]) {}

  async files(paths: readonly string[]): Promise<EmailRequest['attachments']> {
    const keep = new Set(await Promise.all(this.noScrub.map((p) => realpath(p).catch(() => p))));
    const out: Array<{ path: string; readFrom?: string; leaveOut?: string }> = [];
    for (const [i, path] of paths.entries()) {
      const real = await realpath(path).catch(() => path);
      if (keep.has(real) || !(await isHarFile(real).catch(() => false))) {
        out.push({ path });
        continue;
      }
      this.dir ??= await mkdtemp(join(tmpdir(), 'sigma-support-scrub-'));
      const copy = join(this.dir, `${i}.har`);
      // a HAR that cannot be scrubbed is not sent as it is: it is left out (named in the email)
      const ok = await scrubHarFile(real, copy).then(() => true, () => false);
      out.push(ok ? { path, readFrom: copy } : { path, leaveOut: 'a HAR file that could not be scrubbed of its cookies and tokens' });
    }
    return out;
  }

  async cleanup(): Promise<void> {
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}
