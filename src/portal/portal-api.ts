/**
 * The portal operations the CLI uses, over HttpClient. The core depends on the PortalApi interface
 * only, so it never sees HTTP.
 */
import type * as z from '../zod.js';
import { HttpClient } from './http-client.js';
import { PortalError } from '../errors.js';
import { unexpectedAnswer } from './portal-errors.js';
import { mayHaveStored, sendWrite } from './write-once.js';
import { allPages } from './pages.js';
import {
  commentSchema,
  currentUserSchema,
  portalRequestSchema,
  requestAnswerSchema,
  requestsPageSchema,
  pageSchema,
  ticketFieldSchema,
  ticketFormSchema,
  uploadAnswerSchema,
  type CreateRequestBody,
  type PortalComment,
  type PortalRequest,
  type TicketField,
  type TicketForm,
  type UploadAnswer,
} from './schemas.js';

export interface UploadCall {
  fileName: string;
  contentType: string;
  size: number;
  /** Opens the file afresh: called again for each attempt. */
  body: () => AsyncIterable<Uint8Array>;
  signal?: AbortSignal;
}

export interface CreatedRequest {
  request: PortalRequest;
  /** "hit" when the portal answered from its idempotency store, "miss" for a first create. */
  idempotencyLookup: string | undefined;
}

export type RequestList = 'all' | 'open' | 'solved' | 'ccd';

export interface PortalApi {
  readonly portal: URL;
  ticketFields(): Promise<TicketField[]>;
  ticketForms(): Promise<TicketForm[]>;
  /** A call that fails with 401 on bad credentials (unlike users/me, which answers anyone). */
  checkCredentials(): Promise<void>;
  /** The signed-in user's email; undefined for the anonymous user users/me gives bad credentials. */
  currentUserEmail(): Promise<string | undefined>;
  upload(call: UploadCall): Promise<UploadAnswer['upload']>;
  deleteUpload(token: string): Promise<void>;
  createRequest(body: CreateRequestBody, idempotencyKey: string): Promise<CreatedRequest>;
  /** My requests (or those I am CC'd on), newest update first, following the pages up to `limit`. */
  listRequests(which: RequestList, limit: number): Promise<PortalRequest[]>;
  /** One request; undefined when the portal does not know it (404). */
  getRequest(id: number): Promise<PortalRequest | undefined>;
  comments(id: number): Promise<PortalComment[]>;
  /** Adds a public reply; like a create, it is only re-sent when it certainly did not take effect. */
  addComment(id: number, body: string, uploadTokens: readonly string[]): Promise<PortalRequest>;
  /** My public comment on the request with this body created at or after `since`, if any (throws when it cannot tell). */
  findRecentComment(id: number, body: string, authorId: number | null, since: Date): Promise<PortalComment | undefined>;
  /** Marks a request solved (Zendesk allows it when the request says can_be_solved_by_me). */
  solveRequest(id: number): Promise<PortalRequest>;
  /** The signed-in user's id (null for the anonymous user); `settling`: read even after Ctrl-C (see SETTLING). */
  currentUserId(options?: { settling?: boolean }): Promise<number | null>;
  /** The newest of my requests with this subject (and description) created at or after `since`, if any. */
  findRecentRequest(subject: string, description: string, since: Date): Promise<PortalRequest | undefined>;
  close(): Promise<void>;
}

export interface PortalApiOptions {
  /** Told what the user should know but that does not stop the command (a list cut short). */
  onWarning?: ((message: string) => void) | undefined;
}

/**
 * The signal option of the calls that go on after Ctrl-C (http-client.ts): the write that may
 * already have taken effect (createRequest, addComment, in write-once.ts), the lookups that settle
 * whether it did (findRecentRequest, findRecentComment, and the user id that one needs), and the
 * removal of uploads no request will use. The commands bound that wait themselves (a grace period,
 * then a second Ctrl-C); every other call stops at the first.
 */
const SETTLING = { signal: null } as const;

