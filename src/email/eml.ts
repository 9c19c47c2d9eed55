/**
 * The email way, for when the support portal is down (Sigma's guidance: "If the Support portal is
 * also down, contact Sigma Computing" by email, https://help.sigmacomputing.com/docs/escalate-critical-issues).
 * Writes one request as a standard message file (.eml: RFC 5322 headers, a MIME multipart/mixed
 * body per RFC 2045/2046) that any mail client opens, ready to send. Knows nothing of terminals.
 *
 * Bounded: at most EMAIL_ATTACHMENT_BUDGET bytes of attachments (before base64), read as streams
 * of the size they had when chosen; the rest is named in the body as left out.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, rename, rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import prettyBytes from 'pretty-bytes';
import { contentTypeOf } from '../core/attachments.js';
import { checkEmail } from '../core/request-fields.js';
import type { Level } from '../severity/levels.js';

/**
 * Attachment bytes an email may carry in all. Base64 makes them a third larger: about 13.5 MB on
 * the wire, under the 20-25 MB that common mail services accept for a whole message.
 */
export const EMAIL_ATTACHMENT_BUDGET = 10 * 1024 * 1024;

/** The header that names the draft an email was written from, for Support to merge with a later request. */
export const DRAFT_HEADER = 'X-Sigma-Support-Draft';

export interface EmailRequest {
  /** Sigma Support's address; undefined leaves To: out, for the user to fill in. */
  to: string | undefined;
  /** The account's address; undefined leaves From: to the mail client. */
  from: string | undefined;
  cc: readonly string[];
  severity: Level;
  subject: string;
  description: string;
  /**
   * Files to attach, in order; those past the budget (or unreadable) are left out. `path` is the
   * file as given (its name is the attachment's), `readFrom` what to read instead (a scrubbed copy),
   * `leaveOut` why it must not be attached at all.
   */
  attachments: ReadonlyArray<{ path: string; readFrom?: string | undefined; leaveOut?: string | undefined }>;
  draftId: string;
  date: Date;
  /** A line for the top of the body (why this came by email), from the caller. */
  preamble: string;
  budget?: number;
}

export interface LeftOut {
  path: string;
  /** Why, in words: "over the 10 MB of attachments an email carries", "could not be read (ENOENT)". */
  why: string;
}

interface Chosen {
  path: string;
  readFrom: string;
  name: string;
  size: number;
}

export interface WrittenEmail {
  path: string;
  to: string | undefined;
  attached: Array<{ path: string; name: string; size: number }>;
  leftOut: LeftOut[];
  /** CC addresses left out because they are not addresses. */
  droppedCc: string[];
}

/** One line, with no control characters: nothing from a draft can start a header of its own. */
export function headerText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

/** The files that fit the budget, in the order given; the others with why. */
async function chooseAttachments(files: EmailRequest['attachments'], budget: number): Promise<{ attached: Chosen[]; leftOut: LeftOut[] }> {
  const attached: Chosen[] = [];
  const leftOut: LeftOut[] = [];
  let total = 0;
  for (const { path, readFrom = path, leaveOut } of files) {
    if (leaveOut !== undefined) {
      leftOut.push({ path, why: leaveOut });
      continue;
    }
    const info = await stat(readFrom).catch((error: NodeJS.ErrnoException) => error);
    if (info instanceof Error) {
      leftOut.push({ path, why: `could not be read (${info.code ?? info.message})` });
    } else if (!info.isFile()) {
      leftOut.push({ path, why: 'is not a regular file' });
    } else if (total + info.size > budget) {
      leftOut.push({ path, why: `${prettyBytes(info.size)}: over the ${megabytes(budget)} of attachments an email carries` });
    } else {
      total += info.size;
      attached.push({ path, readFrom, name: basename(path), size: info.size });
    }
  }
  return { attached, leftOut };
}

function bodyText(request: EmailRequest, leftOut: readonly LeftOut[]): string {
  const lines = [request.preamble, '', request.description.replace(/\r\n?/g, '\n'), ''];
  if (leftOut.length) {
    lines.push('Files left out of this email (to be sent once the portal is back, or on request):');
    for (const l of leftOut) lines.push(`  - ${basename(l.path)}: ${l.why}`);
    lines.push('');
  }
  lines.push('-- ', `Severity: ${request.severity}. Draft: ${request.draftId} (sigma-support).`);
  return `${lines.join('\n')}\n`;
}

/**
 * Writes the request as an .eml at `path` (mode 0600: it holds the description), whole or not at
 * all: to a temporary file, then renamed. Holds no credentials: only the fields and the files.
 */
export async function writeEml(request: EmailRequest, path: string): Promise<WrittenEmail> {
  const { MimeNode } = await import('../vendor/mime-node.js');
  const { attached, leftOut } = await chooseAttachments(request.attachments, request.budget ?? EMAIL_ATTACHMENT_BUDGET);
  const cc = request.cc.map(headerText).filter((a) => a !== '');
  const droppedCc = cc.filter((a) => checkEmail(a) !== undefined);
  const to = request.to !== undefined && checkEmail(headerText(request.to)) === undefined ? headerText(request.to) : undefined;
  const from = request.from !== undefined && checkEmail(headerText(request.from)) === undefined ? headerText(request.from) : undefined;

  // CRLF line ends throughout, as RFC 5322 section 2.1 asks of a message.
  const root = new MimeNode('multipart/mixed', { newline: 'win' });
  if (from) root.setHeader('From', from);
  if (to) root.setHeader('To', to);
  const goodCc = cc.filter((a) => !droppedCc.includes(a));
  if (goodCc.length) root.setHeader('Cc', goodCc);
  root.setHeader('Subject', `[${request.severity}] ${headerText(request.subject)}`);
  root.setHeader('Date', request.date);
  root.setHeader(DRAFT_HEADER, headerText(request.draftId));
  // Outlook opens a message with this header as one to send, not one received.
  root.setHeader('X-Unsent', '1');

  root
    .createChild('text/plain; charset=utf-8')
    .setHeader('Content-Transfer-Encoding', 'quoted-printable')
    .setContent(bodyText(request, leftOut));
  for (const a of attached) {
    // the size it had when chosen, and no more, whatever the file does meanwhile
    const content = a.size === 0 ? Buffer.alloc(0) : createReadStream(a.readFrom, { start: 0, end: a.size - 1 });
    root.createChild(contentTypeOf(a.name), { filename: a.name }).setHeader('Content-Transfer-Encoding', 'base64').setContent(content);
  }

  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await pipeline(root.createReadStream(), createWriteStream(temporary, { mode: 0o600 }));
    await chmod(temporary, 0o600);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { path, to, attached: attached.map(({ path, name, size }) => ({ path, name, size })), leftOut, droppedCc };
}
