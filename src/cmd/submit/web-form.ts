/**
 * `submit --web`: the portal's own "Submit a request" form in the browser, pre-filled with what is
 * known through the Help Center's URL parameters (tf_subject, tf_description, tf_<field id>,
 * ticket_form_id). The way out for accounts that cannot use the API, and for attachments the portal
 * refuses. It needs no credentials: the browser signs in.
 */
import { checkDescription, checkSubject, splitAddresses } from '../../core/request-fields.js';
import { LEVEL_INFO, type Level } from '../../severity/levels.js';
import { UsageError } from '../../errors.js';
import { newRequestPageUrl } from '../../portal/portal-url.js';
import { severityMapping } from '../../severity/lookup.js';
import { HttpPortalApi } from '../../portal/portal-api.js';
import { openInBrowser } from '../../terminal/browser.js';
import { sanitize } from '../../terminal/sanitize.js';
import type { CommandContext } from '../context.js';
import { httpClient, limits, resolvePortal } from '../session.js';
import type { FormState } from './ask.js';

/** Long descriptions are cut in the URL: servers refuse very long addresses. */
export const URL_DESCRIPTION_CHARS = 4000;

export function webFormUrl(portal: URL, fields: { subject?: string | undefined; description?: string | undefined; severity?: { fieldId: number; tag: string } | undefined; formId?: number | undefined }): URL {
  const url = new URL(newRequestPageUrl(portal));
  if (fields.formId !== undefined) url.searchParams.set('ticket_form_id', String(fields.formId));
  if (fields.subject) url.searchParams.set('tf_subject', fields.subject);
  if (fields.description) url.searchParams.set('tf_description', fields.description.slice(0, URL_DESCRIPTION_CHARS));
  if (fields.severity) url.searchParams.set(`tf_${fields.severity.fieldId}`, fields.severity.tag);
  return url;
}

export async function openWebForm(ctx: CommandContext, portalFlag: string | undefined, form: FormState, attachmentPaths: readonly string[], timeoutSeconds: number | undefined): Promise<void> {
  const subject = form.subject === undefined ? undefined : checkSubject(form.subject);
  if (subject && !subject.ok) throw new UsageError(`--subject: ${subject.problem}`);
  const description = form.description === undefined ? undefined : checkDescription(form.description);
  if (description && !description.ok) throw new UsageError(`--description: ${description.problem}`);
  const portal = resolvePortal(ctx, portalFlag, undefined);
  const api = new HttpPortalApi(httpClient(ctx, portal, undefined, limits(ctx, { timeoutSeconds }).timeoutSeconds));
  let severity: { fieldId: number; tag: string } | undefined;
  let formId: number | undefined;
  try {
    const mapping = await severityMapping(api, ctx.now);
    formId = mapping.formId;
    if (form.severity) severity = { fieldId: mapping.fieldId, tag: mapping.tags[form.severity as Level] };
  } catch (error) {
    ctx.io.stderr.write(`Could not read the form's fields (${sanitize((error as Error).message.split('\n')[0])}); the page opens with subject and description only.\n`);
  } finally {
    await api.close();
  }
  const url = webFormUrl(portal, { subject: subject?.ok ? subject.value : undefined, description: description?.ok ? description.value : undefined, severity, formId });
  await openInBrowser(url.toString(), ctx);
  if (description?.ok && description.value.length > URL_DESCRIPTION_CHARS) ctx.io.stderr.write(`The description was cut to ${URL_DESCRIPTION_CHARS} characters in the link: paste the rest into the form.\n`);
  if (attachmentPaths.length) ctx.io.stderr.write(`Attach these in the form yourself: ${sanitize(attachmentPaths.join(', '))}\n`);
  if (form.cc?.length) ctx.io.stderr.write(`Add these CCs in the form yourself: ${splitAddresses(form.cc).join(', ')}\n`);
  if (form.severity) {
    // Only a discovered Severity field can be pre-set; otherwise the user picks it in the form.
    const label = LEVEL_INFO[form.severity as Level].label;
    const pages = LEVEL_INFO[form.severity as Level].pagesOnCall ? ': submitting it pages the on-call Support engineers at once' : '';
    ctx.io.stderr.write(severity ? `The form is pre-set to ${label}${pages}.\n` : `The Severity field could not be pre-set: choose ${label} in the form yourself${pages}.\n`);
  }
  ctx.io.stderr.write('Nothing was sent: review the form in the browser and submit it there.\n');
}
