/**
 * Sigma's operational status, read from its public status page through the Statuspage JSON API:
 * `GET <status page>/api/v2/summary.json` answers the page, its components with their status, and the
 * unresolved incidents with their updates (https://confluence.status.atlassian.com/api, "Summary").
 *
 * The page is untrusted input: the answer is bounded in size and time, only the configured origin
 * is asked (a redirect elsewhere is not followed), lists are capped, every text is cut to a length,
 * and a link is kept only when it is an https URL (http only on loopback). Printing is the caller's:
 * it must still sanitize every text for the terminal.
 */
import * as z from '../zod.js';
import { once } from '../once.js';
import { isLoopbackHost } from '../portal/portal-url.js';
import { StatusPageError } from './status-address.js';

export { DEFAULT_STATUS_URL, parseStatusUrl, StatusPageError } from './status-address.js';

/** Bounds on what is read from the page. */
export const STATUS_LIMITS = { bytes: 1024 * 1024, incidents: 20, components: 100, text: 600 } as const;

export interface StatusIncident {
  id: string;
  name: string;
  /** investigating, identified, monitoring (the unresolved states). */
  status: string;
  impact: string;
  link: string;
  latestUpdate: { status: string; body: string; at: string } | null;
}

export interface StatusComponent {
  name: string;
  status: string;
}

export interface StatusSummary {
  page: string;
  /** The page's own one-line description of the overall status ("All Systems Operational"). */
  description: string;
  components: StatusComponent[];
  incidents: StatusIncident[];
}

/** Built when a page is read (S0, S1, `status`): every submit loads this module. */
const summarySchema = once(() => {
  const text = z.nullish(z.string());
  return z.looseObject({
    page: z.nullish(z.looseObject({ name: text, url: text })),
    status: z.nullish(z.looseObject({ description: text, indicator: text })),
    components: z.nullish(z.array(z.looseObject({ name: text, status: text, group: z.nullish(z.boolean()) }))),
    incidents: z.nullish(
      z.array(
        z.looseObject({
          id: text,
          name: text,
          status: text,
          impact: text,
          shortlink: text,
          incident_updates: z.nullish(z.array(z.looseObject({ status: text, body: text, created_at: text, display_at: text }))),
        }),
      ),
    ),
  });
});

const cut = (s: string | null | undefined, max: number = STATUS_LIMITS.text): string => {
  const value = (s ?? '').trim();
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
};

/** A link from the page, kept only when it is a safe URL to print; otherwise undefined. */
export function safeLink(value: string | null | undefined): string | undefined {
  if (!value || value.length > 500) return undefined;
  try {
    const url = new URL(value);
    if (url.username || url.password) return undefined;
    if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) return url.toString();
  } catch {
    // not a URL
  }
  return undefined;
}

/** The page's address for one incident, when its own link is missing or unsafe. */
function incidentPage(base: URL, id: string): string {
  return `${base.toString().replace(/\/+$/, '')}/incidents/${encodeURIComponent(id.replace(/[^A-Za-z0-9_-]/g, ''))}`;
}

/** The summary as the CLI shows it: components not operational, unresolved incidents with their latest update. */
export function readSummary(json: unknown, base: URL): StatusSummary {
  const parsed = summarySchema().safeParse(json);
  if (!parsed.success) throw new StatusPageError('the status page answered something that is not a Statuspage summary');
  const s = parsed.data;
  const components = (s.components ?? [])
    .filter((c) => !c.group && c.status && c.status !== 'operational')
    .slice(0, STATUS_LIMITS.components)
    .map((c) => ({ name: cut(c.name, 120), status: cut(c.status, 40) }));
  const incidents = (s.incidents ?? [])
    .filter((i) => i.status !== 'resolved' && i.status !== 'postmortem')
    .slice(0, STATUS_LIMITS.incidents)
    .map((i): StatusIncident => {
      const updates = [...(i.incident_updates ?? [])].sort((a, b) => Date.parse(b.display_at ?? b.created_at ?? '') - Date.parse(a.display_at ?? a.created_at ?? ''));
      const latest = updates[0];
      const id = cut(i.id, 60);
      return {
        id,
        name: cut(i.name, 200) || '(no name)',
        status: cut(i.status, 40),
        impact: cut(i.impact, 40),
        link: safeLink(i.shortlink) ?? incidentPage(base, id),
        latestUpdate: latest ? { status: cut(latest.status, 40), body: cut(latest.body), at: cut(latest.display_at ?? latest.created_at, 40) } : null,
      };
    });
  return { page: cut(s.page?.name, 120) || base.host, description: cut(s.status?.description, 120), components, incidents };
}
