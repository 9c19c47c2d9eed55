/**
 * The hooks `submit` calls for the portal's form: choose the form, read --field, have the prompts
 * ask the rest, check what is required, and add the values to the request. The rules are in
 * core/form-choice.ts and core/form-fields.ts.
 */
import { chooseForm, formList } from '../../core/form-choice.js';
import {
  checkFieldValues,
  customFieldsOf,
  fieldState,
  formFieldsOf,
  showValue,
  valuesFromFlags,
  type FieldValues,
  type PortalForm,
} from '../../core/form-fields.js';
import type { ValidRequest } from '../../core/validate-request.js';
import { UsageError } from '../../errors.js';
import type { PortalApi } from '../../portal/portal-api.js';
import type { TicketField } from '../../portal/schemas.js';
import { formsOrNone } from '../../severity/lookup.js';
import type { Prompter } from '../../terminal/prompter.js';
import { sanitize } from '../../terminal/sanitize.js';
import type { Template } from '../../templates/template-file.js';

export interface ExtraFields {
  form: PortalForm;
  values: FieldValues;
}

const FIELD_HINT = 'Nothing was sent. Give each field as --field "<id or title>=<value>"; a drop-down takes an option name or tag.';

/** The form to file under and the values --field gave (exit 2 for a form or field that is not there). */
export async function loadFormFields(
  api: PortalApi,
  options: {
    wanted: string | undefined;
    fieldFlags: readonly string[];
    severityOverrideId: number | undefined;
    prompter: Prompter | undefined;
    /** Several forms and no default, without a prompter: 'fail' (exit 2, the default) or 'none' (no form). */
    unchosen?: 'fail' | 'none';
    /** A template's fields, checked the same way and named by their key; --field wins over them. */
    template?: Pick<Template, 'path' | 'fields'> | undefined;
  },
): Promise<ExtraFields> {
  const [fields, forms] = await Promise.all([api.ticketFields(), formsOrNone(api)]);
  const choice = chooseForm(forms, options.wanted);
  // titles, names and options come from the portal: shown only once made harmless to the terminal
  if (choice.kind === 'problem') throw new UsageError(sanitize(choice.problem), choice.hint);
  let chosen = choice.kind === 'chosen' ? choice.form : undefined;
  if (choice.kind === 'pick' && options.unchosen !== 'none') {
    if (!options.prompter) {
      throw new UsageError(sanitize(`the portal has several forms and none is the default: choose one with --form; its forms are ${formList(choice.forms)}`), 'Give --form <id or name>.');
    }
    const { pickForm } = await import('./ask-fields.js');
    chosen = await pickForm(options.prompter, choice.forms);
  }
  // Severity is asked and sent on its own (severity-field.ts): never as an extra field.
  const isSeverity = (f: TicketField) =>
    f.id === options.severityOverrideId || ((f.type === 'tagger' || f.type === 'priority') && /severity/i.test(f.title_in_portal || f.title || ''));
  const form = formFieldsOf(fields, chosen, isSeverity);
  const fromTemplate = options.template?.fields.map((f) => valuesFromFlags(form, [f.flag], `key fields."${f.key}"`)) ?? [];
  const templateProblems = fromTemplate.flatMap((r) => r.problems);
  if (templateProblems.length) throw fieldProblems(templateProblems, `the template ${options.template!.path}`, TEMPLATE_FIELD_HINT);
  const { values, problems } = valuesFromFlags(form, options.fieldFlags);
  if (problems.length) throw fieldProblems(problems);
  return { form, values: new Map([...fromTemplate.flatMap((r) => [...r.values]), ...values]) };
}

const TEMPLATE_FIELD_HINT = 'Nothing was sent. Fix the template\'s [fields] table: "<id or title>" = <value>, where a drop-down takes an option name or tag. A --field given for the same field wins over it.';

function fieldProblems(raw: readonly string[], source = 'the form', hint = FIELD_HINT): UsageError {
  const problems = raw.map((p) => sanitize(p));
  const prefix = source === 'the form' ? '' : `${source}: `;
  return new UsageError(problems.length === 1 ? `${prefix}${problems[0]!}` : `${source} has ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`, hint);
}

/** Asks, at a terminal, every field that applies and has no value yet (after Severity). */
export async function askFormFields(prompter: Prompter, extra: ExtraFields, requiredOnly = false): Promise<void> {
  if (extra.form.fields.length === 0) return;
  const { askFields } = await import('./ask-fields.js');
  await askFields(prompter, extra.form, extra.values, false, requiredOnly);
}

/** At the review: every field that applies is asked again, its answer as the default. */
export function formFieldsEditor(prompter: Prompter, extra: ExtraFields): (() => Promise<void>) | undefined {
  if (extra.form.fields.length === 0) return undefined;
  return async () => (await import('./ask-fields.js')).askFields(prompter, extra.form, extra.values, true);
}

/** Every required field answered, and none answered that does not apply; else exit 2. */
export function checkFormFields(extra: ExtraFields): void {
  const problems = checkFieldValues(extra.form, extra.values);
  if (problems.length) throw fieldProblems(problems);
}

export function withFormFields(request: ValidRequest, extra: ExtraFields | undefined): ValidRequest {
  return extra ? { ...request, form: { id: extra.form.id, customFields: customFieldsOf(extra.form, extra.values) } } : request;
}

/** The values as a person reads them, for the review and the dry run. */
export function fieldRows(extra: ExtraFields | undefined): Array<{ id: number; title: string; value: string }> {
  if (!extra) return [];
  return extra.form.fields.flatMap((f) => {
    const value = extra.values.get(f.id);
    return value !== undefined && fieldState(extra.form, f, extra.values).applies ? [{ id: f.id, title: f.title, value: showValue(f, value) }] : [];
  });
}

/** The values as --field arguments (id=tag), which is how a draft keeps them. */
export function fieldsAsFlags(values: FieldValues): string[] {
  return [...values].map(([id, v]) => `${id}=${typeof v === 'boolean' ? (v ? 'yes' : 'no') : Array.isArray(v) ? v.join(',') : v}`);
}
