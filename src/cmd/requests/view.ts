/** `sigma-support requests view <id>`: a request and its conversation, oldest first. */
import prettyBytes from 'pretty-bytes';
import wrapAnsi from 'wrap-ansi';
import { LEVEL_INFO } from '../../severity/levels.js';
import { PortalError } from '../../errors.js';
import { requestPageUrl } from '../../portal/portal-url.js';
import { followUpSourceOf } from '../../portal/schemas.js';
import { severityMapping } from '../../severity/lookup.js';
import { safeJson, sanitize } from '../../terminal/sanitize.js';
import { styleFor } from '../../terminal/style.js';
import type { CommandContext } from '../context.js';
import { openSession, type Session } from '../session.js';
import type { ViewFlags } from './definition.js';
import { ago, localTime, severityOf } from './format.js';
import { attachmentsOf, formFields } from './request-fields.js';

export function notFound(id: number, session: Session): PortalError {
  return new PortalError(`request ${id} not found on ${session.portal.origin}`, 404, 'Check the number with `sigma-support requests list`, and the portal with `sigma-support auth status`.');
}

export async function runView(id: number, flags: ViewFlags, ctx: CommandContext): Promise<void> {
  const session = await openSession(ctx, { portalFlag: flags.portal, timeoutSeconds: flags.timeout });
  try {
    const page = requestPageUrl(session.portal, id, session.locale);
    const withComments = flags.comments ?? (flags.json || Boolean(ctx.io.stdout.isTTY));
    const [request, mapping, comments, me, ticketFields] = await Promise.all([
      session.api.getRequest(id),
      severityMapping(session.api, ctx).catch(() => undefined),
      withComments ? session.api.comments(id).catch((e: unknown) => (e instanceof PortalError && e.status === 404 ? [] : Promise.reject(e))) : Promise.resolve([]),
      withComments && !flags.json ? session.api.currentUserId().catch(() => null) : Promise.resolve(null),
      session.api.ticketFields().catch(() => []),
    ]);
    // a Ctrl-C the fallbacks above took for a failure: the user asked to stop
    if (ctx.signal.aborted) throw ctx.signal.reason;
    if (!request) throw notFound(id, session);
    const severity = severityOf(request, mapping);
    if (flags.web) {
      const { openInBrowser } = await import('../../terminal/browser.js');
      await openInBrowser(page, ctx);
      return;
    }
    if (flags.json) {
      const fields = formFields(request, ticketFields, mapping?.fieldId);
      ctx.io.stdout.write(`${safeJson({ ...request, severity: severity ?? null, form_fields: fields, url: page, comments })}\n`);
      return;
    }
    const style = styleFor(ctx.io);
    const now = ctx.now();
    // At a terminal, long lines wrap at its width, between words; piped output keeps them whole.
    const width = ctx.io.stdout.isTTY ? Math.max(20, (ctx.io.stdout.columns ?? 80) - 1) : Infinity;
    const wrap = (text: string, indent = '') => (width === Infinity ? text : wrapAnsi(text, width - indent.length, { hard: true }).replace(/\n/g, `\n${indent}`));
    const row = (label: string, value: string) => `  ${label.padEnd(10)}${wrap(value, ' '.repeat(12))}`;
    // a time the portal wrote that is not a date is shown as written, escaped
    const when = (iso: string | null | undefined) => `${localTime(iso) || sanitize(iso ?? '')} (${ago(iso, now)})`;
    const cc = request.email_cc_ids ?? [];
    const out = [
      style.bold(wrap(`#${request.id} ${sanitize(request.subject ?? '')}`)),
      row('Status', sanitize(request.status ?? '')),
      row('Severity', severity ? LEVEL_INFO[severity].label : 'unknown'),
      row('CC', cc.length ? `${cc.length} ${cc.length === 1 ? 'person' : 'people'}` : 'nobody'),
      row('Created', when(request.created_at)),
      row('Updated', when(request.updated_at)),
      row('Page', page),
    ];
    // a follow-up (submit --follow-up) names the closed request it is linked to
    const source = followUpSourceOf(request);
    if (source !== undefined) out.push(row('Follow-up', `of request #${source}`));
    // the form's other fields, by their titles in the portal, and every file in the conversation with its size
    for (const f of formFields(request, ticketFields, mapping?.fieldId)) out.push(row(sanitize([...f.title].slice(0, 60).join('')), sanitize(f.value)));
    const files = attachmentsOf(comments);
    if (files.length) out.push(row('Files', files.map((a) => `${sanitize(a.name)} (${a.size === null ? 'size unknown' : prettyBytes(a.size)})`).join(', ')));
    for (const c of comments) {
      const who = c.author_id !== null && c.author_id !== undefined && c.author_id === me ? 'you' : c.author_id === request.requester_id ? 'the requester' : 'Sigma Support';
      out.push('', style.dim(`── ${who}, ${when(c.created_at)}`), wrap(sanitize(c.plain_body || c.body || '', { multiline: true })));
      for (const a of c.attachments ?? []) out.push(`  attachment: ${sanitize(a.file_name ?? '')}${a.size ? ` (${prettyBytes(a.size)})` : ''}`);
    }
    ctx.io.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await session.close();
  }
}
