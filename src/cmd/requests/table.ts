/**
 * The requests table for a terminal: columns padded to their widest cell, the subject cut to what is
 * left of the width. Apart from format.ts because measuring text (string-width) costs about 10 ms
 * to load, which JSON and piped output never need.
 */
import stringWidth from 'string-width';
import type { Row } from './format.js';

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

/** Colours a padded severity cell (S0 and S1 stand out); the identity where colours are off. */
export type SeverityPaint = (severity: string, cell: string) => string;

/** Columns padded to their widest cell; the subject takes what is left of the width. */
export function table(rows: readonly Row[], width: number, paint: SeverityPaint = (_, cell) => cell): string {
  const head: Row = { id: 0, status: 'STATUS', severity: 'SEV', updated: 'UPDATED', subject: 'SUBJECT' };
  const w = {
    id: Math.max(2, ...rows.map((r) => String(r.id).length)),
    status: Math.max(6, ...rows.map((r) => r.status.length)),
    severity: 3,
    updated: Math.max(7, ...rows.map((r) => r.updated.length)),
  };
  const fixed = w.id + w.status + w.severity + w.updated + 8;
  const line = (r: Row, id: string, sev: string) =>
    `${id.padEnd(w.id)}  ${r.status.padEnd(w.status)}  ${sev}  ${r.updated.padEnd(w.updated)}  ${fit(r.subject, Math.max(10, width - fixed))}`.trimEnd();
  return [line(head, 'ID', head.severity.padEnd(w.severity)), ...rows.map((r) => line(r, String(r.id), paint(r.severity, r.severity.padEnd(w.severity))))].join('\n');
}
