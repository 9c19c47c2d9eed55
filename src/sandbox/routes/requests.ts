/**
 * An end user's requests (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-requests/):
 * list them (all, open, solved, or those they are CC'd on), show one, create one
 * (create-request.ts), reply to one or solve it, and list its comments
 * (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-requests/#listing-comments).
 * Someone else's request is not found.
 */
import { requireAccount } from '../auth.js';
import type { SandboxAccount } from '../fixtures.js';
import { invalid, json, notFound, readJson, type Details } from '../http-answer.js';
import { paginate } from '../pagination.js';
import type { PortalCall, PortalEnv } from '../portal-call.js';
import type { Route } from '../route-table.js';
import type { RequestRecord } from '../store.js';
import { attachmentJson, canBeSolved, requestJson, tokenOf } from '../zendesk-shapes.js';
import { createRequestHandler, type CreateRules } from './create-request.js';
import { consumeUploads, takeUploads } from './uploads.js';

export function requestRoutes(env: PortalEnv, rules: CreateRules): Array<Route<PortalCall>> {
  const { store } = env;
  const shape = (r: RequestRecord) => requestJson(r, env.api);

  function ownRequest(call: PortalCall, id: number): RequestRecord {
    const account = requireAccount(call);
    const record = store.requests.get(id);
    if (!record || (record.requester_id !== account.id && !record.email_cc_ids.includes(store.userIdFor(account.email)))) throw notFound();
    return record;
  }

  function list(call: PortalCall, which: string | undefined): unknown {
    const account = requireAccount(call);
    const me = store.userIdFor(account.email);
    let found = [...store.requests.values()].filter((r) => (which === 'ccd' ? r.email_cc_ids.includes(me) : r.requester_id === account.id));
    if (which === 'open') found = found.filter((r) => ['new', 'open', 'pending', 'hold'].includes(r.status));
    if (which === 'solved') found = found.filter((r) => r.status === 'solved' || r.status === 'closed');
    const params = call.url.searchParams;
    const sortBy = params.get('sort_by') === 'updated_at' ? 'updated_at' : 'created_at';
    const desc = params.get('sort_order') === 'desc';
    // `unsorted`: Zendesk ignores the sort with cursor pages (page[size]); the sandbox then lists oldest first
    if (call.fault === 'unsorted' && params.has('page[size]')) found.sort((a, b) => a.id - b.id);
    else found.sort((a, b) => (a[sortBy] === b[sortBy] ? a.id - b.id : a[sortBy] < b[sortBy] ? -1 : 1) * (desc ? -1 : 1));
    return paginate(call.url, found.map(shape), 'requests');
  }

  function comments(call: PortalCall, id: number): unknown {
    const record = ownRequest(call, id);
    const all = record.comments.map((c) => ({
      id: c.id,
      type: 'Comment',
      body: c.body,
      html_body: `<p>${c.body.replace(/[&<>]/g, (ch) => `&#${ch.charCodeAt(0)};`)}</p>`,
      plain_body: c.body,
      public: true,
      author_id: c.author_id,
      attachments: c.attachments.map((a) => attachmentJson(tokenOf(a), a, env.api, env.base())),
      created_at: c.created_at,
    }));
    return paginate(call.url, all, 'comments');
  }

  function solve(record: RequestRecord, account: SandboxAccount): unknown {
    if (!canBeSolved(record) && record.status !== 'solved') {
      throw invalid({ status: [{ description: `Status: ${account.email} cannot solve a request that is ${record.status}`, error: 'InvalidValue', field_key: 'status' }] });
    }
    record.status = 'solved';
    record.updated_at = env.now().toISOString();
    store.saveRequest(record);
    return { request: shape(record) };
  }

  /** A reply (a comment, with uploads), which reopens a solved request; or `solved: true` alone, which solves it. */
  async function update(call: PortalCall, id: number): Promise<unknown> {
    const account = requireAccount(call);
    const record = ownRequest(call, id);
    const sent = await readJson(call.req);
    const request = (sent.request ?? {}) as Record<string, unknown>;
    const comment = (request.comment ?? {}) as Record<string, unknown>;
    const body = typeof comment.body === 'string' ? comment.body.trim() : '';
    if (request.solved === true && !body) return solve(record, account);
    const details: Details = {};
    if (record.status === 'closed') details.status = [{ description: 'Status: closed prevents ticket update', error: 'InvalidValue', field_key: 'status' }];
    if (!body) details.comment = [{ description: 'Comment: cannot be blank', error: 'BlankValue', field_key: 'comment' }];
    const attachments = takeUploads(env, comment.uploads, account, details);
    if (Object.keys(details).length > 0) throw invalid(details);
    const now = env.now().toISOString();
    record.comments.push({ id: store.newCommentId(), author_id: account.id, body, created_at: now, attachments });
    if (record.status === 'solved') record.status = 'open';
    record.updated_at = now;
    consumeUploads(env, comment.uploads, record.id);
    store.saveRequest(record);
    return { request: shape(record) };
  }

  return [
    { method: 'POST', path: '/api/v2/requests', stores: true, handle: createRequestHandler(env, rules) },
    { method: 'GET', path: /^\/api\/v2\/requests(?:\/(open|solved|ccd))?$/, handle: (call, [which]) => json(200, list(call, which)) },
    { method: 'GET', path: /^\/api\/v2\/requests\/(\d+)$/, handle: (call, [id]) => json(200, { request: shape(ownRequest(call, Number(id))) }) },
    { method: 'PUT', path: /^\/api\/v2\/requests\/(\d+)$/, stores: true, handle: async (call, [id]) => json(200, await update(call, Number(id))) },
    { method: 'GET', path: /^\/api\/v2\/requests\/(\d+)\/comments$/, handle: (call, [id]) => json(200, comments(call, Number(id))) },
  ];
}
