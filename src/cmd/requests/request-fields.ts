/** What `requests view` shows of a request's form: each field by its title, each option by its name. */
import type { PortalComment, PortalRequest, TicketField } from '../../portal/schemas.js';

export interface ShownField {
  id: number;
  title: string;
  value: string;
}

function shown(value: unknown, field: TicketField | undefined): string | undefined {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return undefined;
  const name = (tag: unknown) => field?.custom_field_options?.find((o) => o.value === tag)?.name ?? String(tag);
  if (Array.isArray(value)) return value.map(name).join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'object') return JSON.stringify(value);
  return name(value);
}

/** The request's custom fields that hold a value, but the Severity field (shown on its own). */
export function formFields(request: PortalRequest, fields: readonly TicketField[], severityFieldId: number | undefined): ShownField[] {
  const out: ShownField[] = [];
  for (const f of request.custom_fields ?? []) {
    if (f.id === severityFieldId) continue;
    const field = fields.find((d) => d.id === f.id);
    if (field && field.visible_in_portal === false) continue;
    const value = shown(f.value, field);
    if (value !== undefined) out.push({ id: f.id, title: field?.title_in_portal ?? field?.title ?? `Field ${f.id}`, value });
  }
  return out;
}

/** Every file attached in the conversation, oldest first. */
export function attachmentsOf(comments: readonly PortalComment[]): Array<{ name: string; size: number | null }> {
  return comments.flatMap((c) => (c.attachments ?? []).map((a) => ({ name: a.file_name ?? '(no name)', size: typeof a.size === 'number' ? a.size : null })));
}
