/**
 * The email way, when the portal is down (Sigma's guidance: "If the Support portal is also down,
 * contact Sigma Computing" by email, https://help.sigmacomputing.com/docs/escalate-critical-issues).
 * After a failed submit whose draft was saved: for S0 and S1 it offers, at a terminal, to write the
 * request as an .eml beside the draft; in scripts it never asks, and says in one line how
 * (--email-fallback). --open hands the file to the system's mail client.
 */
import { resolve } from 'node:path';
import { ScrubbedCopies } from '../../email/scrubbed-copies.js';
import { ProfileStore } from '../../auth/profiles.js';
import { ENV } from '../../auth/credentials.js';
import { draftEmailPath, draftId } from '../../drafts/draft-store.js';
import { EMAIL_ATTACHMENT_BUDGET, writeEml, type WrittenEmail } from '../../email/eml.js';
import { OutcomeUnknownError, PortalError } from '../../errors.js';
import { tryOpen } from '../../terminal/browser.js';
import { preparedEmail } from './prepared-email.js';
import { safeJson, sanitize } from '../../terminal/sanitize.js';
import { styleFor } from '../../terminal/style.js';
import type { CommandContext } from '../context.js';
import type { FormState } from './ask.js';
import type { SubmitFlags } from './definition.js';
import type { Attempt } from './draft-keeper.js';

/** How to set the address the email goes to, as the messages say it. */
export const SET_SUPPORT_EMAIL = 'sigma-support config set support-email ADDRESS';

/**
 * Whether a failure means the portal is down: no answer after the retries (refused, reset, timed
 * out, unreachable), or a 5xx. A refusal (4xx), a 429 or a usage error is not: the portal is up.
 */
export function portalDown(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof PortalError) return e.status === undefined ? e.code !== undefined : e.status >= 500;
    if (!(e instanceof OutcomeUnknownError)) return false;
  }
  return false;
}

export interface EmailOffer {
  error: unknown;
  draftPath: string;
  form: FormState;
  attachmentPaths: readonly string[];
  attempt: Attempt;
}

/** The account's address, for From: the session's, else the environment's or the profile's (never a secret). */
async function accountEmail(ctx: CommandContext, attempt: Attempt): Promise<string | undefined> {
  if (attempt.account) return attempt.account;
  const fromEnv = ctx.env[ENV.email];
  if (fromEnv) return fromEnv;
  const profile = await new ProfileStore(ctx.configDir).get(ctx.profile).catch(() => undefined);
  return profile?.email;
}

/**
 * After a failure whose draft was saved: offers or writes the email, and says what it did. Never
 * throws: the failure that ended the run (and its exit code) comes first.
 */
export async function offerEmail(ctx: CommandContext, flags: SubmitFlags, interactive: boolean, offer: EmailOffer): Promise<WrittenEmail | undefined> {
  const { form, attempt } = offer;
  const wanted = flags.emailFallback === true || flags.open === true;
  const severe = form.severity === 'S0' || form.severity === 'S1';
  if (flags.dryRun || !portalDown(offer.error) || (!wanted && !severe)) return undefined;
  const style = styleFor(ctx.io);
  const subject = attempt.sentAs?.subject ?? form.subject;
  const description = attempt.sentAs?.description ?? form.description;
  if (subject === undefined || description === undefined || form.severity === undefined) {
    if (wanted) ctx.io.stderr.write('The email was not written: it needs the subject, the description and the severity, and the draft does not have them all yet.\n');
    return undefined;
  }
  const mayExist = offer.error instanceof OutcomeUnknownError;
  const earlier = await preparedEmail(offer.draftPath);
  if (!wanted && earlier) {
    // asked once already: it may have been sent, and a second one would only confuse
    ctx.io.stderr.write(`An email of this request was written ${earlier.writtenAt.toISOString()}: ${sanitize(earlier.path)} (--email-fallback writes it again).\n`);
    return undefined;
  }
  if (!wanted) {
    if (!interactive) {
      ctx.io.stderr.write(`The portal is down: Sigma asks for email then. To write this ${form.severity} request as an email beside the draft, run the recover command above with --email-fallback (add --open to open it in your mail client).\n`);
      return undefined;
    }
    // the failure itself is printed last, as the run ends: named here, before the question
    const why = sanitize(offer.error instanceof Error ? offer.error.message.split('\n')[0]! : String(offer.error));
    ctx.io.stderr.write(`The portal is down (${why}). Sigma asks for email then.\n`);
    const message = `Write this ${form.severity} request as an email (.eml) to send from your mail client?`;
    const yes = await ctx.prompter().confirm({ message, default: true }).catch(() => false);
    if (!yes) return undefined;
  }
  const path = resolve(draftEmailPath(offer.draftPath));
  // HAR files go scrubbed, as they would to the portal, unless --no-scrub names them
  const scrubbed = new ScrubbedCopies(Array.isArray(flags.scrub) ? flags.scrub : []);
  let written: WrittenEmail;
  try {
    written = await writeEml(
      {
        to: ctx.settings.get('support-email'),
        from: await accountEmail(ctx, attempt),
        cc: form.cc ?? [],
        severity: form.severity,
        subject,
        description,
        attachments: await scrubbed.files(form.attachments ? form.attachments.map((a) => a.path) : offer.attachmentPaths),
        draftId: draftId(offer.draftPath),
        date: ctx.now(),
        preamble: `Sent by email because the Sigma support portal could not be reached${mayExist ? ' (a create was sent and got no answer: the request may also be in the portal)' : ''}.`,
      },
      path,
    );
  } catch (error) {
    ctx.io.stderr.write(`warning: the email could not be written: ${sanitize(error instanceof Error ? error.message : String(error))}\n`);
    return undefined;
  } finally {
    await scrubbed.cleanup();
  }
  for (const line of describeWritten(written, mayExist)) ctx.io.stderr.write(`${line}\n`);
  // --json: the run failed, but a script learns where the email is
  if (flags.json) ctx.io.stdout.write(`${safeJson({ filed: false, draft: resolve(offer.draftPath), email: { path: written.path, to: written.to ?? null, attached: written.attached.map((a) => a.path), left_out: written.leftOut } })}\n`);
  if (flags.open) {
    const opened = await tryOpen(written.path);
    ctx.io.stderr.write(opened ? 'Asked the system to open it in your mail client.\n' : `${style.yellow('No mail client could be started here:')} open the file yourself.\n`);
  }
  return written;
}

function describeWritten(written: WrittenEmail, mayExist: boolean): string[] {
  const n = written.attached.length;
  const lines = [`Wrote the request as an email: ${sanitize(written.path)}`];
  lines.push(`Send it from your mail client${n ? ` (with ${n} attachment${n === 1 ? '' : 's'})` : ''}. It names the draft, so Support can merge it with the request if it is filed later.`);
  if (!written.to) lines.push(`It has no To: address: add Sigma Support's, or set it once with \`${SET_SUPPORT_EMAIL}\` and write it again.`);
  if (written.leftOut.length) {
    lines.push(`Left out of the email (over ${EMAIL_ATTACHMENT_BUDGET / (1024 * 1024)} MB of attachments in all, or unreadable), and named in it:`);
    for (const l of written.leftOut) lines.push(`  ${sanitize(l.path)}: ${sanitize(l.why)}`);
  }
  if (written.droppedCc.length) lines.push(`CCs left out (not addresses): ${written.droppedCc.map((c) => sanitize(c)).join(', ')}`);
  if (mayExist) lines.push('The request may also be in the portal already: run the recover command first once the portal is back, to find out.');
  return lines;
}
