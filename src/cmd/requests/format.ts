/** How requests are shown: relative times, severity labels, and a table that fits the terminal. */
import stringWidth from 'string-width';
import { levelOfTag, type SeverityMapping } from '../../core/severity-field.js';
import type { Level } from '../../core/severity.js';
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
  return iso.slice(0, 10);
}

export function severityOf(request: PortalRequest, mapping: SeverityMapping | undefined): Level | undefined {
  const field = request.custom_fields?.find((f) => f.id === mapping?.fieldId);
  return mapping && field ? levelOfTag(mapping, field.value) : undefined;
}

/** Cuts text to a display width, counting wide characters as two columns. */
export function fit(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (stringWidth(`${out}${ch}…`) > width) break;
    out += ch;
  }
  return `${out}…`;
}

export interface Row {
  id: number;
  status: string;
  severity: string;
  updated: string;
  subject: string;
}

/** Columns padded to their widest cell; the subject takes what is left of the width. */
export function table(rows: readonly Row[], width: number): string {
  const head: Row = { id: 0, status: 'STATUS', severity: 'SEV', updated: 'UPDATED', subject: 'SUBJECT' };
  const w = {
    id: Math.max(2, ...rows.map((r) => String(r.id).length)),
    status: Math.max(6, ...rows.map((r) => r.status.length)),
    severity: 3,
    updated: Math.max(7, ...rows.map((r) => r.updated.length)),
  };
  const fixed = w.id + w.status + w.severity + w.updated + 8;
  const line = (r: Row, id: string) =>
    `${id.padEnd(w.id)}  ${r.status.padEnd(w.status)}  ${r.severity.padEnd(w.severity)}  ${r.updated.padEnd(w.updated)}  ${fit(r.subject, Math.max(10, width - fixed))}`.trimEnd();
  return [line(head, 'ID'), ...rows.map((r) => line(r, String(r.id)))].join('\n');
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
