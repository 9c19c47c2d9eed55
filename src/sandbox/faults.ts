/**
 * Fault injection for the sandbox portal, for the tests and for people rehearsing scripts:
 *   sigma-support sandbox --fault create=429:once --fault upload=reset:2 --fault fields=hang
 * A fault is `<target>=<kind>[:once|:N|:always]`; each matching call uses one up.
 */
export const FAULT_TARGETS = ['create', 'upload', 'update', 'list', 'show', 'comments', 'fields', 'forms', 'me', 'token', 'delete', 'any'] as const;
export type FaultTarget = (typeof FAULT_TARGETS)[number];

export const FAULT_KINDS = {
  '429': 'answer 429 with Retry-After: 1',
  '500': 'answer 500',
  '503': 'answer 503 with Retry-After: 1',
  '503-bare': 'answer 503 without Retry-After',
  html502: 'answer 502 with an HTML error page',
  '413': 'answer 413 (too large)',
  '413-unread': 'answer 413 at once and read none of the body, the connection left open',
  reset: 'drop the connection before answering (after reading part of the body)',
  stall: 'read part of the body, then stop reading it and never answer, the connection left open',
  'stored-reset': 'do the work (store the request, or the reply or update), then drop the connection instead of answering',
  'stored-500': 'do the work (store the request, or the reply or update), then answer 500',
  'stored-html502': 'do the work (store the request, or the reply or update), then answer 502 with an HTML error page',
  'stored-503': 'do the work (store the request, or the reply or update), then answer 503 with Retry-After: 1',
  'stored-hang': 'do the work (store the request, or the reply or update), then never answer',
  hang: 'never answer',
  redirect: 'answer 302 to another address',
  'bad-json': 'answer 200 with a body that is not JSON',
  'link-elsewhere': 'write the next-page links on another address (where the redirect fault points)',
  'link-double-slash': "write the next-page links on the portal, with a path //host/... naming another host",
  'link-backslash': 'write the next-page links on the portal, with a path /\\host/... naming another host',
  'link-zendesk': "write the next-page links on the account's zendesk.com host, as Zendesk does",
  'link-no-cursor': 'write a next-page link that carries no cursor or page number',
  huge: 'answer 200 with 600 MB of JSON (Content-Length given)',
  endless: 'answer 200 with a JSON body that never ends',
  drip: 'answer 200 with a JSON body sent one byte every 0.2 s, never done',
  'many-items': 'answer 200 with a valid page of a million items',
  dense: 'answer 200 with 7 MB of empty objects: small, but millions of values once parsed',
  unsorted: 'with page[size] (cursor pages), ignore sort_by/sort_order and list oldest first, as Zendesk does',
} as const;
export type FaultKind = keyof typeof FAULT_KINDS;

export interface FaultSpec {
  target: FaultTarget;
  kind: FaultKind;
  /** How many calls it affects; Infinity for always. */
  times: number;
}

export function parseFault(spec: string): FaultSpec {
  const m = /^([a-z]+)=([a-z0-9-]+)(?::(once|always|\d+))?$/i.exec(spec.trim());
  const usage = `a fault is <target>=<kind>[:once|:N|:always], with target one of ${FAULT_TARGETS.join(', ')} and kind one of ${Object.keys(FAULT_KINDS).join(', ')}`;
  if (!m) throw new Error(`"${spec}" is not a fault: ${usage}`);
  const [, target, kind, count] = m;
  if (!(FAULT_TARGETS as readonly string[]).includes(target!)) throw new Error(`"${target}" is not a fault target: ${usage}`);
  if (!(kind! in FAULT_KINDS)) throw new Error(`"${kind}" is not a fault kind: ${usage}`);
  const times = count === undefined || count === 'once' ? 1 : count === 'always' ? Infinity : Number(count);
  if (!(times > 0)) throw new Error(`"${spec}": the count must be at least 1`);
  return { target: target as FaultTarget, kind: kind as FaultKind, times };
}

/** Which fault target a call is. */
export function targetOf(method: string, path: string): FaultTarget | undefined {
  if (method === 'POST' && path === '/api/v2/requests') return 'create';
  if (method === 'POST' && path === '/api/v2/uploads') return 'upload';
  if (method === 'PUT' && /^\/api\/v2\/requests\/\d+$/.test(path)) return 'update';
  if (method === 'GET' && /^\/api\/v2\/requests(\/(open|solved|ccd))?$/.test(path)) return 'list';
  if (method === 'GET' && /^\/api\/v2\/requests\/\d+$/.test(path)) return 'show';
  if (method === 'GET' && /^\/api\/v2\/requests\/\d+\/comments$/.test(path)) return 'comments';
  if (path === '/api/v2/ticket_fields') return 'fields';
  if (path === '/api/v2/ticket_forms') return 'forms';
  if (path === '/api/v2/users/me') return 'me';
  if (path === '/oauth/tokens') return 'token';
  if (method === 'DELETE' && /^\/api\/v2\/uploads\/[^/]+$/.test(path)) return 'delete';
  return undefined;
}

export class FaultPlan {
  private specs: FaultSpec[];

  constructor(specs: readonly FaultSpec[] = []) {
    this.specs = specs.map((s) => ({ ...s }));
  }

  add(spec: FaultSpec): void {
    this.specs.push({ ...spec });
  }

  clear(): void {
    this.specs = [];
  }

  /** The fault for this call, if any, using it up. */
  take(target: FaultTarget | undefined): FaultKind | undefined {
    const spec = this.specs.find((s) => s.times > 0 && (s.target === target || (s.target === 'any' && target !== undefined)));
    if (!spec) return undefined;
    spec.times--;
    return spec.kind;
  }
}
