/** How requests are shown: relative times, severity labels, table rows (table.ts lays them out). */
import { levelOfTag, type SeverityMapping } from '../../severity/field.js';
import type { Level } from '../../severity/levels.js';
import type { PortalRequest } from '../../portal/schemas.js';
import { sanitize } from '../../terminal/sanitize.js';

/** "just now", "5 min ago", "2 h ago", "3 d ago", or the date beyond two months. */
export function ago(iso: string | null | undefined, now: Date): string {
  if (!iso) return '';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const s = Math.max(0, Math.round((now.getTime() - then) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 48 * 3600) return `${Math.floor(s / 3600)} h ago`;
  if (s < 60 * 86400) return `${Math.floor(s / 86400)} d ago`;
  return sanitize(iso.slice(0, 10));
}

/** A time as a person reads it, in the local time zone: "Nov 28, 2026, 9:45 PM". Empty when unreadable. */
export function localTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const then = new Date(iso);
  return Number.isNaN(then.getTime()) ? '' : then.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function severityOf(request: PortalRequest, mapping: SeverityMapping | undefined): Level | undefined {
  // Severity as the system Priority field: the request's own `priority`
  if (mapping?.kind === 'priority') return levelOfTag(mapping, (request as PortalRequest & { priority?: unknown }).priority);
  const field = request.custom_fields?.find((f) => f.id === mapping?.fieldId);
  return mapping && field ? levelOfTag(mapping, field.value) : undefined;
}

export interface Row {
  id: number;
  status: string;
  severity: string;
  updated: string;
  subject: string;
}

export function rowOf(request: PortalRequest, mapping: SeverityMapping | undefined, now: Date): Row {
  return {
    id: request.id,
    status: sanitize(request.status ?? ''),
    severity: severityOf(request, mapping) ?? '--',
    updated: ago(request.updated_at, now),
    subject: sanitize(request.subject ?? ''),
  };
}
