/**
 * `submit --follow-up <id>`: a new request linked to a closed one. A closed request cannot be
 * reopened; a follow-up carries `via_followup_source_id`, which Zendesk honours only when that
 * request is closed and ignores otherwise
 * (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-requests/#creating-follow-up-requests).
 * So the source is read first: it must exist and be closed (an open or solved request takes a
 * reply instead), and its subject is offered for the new one.
 */
import { checkSubject } from '../../core/request-fields.js';
import { PortalError, UsageError } from '../../errors.js';
import type { PortalApi } from '../../portal/portal-api.js';
import { sanitize } from '../../terminal/sanitize.js';

export interface FollowUpSource {
  id: number;
  /** Its subject, when it can be sent as it is (the portal's text is checked like a typed one). */
  subject: string | undefined;
  /** Its subject as it may be printed. */
  shownSubject: string;
}

export async function readFollowUpSource(api: PortalApi, id: number): Promise<FollowUpSource> {
  const source = await api.getRequest(id);
  if (!source) {
    throw new PortalError(`--follow-up: request ${id} not found on ${api.portal.origin}`, 404, 'Check the number with `sigma-support requests list --status solved` (closed requests are listed with the solved ones).');
  }
  if (source.status !== 'closed') {
    throw new UsageError(
      `--follow-up: request ${id} is ${sanitize(source.status ?? 'not closed')}, not closed: a follow-up is only for a closed request. Nothing was sent.`,
      `Reply to it instead (a reply to a solved request reopens it): sigma-support requests reply ${id}`,
    );
  }
  const subject = checkSubject(source.subject ?? '');
  return { id, subject: subject.ok ? subject.value : undefined, shownSubject: sanitize(source.subject ?? '') };
}

/** For a script without --subject: the closed request's subject, or a usage error when it cannot be sent as it is. */
export function subjectFor(source: FollowUpSource): string {
  if (source.subject !== undefined) return source.subject;
  throw new UsageError(`--follow-up: the subject of request ${source.id} cannot be used as it is (empty, too long or with control characters). Nothing was sent.`, 'Give one with --subject.');
}

/** The portal's browser form cannot carry the link: a follow-up is filed by the CLI or not at all. */
export function refuseBrowserForFollowUp(followUp: number | undefined): void {
  if (followUp === undefined) return;
  throw new UsageError("--follow-up cannot be used with --web: the portal's form cannot link the new request to the closed one", 'Leave out --web: the CLI files the follow-up itself (after `sigma-support auth login`, if you are not logged in).');
}

/** The review's line about the link. */
export function followUpLine(source: FollowUpSource): string {
  return `Follows up on closed request #${source.id}: ${source.shownSubject}`;
}
