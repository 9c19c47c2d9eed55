/** How the status page's summary is printed: every text sanitized, since the page is untrusted. */
import type { ChalkInstance } from 'chalk';
import type { StatusIncident, StatusSummary } from '../../status/status-summary.js';
import { sanitize } from '../../terminal/sanitize.js';

export function incidentLines(incidents: readonly StatusIncident[], style: ChalkInstance): string[] {
  const out: string[] = [];
  for (const i of incidents) {
    out.push(`  ${style.bold(sanitize(i.name))} (${sanitize(i.status)}${i.impact ? `, ${sanitize(i.impact)} impact` : ''})`);
    if (i.latestUpdate) out.push(`    ${sanitize(i.latestUpdate.at)}: ${sanitize(i.latestUpdate.body)}`);
    out.push(`    ${sanitize(i.link)}`);
  }
  return out;
}

export function renderStatus(summary: StatusSummary, pageUrl: URL, style: ChalkInstance): string {
  const out = [`${style.bold(sanitize(summary.page))}: ${sanitize(summary.description) || (summary.incidents.length ? 'incidents under way' : 'no incidents')}  (${pageUrl.toString()})`];
  if (summary.components.length) {
    out.push('', 'Components not operational:');
    for (const c of summary.components) out.push(`  ${sanitize(c.name)}: ${sanitize(c.status).replace(/_/g, ' ')}`);
  } else out.push('', 'Every component is operational.');
  if (summary.incidents.length) out.push('', `Unresolved incidents (${summary.incidents.length}):`, ...incidentLines(summary.incidents, style));
  else out.push('No unresolved incidents.');
  return out.join('\n');
}