/** Pages the "find what I just created" lookup reads at most, 100 requests each. */
const LOOKUP_MAX_PAGES = 10;

/** Newest first by the given time; items without one go last, ties keep their order. */
function newestFirst<T extends { created_at?: string | null | undefined; updated_at?: string | null | undefined }>(items: T[], by: 'created_at' | 'updated_at'): T[] {
  const time = (r: T) => {
    const t = r[by] == null ? NaN : Date.parse(r[by]);
    return Number.isNaN(t) ? -Infinity : t;
  };
  return items.map((r, i) => ({ r, i, t: time(r) })).sort((a, b) => b.t - a.t || a.i - b.i).map((x) => x.r);
}

/**
 * What `requests list` shows of a request (cmd/requests/format.ts): only that is kept of each page,
 * and the rest of the page (descriptions, the `fields` copy of the custom fields, `via`, ...) is let
 * go as soon as it is read. Kept whole, 1,000 requests were copied by every young-generation garbage
 * collection that ran while the later pages came in.
 */
function listed(request: PortalRequest): PortalRequest {
  const { id, subject, status, custom_fields, created_at, updated_at } = request;
  // Severity as the system Priority field (format.ts's severityOf)
  const { priority } = request as PortalRequest & { priority?: unknown };
  return { id, subject, status, priority, custom_fields, created_at, updated_at };
}

/**
 * What a list without a limit of its own keeps at most: 50 pages of up to 200,000 values each (see
 * answer-body.ts) would otherwise all be held at once.
 */
const LIST_MAX_ITEMS = 5_000;

export class HttpPortalApi implements PortalApi {
  readonly portal: URL;

  constructor(
    private readonly http: HttpClient,
    private readonly options: PortalApiOptions = {},
  ) {
    this.portal = http.portal;
  }

  ticketFields(): Promise<TicketField[]> {
    return this.list('/api/v2/ticket_fields', {}, 'ticket_fields', ticketFieldSchema, 'reading the ticket fields');
  }

  ticketForms(): Promise<TicketForm[]> {
    return this.list('/api/v2/ticket_forms', {}, 'ticket_forms', ticketFormSchema, 'reading the ticket forms');
  }

  /**
   * Every item of a list endpoint, page after page (cursor or offset: see pages.ts), always from this
   * endpoint. `item` gives the items' schema, built only for a page schema not given.
   */
  private async list<T extends z.ZodMiniType>(path: string, query: Record<string, string>, key: string, item: () => T, action: string, maxItems = LIST_MAX_ITEMS, onStop = (reason: string) => this.options.onWarning?.(`${action}: ${reason}`), stop: { signal?: null } = {}, schema = pageSchema(key, item()), keep?: (item: z.infer<T>) => z.infer<T>): Promise<Array<z.infer<T>>> {
    const items = await allPages(
      async (page) => {
        const { value } = await this.http.json('GET', path, schema, { action, query: { ...query, ...page }, ...stop });
        const read = value[key] as Array<z.infer<T>>;
        return { items: keep ? read.map(keep) : read, links: value };
      },
      { maxItems, maxPages: 50, onStop },
    );
    // a list with no limit of its own (fields, forms, comments) is held to one, whatever the portal sends
    if (maxItems === LIST_MAX_ITEMS && items.length >= LIST_MAX_ITEMS) onStop(`the list stops at ${LIST_MAX_ITEMS} items`);
    return items;
  }

  async checkCredentials(): Promise<void> {
    await this.http.json('GET', '/api/v2/requests', requestsPageSchema(), {
      action: 'checking the credentials',
      query: { 'page[size]': '1' },
    });
  }

  async currentUserEmail(): Promise<string | undefined> {
    const { value } = await this.http.json('GET', '/api/v2/users/me', currentUserSchema(), { action: 'reading the signed-in user' });
    return value.user.id === null ? undefined : (value.user.email ?? undefined);
  }

