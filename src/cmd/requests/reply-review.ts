/**
 * What `requests reply` shows before and after sending: the review (Send, Edit or Cancel), the dry
 * run, and the --json result. Every text from the portal or a file name is printed sanitized.
 */
import type { ChalkInstance } from 'chalk';
import prettyBytes from 'pretty-bytes';
import wrapAnsi from 'wrap-ansi';
import type { FileSafety } from '../../core/attachment-safety.js';
import { checkDescription } from '../../core/request-fields.js';
import { findSecretsInText } from '../../core/secret-scan.js';
import { CancelledError } from '../../errors.js';
import { replyBody } from '../../portal/portal-api.js';
import type { PortalRequest } from '../../portal/schemas.js';
import type { IOStreams } from '../../terminal/iostreams.js';
import type { Prompter } from '../../terminal/prompter.js';
import { safeJson, sanitize } from '../../terminal/sanitize.js';

/** How the reply's text came in: Edit goes back the same way. */
export type TextSource = 'editor' | 'typed';

export interface ReplyShown {
  portal: URL;
  id: number;
  request: PortalRequest;
  body: string;
  files: readonly FileSafety[];
}

function fileLine(f: FileSafety): string {
  const size = f.sent.size === f.attachment.size ? prettyBytes(f.sent.size) : `${prettyBytes(f.sent.size)}, scrubbed from ${prettyBytes(f.attachment.size)}`;
  return `${sanitize(f.attachment.name)} (${size}, ${f.attachment.contentType})`;
}

/** The review: the request replied to, the reply whole, each file with its size, then `notes` (scrubs, warnings). */
export function renderReplyReview(r: ReplyShown, notes: readonly string[], style: ChalkInstance, width: number): string {
  const indent = ' '.repeat(15);
  const row = (label: string, value: string) =>
    `  ${style.bold(label.padEnd(13))}${wrapAnsi(value, Math.max(20, width - indent.length - 1), { hard: true, trim: false }).replace(/\n/g, `\n${indent}`)}`;
  return [
    style.bold('Review your reply'),
    row('Portal', r.portal.origin),
    row('Request', `#${r.id} ${sanitize(r.request.subject ?? '')} (${sanitize(r.request.status ?? 'status unknown')})`),
    row('Reply', sanitize(r.body, { multiline: true })),
    row('Attachments', r.files.length ? r.files.map(fileLine).join('\n') : style.dim('none')),
    ...(r.request.status === 'solved' ? [style.yellow('The request is solved: this reply reopens it.')] : []),
    ...notes,
  ].join('\n');
}

export interface ReviewSteps {
  prompter: Prompter;
  io: IOStreams;
  style: ChalkInstance;
  how: TextSource;
  /** The review as it stands for this text. */
  render: (body: string) => string;
}

/** Send (resolves to the text to send), Edit (then back here), or Cancel (exit 3, nothing sent). */
export async function reviewReply(s: ReviewSteps, body: string): Promise<string> {
  for (;;) {
    s.io.stderr.write(`\n${s.render(body)}\n\n`);
    const action = await s.prompter.select<'send' | 'edit' | 'cancel'>({
      message: 'Send this reply?',
      choices: [
        { value: 'send', name: 'Send' },
        { value: 'edit', name: s.how === 'editor' ? 'Edit (in your editor)' : 'Edit (type it again)' },
        { value: 'cancel', name: 'Cancel' },
      ],
      default: 'send',
    });
    if (action === 'send') return body;
    if (action === 'cancel') throw new CancelledError();
    const text = s.how === 'editor' ? await s.prompter.editor({ message: 'Your reply', initial: body }) : await s.prompter.multiline({ message: 'Your reply:' });
    const checked = checkDescription(text);
    if (checked.ok) body = checked.value;
    else s.io.stderr.write(`${s.style.red('✖')} The reply ${replyProblem(checked.problem)}: the one before is kept.\n`);
  }
}

/** A description's problem, worded for a reply. */
export function replyProblem(problem: string): string {
  return problem.replace('describe the problem, with the error message and its ID', 'write what you want to tell Support');
}

export interface ReplyDryRun {
  dryRun: true;
  portal: string;
  request_id: number;
  uploads: Array<{ path: string; name: string; size: number; contentType: string }>;
  request: ReturnType<typeof replyBody>;
}

export function replyDryRun(r: ReplyShown): ReplyDryRun {
  return {
    dryRun: true,
    portal: r.portal.origin,
    request_id: r.id,
    // the file given, and the size of what would be uploaded (a HAR's scrubbed copy)
    uploads: r.files.map((f) => ({ path: f.attachment.realPath, name: f.attachment.name, size: f.sent.size, contentType: f.sent.contentType })),
    request: replyBody(r.body, r.files.map((f) => `<upload token for ${f.attachment.name}>`)),
  };
}

export function renderReplyDryRun(plan: ReplyDryRun, notes: readonly string[]): string {
  const out = ['Dry run: nothing was sent.', ''];
  if (plan.uploads.length) {
    out.push(`Would upload ${plan.uploads.length} file${plan.uploads.length === 1 ? '' : 's'}, each as POST ${plan.portal}/api/v2/uploads?filename=<name>:`);
    for (const u of plan.uploads) out.push(`  ${sanitize(u.name)}  ${prettyBytes(u.size)}  ${u.contentType}  (${sanitize(u.path)})`);
    out.push('');
  }
  out.push(`Would add the reply to request #${plan.request_id} with PUT ${plan.portal}/api/v2/requests/${plan.request_id}:`, safeJson(plan.request, 2));
  return [...out, ...notes].join('\n');
}

/** What --json adds about the files and the text: "scrubbed" and "secret_warnings", each only when not empty. */
export function safetyJson(body: string, files: readonly FileSafety[]): Record<string, unknown> {
  const warnings = [
    ...findSecretsInText(body).map((f) => ({ where: 'reply', kind: f.label, lines: f.lines })),
    ...files.flatMap((file) => file.findings.map((f) => ({ where: file.attachment.name, kind: f.label, lines: f.lines }))),
  ];
  const scrubbed = files.filter((f) => f.scrub).map((f) => ({ name: f.attachment.name, removed: f.scrub!.counts as Record<string, number>, entries: f.scrub!.entries }));
  return { ...(scrubbed.length ? { scrubbed } : {}), ...(warnings.length ? { secret_warnings: warnings } : {}) };
}
