/**
 * The sandbox's status page, under /status on the sandbox's own origin: the Statuspage JSON API's
 * summary (`/status/api/v2/summary.json`, shaped as https://confluence.status.atlassian.com/api
 * documents it), with incidents that a test or `sandbox --incident` declares. A portal on loopback
 * takes it as its status page by default, so rehearsals never reach Sigma's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_PATH } from '../status/status-address.js';
import { HOSTILE_SUFFIX, withHostileText } from './hostile-text.js';

export { STATUS_PATH };

const COMPONENTS = ['Sigma application', 'Workbooks and dashboards', 'Data connections', 'Exports and schedules', 'API', 'Login and SSO'];

interface Incident {
  id: string;
  name: string;
  status: 'investigating' | 'identified' | 'monitoring' | 'resolved';
  created_at: string;
  updated_at: string;
  updates: Array<{ id: string; status: string; body: string; created_at: string }>;
}

export interface SandboxStatusPage {
  /** Declares an unresolved incident (status "investigating", major impact) and returns its id. */
  declare(name: string, update?: string): string;
  /** Marks an incident resolved: it leaves the summary. */
  resolve(id: string): void;
  /** Replaces the whole answer with this raw body (tests of hostile pages); status 0 never answers. Undefined restores it. */
  rawAnswer: { status: number; body: string; contentType?: string } | undefined;
}

export class StatusPage implements SandboxStatusPage {
  private readonly incidents: Incident[] = [];
  private sequence = 0;
  rawAnswer: SandboxStatusPage['rawAnswer'];

  constructor(
    private readonly now: () => Date,
    private readonly base: () => URL,
    /** Put terminal escape sequences in every text it answers, as the API does (hostile-text.ts). */
    private readonly hostileText = false,
  ) {}

  declare(name: string, update = 'We are investigating reports of this problem.'): string {
    const at = this.now().toISOString();
    const id = `sandbox${++this.sequence}`;
    this.incidents.push({ id, name, status: 'investigating', created_at: at, updated_at: at, updates: [{ id: `${id}u1`, status: 'investigating', body: update, created_at: at }] });
    return id;
  }

  resolve(id: string): void {
    const incident = this.incidents.find((i) => i.id === id);
    if (incident) incident.status = 'resolved';
  }

  /** Answers requests under /status; false when the path is not its. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    if (path !== STATUS_PATH && !path.startsWith(`${STATUS_PATH}/`)) return false;
    req.resume();
    if (path === `${STATUS_PATH}/api/v2/summary.json` && req.method === 'GET') {
      if (this.rawAnswer?.status === 0) return true; // a page that never answers (the client's bound ends it)
      if (this.rawAnswer) {
        res.writeHead(this.rawAnswer.status, { 'content-type': this.rawAnswer.contentType ?? 'application/json' });
        res.end(this.rawAnswer.body);
      } else {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(this.hostileText ? withHostileText(this.summary()) : this.summary()));
      }
      return true;
    }
    const open = this.incidents.filter((i) => i.status !== 'resolved');
    res.writeHead(path === STATUS_PATH || path.startsWith(`${STATUS_PATH}/incidents/`) ? 200 : 404, { 'content-type': 'text/plain; charset=utf-8' });
    const name = (i: Incident) => (this.hostileText ? `${i.name}${HOSTILE_SUFFIX}` : i.name);
    res.end(open.length ? `Sandbox status: ${open.map(name).join('; ')}\n` : 'Sandbox status: all systems operational\n');
    return true;
  }

  private summary(): unknown {
    const page = new URL(STATUS_PATH, this.base()).toString();
    const open = this.incidents.filter((i) => i.status !== 'resolved');
    const updated = open.at(-1)?.updated_at ?? this.now().toISOString();
    return {
      page: { id: 'sandbox', name: 'Sigma (sandbox)', url: page, time_zone: 'Etc/UTC', updated_at: updated },
      status: open.length ? { indicator: 'major', description: 'Partial System Outage' } : { indicator: 'none', description: 'All Systems Operational' },
      components: COMPONENTS.map((name, position) => ({
        id: `component${position + 1}`,
        name,
        status: open.length && position === 0 ? 'major_outage' : 'operational',
        position: position + 1,
        group: false,
        only_show_if_degraded: false,
        updated_at: updated,
      })),
      incidents: open.map((i) => ({
        id: i.id,
        name: i.name,
        status: i.status,
        impact: 'major',
        shortlink: `${page}/incidents/${i.id}`,
        created_at: i.created_at,
        updated_at: i.updated_at,
        incident_updates: i.updates.map((u) => ({ ...u, display_at: u.created_at, incident_id: i.id })),
      })),
      scheduled_maintenances: [],
    };
  }
}
