/**
 * Makes attachments safe to send: a HAR file (named .har, or JSON shaped like one) is replaced by a
 * scrubbed copy (har-scrub.ts) in a private temporary folder, unless the user named it with
 * --no-scrub; plain-text files are scanned for token shapes (secret-scan.ts), to warn. The copies
 * are what is uploaded, and are removed by cleanup().
 */
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import type { Attachment } from './attachments.js';
import type { ScrubCounts } from './har-entry.js';
import { HarFormatError, isHarFile, scrubHarFile } from './har-scrub.js';
import { findSecretsInFile, type SecretFinding } from './secret-scan.js';

export interface FileSafety {
  /** The file as the user gave it. */
  attachment: Attachment;
  /** What is uploaded: the scrubbed copy for a scrubbed HAR, the file itself otherwise. */
  sent: Attachment;
  har: boolean;
  /** For a scrubbed HAR: what was removed, by kind, and how many entries it has. */
  scrub?: { counts: ScrubCounts; entries: number };
  /** Token shapes found in a file sent as it is (plain text, or a HAR under --no-scrub). */
  findings: SecretFinding[];
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|yaml|x-yaml|javascript|x-sh|toml|x-ndjson))/;

export class AttachmentSafety {
  private readonly done = new Map<string, FileSafety>();
  private dir: string | undefined;
  private readonly noScrub: Promise<Set<string>>;

  /** `noScrub`: paths given with --no-scrub (compared after symlinks). */
  constructor(noScrub: readonly string[], private readonly signal?: AbortSignal) {
    this.noScrub = Promise.all(noScrub.map((p) => realpath(p).catch(() => p))).then((list) => new Set(list));
  }

  /** Paths given with --no-scrub that are not among the attachments: a usage error, since it is surely a typo. */
  async checkNoScrub(attachments: readonly Attachment[], given: readonly string[]): Promise<void> {
    const attached = new Set(attachments.map((a) => a.realPath));
    const unknown: string[] = [];
    for (const p of given) if (!attached.has(await realpath(p).catch(() => p))) unknown.push(p);
    if (unknown.length) throw new UsageError(`--no-scrub ${unknown[0]}: it is not one of the attached files`, 'Give --no-scrub the same path as --attach.');
  }

  /** What was found for this file, if prepare() has seen it. */
  known(attachment: Attachment): FileSafety | undefined {
    return this.done.get(attachment.realPath);
  }

  async prepare(attachments: readonly Attachment[]): Promise<FileSafety[]> {
    const out: FileSafety[] = [];
    for (const a of attachments) out.push(this.done.get(a.realPath) ?? (await this.prepareOne(a)));
    return out;
  }

  private async prepareOne(a: Attachment): Promise<FileSafety> {
    // A file that cannot be read now is left to the upload, which names the problem (uploads.ts).
    const har = await isHarFile(a.realPath).catch(() => false);
    let result: FileSafety;
    if (har && !(await this.noScrub).has(a.realPath)) {
      this.dir ??= await mkdtemp(join(tmpdir(), 'sigma-support-scrub-'));
      const copy = join(this.dir, `${this.done.size}-${a.name}`);
      try {
        const scrubbed = await scrubHarFile(a.realPath, copy, this.signal);
        result = { attachment: a, sent: { ...a, realPath: copy, size: scrubbed.size }, har, scrub: { counts: scrubbed.counts, entries: scrubbed.entries }, findings: [] };
      } catch (error) {
        if (error instanceof HarFormatError) {
          throw new UsageError(`--attach ${a.path}: looks like a HAR file, but could not be scrubbed: ${error.message}`, `Export the HAR again, or send it as it is with --no-scrub ${a.path}.`);
        }
        const code = (error as NodeJS.ErrnoException).code;
        if (code && !this.signal?.aborted) throw new UsageError(`--attach ${a.path}: it could not be read to scrub it (${code})`, 'Check that it is still there and readable, then run the command again.');
        throw error;
      }
    } else {
      const findings = har || TEXT_TYPES.test(a.contentType) ? await findSecretsInFile(a.realPath, this.signal).catch(() => []) : [];
      result = { attachment: a, sent: a, har, findings };
    }
    this.done.set(a.realPath, result);
    return result;
  }

  /** Removes the scrubbed copies. */
  async cleanup(): Promise<void> {
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    this.done.clear();
  }
}