  async upload(call: UploadCall): Promise<UploadAnswer['upload']> {
    const { value } = await this.http.json('POST', '/api/v2/uploads', uploadAnswerSchema(), {
      action: `uploading ${call.fileName}`,
      query: { filename: call.fileName },
      body: call.body,
      headers: { 'content-type': call.contentType, 'content-length': String(call.size) },
      signal: call.signal,
      retry: 'idempotent',
    });
    return value.upload;
  }

  async deleteUpload(token: string): Promise<void> {
    const answer = await this.http.send('DELETE', `/api/v2/uploads/${encodeURIComponent(token)}`, { action: 'removing an unused upload', ...SETTLING });
    this.http.ensureOk(answer, 'removing an unused upload');
  }

  /**
   * One try of a create: retried by the caller (core/create-request.ts), which alone decides what
   * may be sent again. Any failure that may hide a stored request is marked `outcomeUnknown`: a 5xx,
   * a 409 or a 400 IdempotentRequestError (the key is in use: a request was stored under it), a
   * network failure once the connection was open, and a 2xx that cannot be read. Zendesk documents
   * the key and its `x-idempotency-lookup` answer header at
   * https://developer.zendesk.com/api-reference/ticketing/introduction/#idempotency
   */
  async createRequest(body: CreateRequestBody, idempotencyKey: string): Promise<CreatedRequest> {
    const { answer, request } = await sendWrite(this.http, 'POST', '/api/v2/requests', 'creating the request', body, { 'idempotency-key': idempotencyKey }, 'never', mayHaveStored);
    const lookup = answer.headers['x-idempotency-lookup'];
    return { request, idempotencyLookup: typeof lookup === 'string' ? lookup : undefined };
  }

  async listRequests(which: RequestList, limit: number): Promise<PortalRequest[]> {
    const path = which === 'all' ? '/api/v2/requests' : `/api/v2/requests/${which}`;
    // Offset pages: Zendesk honours sort_by/sort_order there, and ignores them with cursor pages
    // (page[size]). The page read is sorted here too, so the order shown never rests on the portal's.
    const query = { sort_by: 'updated_at', sort_order: 'desc', per_page: String(Math.min(100, limit)) };
    return newestFirst(await this.list(path, query, 'requests', portalRequestSchema, 'listing your requests', limit, undefined, {}, requestsPageSchema(), listed), 'updated_at');
  }

  async getRequest(id: number): Promise<PortalRequest | undefined> {
    const answer = await this.http.send('GET', `/api/v2/requests/${id}`, { action: `reading request ${id}` });
    if (answer.status === 404) return undefined;
    this.http.ensureOk(answer, `reading request ${id}`);
    const parsed = requestAnswerSchema().safeParse(safeJson(answer.text));
    if (!parsed.success) throw unexpectedAnswer(answer.status, { portal: this.portal, action: `reading request ${id}` });
    return parsed.data.request;
  }

  comments(id: number): Promise<PortalComment[]> {
    return this.list(`/api/v2/requests/${id}/comments`, { 'page[size]': '100' }, 'comments', commentSchema, `reading the comments of request ${id}`);
  }

  async addComment(id: number, body: string, uploadTokens: readonly string[]): Promise<PortalRequest> {
    // A 429 or a connection that could not be opened is sent again by the client; a 5xx is not: the
    // reply may have been added before the portal failed (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-requests/#update-request).
    return (await sendWrite(this.http, 'PUT', `/api/v2/requests/${id}`, `replying to request ${id}`, replyBody(body, uploadTokens), {}, 'create', (status) => status >= 500)).request;
  }

