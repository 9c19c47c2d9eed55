/**
 * `submit --web`: the portal's own "Submit a request" form in the browser, pre-filled with what is
 * known through the Help Center's URL parameters (tf_subject, tf_description, tf_collaborators,
 * tf_priority, tf_<field id>, ticket_form_id), opened through the Help Center's sign-in with
 * `return_to`, so a user who is not signed in keeps the values. The way out for accounts that
 * cannot use the API, and for attachments the portal refuses. It needs no credentials.
 */
import { checkCcList, checkDescription, checkSubject } from '../../core/request-fields.js';
import { LEVEL_INFO, type Level } from '../../severity/levels.js';
import { InterruptedError, UsageError } from '../../errors.js';
import { newRequestPageUrl, signInThenUrl } from '../../portal/portal-url.js';
import { severityMapping } from '../../severity/lookup.js';
import { HttpPortalApi } from '../../portal/portal-api.js';
import type { FieldValue } from '../../portal/schemas.js';
import { openInBrowser } from '../../terminal/browser.js';
import { sanitize } from '../../terminal/sanitize.js';
import type { CommandContext } from '../context.js';
import { helpCenterLocale, httpClient, limits, resolvePortal } from '../session.js';
import type { FormState } from './ask.js';
import { fieldRows, loadFormFields, type ExtraFields } from './form-hook.js';
import type { Template } from '../../templates/template-file.js';

/** Long descriptions are cut in the URL: servers refuse very long addresses. */
export const URL_DESCRIPTION_CHARS = 4000;

export interface WebFormFields {
  subject?: string | undefined;
  description?: string | undefined;
  cc?: readonly string[] | undefined;
  /** `priority` when Severity is the system Priority field (then tf_priority). */
  severity?: { fieldId: number; tag: string; priority: boolean } | undefined;
  formId?: number | undefined;
  extra?: ReadonlyArray<{ id: number; value: FieldValue }>;
}

/** The pre-filled form's own URL. A multi-select is left out: no pre-fill format for it is documented. */
export function webFormUrl(portal: URL, locale: string, fields: WebFormFields): URL {
  const url = new URL(newRequestPageUrl(portal, locale));
  if (fields.formId !== undefined) url.searchParams.set('ticket_form_id', String(fields.formId));
  if (fields.subject) url.searchParams.set('tf_subject', fields.subject);
  if (fields.description) url.searchParams.set('tf_description', fields.description.slice(0, URL_DESCRIPTION_CHARS));
  if (fields.cc?.length) url.searchParams.set('tf_collaborators', fields.cc.join(','));
  if (fields.severity) url.searchParams.set(fields.severity.priority ? 'tf_priority' : `tf_${fields.severity.fieldId}`, fields.severity.tag);
  for (const f of fields.extra ?? []) if (!Array.isArray(f.value)) url.searchParams.set(`tf_${f.id}`, String(f.value));
  return url;
}

export async function openWebForm(
  ctx: CommandContext,
  portalFlag: string | undefined,
  form: FormState,
  attachmentPaths: readonly string[],
  options: { timeoutSeconds: number | undefined; wantedForm: string | undefined; fieldFlags: readonly string[]; template?: Template | undefined },
): Promise<void> {
  const subject = form.subject === undefined ? undefined : checkSubject(form.subject);
  if (subject && !subject.ok) throw new UsageError(`--subject: ${subject.problem}`);
  const description = form.description === undefined ? undefined : checkDescription(form.description);
  if (description && !description.ok) throw new UsageError(`--description: ${description.problem}`);
  const cc = form.cc === undefined ? undefined : checkCcList(form.cc);
  if (cc && !cc.ok) throw new UsageError(`--cc: ${cc.problem}`);
  const portal = resolvePortal(ctx, portalFlag, undefined);
  const locale = helpCenterLocale(ctx, portalFlag);
  const api = new HttpPortalApi(httpClient(ctx, portal, undefined, limits(ctx, { timeoutSeconds: options.timeoutSeconds }).timeoutSeconds));
  let severity: WebFormFields['severity'];
  let formId: number | undefined;
  let extra: ExtraFields | undefined;
  try {
    const mapping = await severityMapping(api, ctx);
    formId = mapping.formId;
    if (form.severity) severity = { fieldId: mapping.fieldId, tag: mapping.tags[form.severity as Level], priority: mapping.kind === 'priority' };
    // --form and --field are checked as for a submit (exit 2); several forms and no default: the page offers them
    extra = await loadFormFields(api, { wanted: options.wantedForm, fieldFlags: options.fieldFlags, severityOverrideId: undefined, prompter: undefined, unchosen: 'none', template: options.template });
    formId = extra.form.id ?? (options.wantedForm === undefined ? formId : undefined);
  } catch (error) {
    if (error instanceof UsageError || error instanceof InterruptedError) throw error;
    ctx.io.stderr.write(`Could not read the form's fields (${sanitize((error as Error).message.split('\n')[0] ?? '')}); the page opens with subject, description and CCs only.\n`);
  } finally {
    await api.close();
  }
  const values = extra ? [...extra.values].map(([id, value]) => ({ id, value })) : [];
  const formUrl = webFormUrl(portal, locale, { subject: subject?.ok ? subject.value : undefined, description: description?.ok ? description.value : undefined, cc: cc?.ok ? cc.value : undefined, severity, formId, extra: values });
  await openInBrowser(signInThenUrl(portal, locale, formUrl.toString()), ctx);
  if (description?.ok && description.value.length > URL_DESCRIPTION_CHARS) ctx.io.stderr.write(`The description was cut to ${URL_DESCRIPTION_CHARS} characters in the link: paste the rest into the form.\n`);
  if (attachmentPaths.length) ctx.io.stderr.write(`Attach these in the form yourself: ${sanitize(attachmentPaths.join(', '))}\n`);
  const byHand = fieldRows(extra).filter((row) => Array.isArray(extra?.values.get(row.id)));
  for (const row of byHand) ctx.io.stderr.write(`Choose in the form yourself: ${sanitize(row.title)}: ${sanitize(row.value)}\n`);
  if (form.severity) {
    // Only a discovered Severity field can be pre-set; otherwise the user picks it in the form.
    const label = LEVEL_INFO[form.severity as Level].label;
    const pages = LEVEL_INFO[form.severity as Level].pagesOnCall ? ': submitting it pages the on-call Support engineers at once' : '';
    ctx.io.stderr.write(severity ? `The form is pre-set to ${label}${pages}.\n` : `The Severity field could not be pre-set: choose ${label} in the form yourself${pages}.\n`);
  }
  ctx.io.stderr.write('Nothing was sent: sign in if asked, then review the form in the browser and submit it there.\n');
}
