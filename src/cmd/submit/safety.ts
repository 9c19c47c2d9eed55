/**
 * `submit`'s side of sending files and text without secrets (core/attachment-safety.ts): what the
 * review, --dry-run and scripts say about each file (what a HAR scrub removed, by kind), and the
 * warnings that name where a secret was found in the description or a plain-text file, never the
 * secret itself.
 */
import type { ChalkInstance } from 'chalk';
import { AttachmentSafety, type FileSafety } from '../../core/attachment-safety.js';
import type { Attachment } from '../../core/attachments.js';
import { findSecretsInText, type SecretFinding } from '../../core/secret-scan.js';
import type { ValidRequest } from '../../core/validate-request.js';
import { sanitize } from '../../terminal/sanitize.js';

function removedText(f: FileSafety): string {
  const counts = Object.entries(f.scrub?.counts ?? {}).filter(([, n]) => (n ?? 0) > 0);
  const plural = (kind: string): string => (kind.endsWith('text') ? kind : kind.endsWith('body') ? `${kind.slice(0, -1)}ies` : `${kind}s`);
  const kinds = counts.map(([kind, n]) => `${n} ${n === 1 ? kind : plural(kind)}`);
  return kinds.length ? `removed ${kinds.join(', ')}` : 'nothing secret found';
}

function where(findings: readonly SecretFinding[]): string {
  return findings.map((f) => `${f.label} on line${f.lines.length === 1 ? '' : 's'} ${f.lines.join(', ')}${f.count > f.lines.length ? ' and more' : ''}`).join('; ');
}

/** One line per file: what the scrub removed, or that it is sent as it is. */
export function fileLines(list: readonly FileSafety[]): string[] {
  return list.flatMap((f) => {
    const name = sanitize(f.attachment.name);
    if (f.scrub) return [`${name}: HAR scrubbed before upload: ${removedText(f)} (${f.scrub.entries} entries kept, with their URLs and timings)`];
    if (f.har) return [`${name}: HAR sent as it is (--no-scrub), with any cookies and tokens it holds`];
    return [];
  });
}

/** Warnings that name where a secret is; empty when none was found. `what` names the text ("the description"). */
export function warningLines(description: string, list: readonly FileSafety[], style: ChalkInstance, what = 'the description', verb = 'would be'): string[] {
  const out: string[] = [];
  const inDescription = findSecretsInText(description);
  if (inDescription.length) out.push(`${style.yellow('Warning:')} ${what} holds ${where(inDescription)}. It ${verb} sent as it is: edit ${what} to remove it.`);
  for (const f of list) {
    if (f.findings.length) out.push(`${style.yellow('Warning:')} ${sanitize(f.attachment.name)} holds ${where(f.findings)}. It ${verb} sent as it is: remove it from the file, or leave the file out.`);
  }
  return out;
}

export interface SafetyJson {
  scrubbed: Array<{ name: string; removed: Record<string, number>; entries: number }>;
  secret_warnings: Array<{ where: string; kind: string; lines: number[] }>;
}

export class SubmitSafety {
  private readonly files: AttachmentSafety;

  constructor(
    private readonly noScrub: readonly string[],
    private readonly style: ChalkInstance,
    signal?: AbortSignal,
  ) {
    this.files = new AttachmentSafety(noScrub, signal);
  }

  /** Scrubs and scans these files (each once); a --no-scrub path that is not attached is a usage error. */
  async prepare(attachments: readonly Attachment[]): Promise<FileSafety[]> {
    await this.files.checkNoScrub(attachments, this.noScrub);
    return this.files.prepare(attachments);
  }

  /** For the review: what is known of these files, and the warnings (sync: prepare() ran before). */
  reviewLines(description: string, attachments: readonly Attachment[]): string[] {
    const known = attachments.map((a) => this.files.known(a)).filter((f): f is FileSafety => f !== undefined);
    return [...fileLines(known), ...warningLines(description, known, this.style)];
  }

  /** The request as it is to be sent: each scrubbed HAR replaced by its copy. */
  async sendable(request: ValidRequest): Promise<{ request: ValidRequest; files: FileSafety[] }> {
    const files = await this.prepare(request.attachments);
    return { request: { ...request, attachments: files.map((f) => f.sent) }, files };
  }

  /** What --json adds: "scrubbed" and "secret_warnings", each only when not empty. */
  json(description: string, files: readonly FileSafety[]): Partial<SafetyJson> {
    const warnings = [
      ...findSecretsInText(description).map((f) => ({ where: 'description', kind: f.label, lines: f.lines })),
      ...files.flatMap((file) => file.findings.map((f) => ({ where: file.attachment.name, kind: f.label, lines: f.lines }))),
    ];
    const scrubbed = files.filter((f) => f.scrub).map((f) => ({ name: f.attachment.name, removed: f.scrub!.counts as Record<string, number>, entries: f.scrub!.entries }));
    return { ...(scrubbed.length ? { scrubbed } : {}), ...(warnings.length ? { secret_warnings: warnings } : {}) };
  }

  cleanup(): Promise<void> {
    return this.files.cleanup();
  }
}