  /**
   * My public comment on request `id` with this body (compared without regard to spacing) created at
   * or after `since`, if any. Resolves undefined only when every comment was read; a listing cut
   * short throws, since "not there" would then be a guess. The order of the comments is not trusted.
   */
  async findRecentComment(id: number, body: string, authorId: number | null, since: Date): Promise<PortalComment | undefined> {
    const text = (s: string) => s.replace(/\s+/g, ' ').trim();
    let cut: string | undefined;
    const comments = await this.list(`/api/v2/requests/${id}/comments`, { 'page[size]': '100' }, 'comments', commentSchema, `reading the comments of request ${id}`, Infinity, (reason) => void (cut = reason), SETTLING);
    const created = (c: PortalComment) => (c.created_at == null ? NaN : Date.parse(c.created_at));
    const found = comments.find(
      (c) => c.public !== false && (authorId === null || c.author_id === authorId) && created(c) >= since.getTime() && [c.body, c.plain_body].some((b) => b != null && text(b) === text(body)),
    );
    if (!found && cut !== undefined) throw new PortalError(`could not read all the comments of request ${id}: ${cut}`, undefined, undefined, { code: 'LOOKUP_INCONCLUSIVE' });
    return found;
  }

  async solveRequest(id: number): Promise<PortalRequest> {
    // https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-requests/#update-request:
    // "solved" may be set by an end user when can_be_solved_by_me is true. Setting it twice changes nothing.
    const { value } = await this.http.json('PUT', `/api/v2/requests/${id}`, requestAnswerSchema(), {
      action: `marking request ${id} solved`,
      json: { request: { solved: true } },
      retry: 'idempotent',
    });
    return value.request;
  }

  async currentUserId(options: { settling?: boolean } = {}): Promise<number | null> {
    const { value } = await this.http.json('GET', '/api/v2/users/me', currentUserSchema(), { action: 'reading the signed-in user', ...(options.settling ? SETTLING : {}) });
    return value.user.id;
  }

  async findRecentRequest(subject: string, description: string, since: Date): Promise<PortalRequest | undefined> {
    // Same subject, created since, and the same description where the portal shows one (compared
    // without regard to spacing, which the portal may change): another request of the same subject
    // is not taken for this one.
    const text = (s: string) => s.replace(/\s+/g, ' ').trim();
    const created = (r: PortalRequest) => (r.created_at == null ? NaN : Date.parse(r.created_at));
    const matches: PortalRequest[] = [];
    let settled = false;
    // Offset pages sorted by creation, newest first (Zendesk ignores the sort with cursor pages). The
    // order is checked, not trusted: pages are read until one sorted as asked reaches requests
    // created before `since`, or there are no more (at most LOOKUP_MAX_PAGES).
    for (let page = 1; page <= LOOKUP_MAX_PAGES; page++) {
      const { value } = await this.http.json('GET', '/api/v2/requests', requestsPageSchema(), {
        action: 'looking for the request among your latest ones',
        query: { sort_by: 'created_at', sort_order: 'desc', per_page: '100', page: String(page) },
        ...SETTLING,
      });
      for (const r of value.requests) {
        if (r.subject === subject && created(r) >= since.getTime() && (r.description == null || text(r.description) === text(description))) matches.push(r);
      }
      const sorted = value.requests.every((r, i, all) => i === 0 || !(created(r) > created(all[i - 1]!)));
      if (!value.next_page || (sorted && value.requests.some((r) => created(r) < since.getTime()))) {
        settled = true;
        break;
      }
    }
    const found = newestFirst(matches, 'created_at')[0];
    // "Not there" is an answer only when every request created since was seen: a caller would send
    // the create again on it. Otherwise the lookup cannot tell, and says so.
    if (!found && !settled) {
      throw new PortalError(`could not read all of your requests created since ${since.toISOString()} (over ${LOOKUP_MAX_PAGES} pages, or not in order)`, undefined, undefined, { code: 'LOOKUP_INCONCLUSIVE' });
    }
    return found;
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The body of a reply (PUT /api/v2/requests/{id}): a public comment with its upload tokens. */
export function replyBody(body: string, uploadTokens: readonly string[]): { request: { comment: { body: string; uploads?: string[] } } } {
  return { request: { comment: { body, ...(uploadTokens.length ? { uploads: [...uploadTokens] } : {}) } } };
}
