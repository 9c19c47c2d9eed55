/**
 * The portal operations the CLI uses, over HttpClient. The core depends on the PortalApi interface
 * only, so it never sees HTTP.
 */
import { randomUUID } from 'node:crypto';
import type * as z from '../zod.js';
import { HttpClient } from './http-client.js';
import { unexpectedAnswer } from './portal-errors.js';
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
  /** My requests (or those I am CC'd on), newest update first, following cursor pages up to `limit`. */
  listRequests(which: RequestList, limit: number): Promise<PortalRequest[]>;
  /** One request; undefined when the portal does not know it (404). */
  getRequest(id: number): Promise<PortalRequest | undefined>;
  comments(id: number): Promise<PortalComment[]>;
  /** Adds a public reply; like a create, it is only re-sent when it certainly did not take effect. */
  addComment(id: number, body: string, uploadTokens: readonly string[]): Promise<PortalRequest>;
  /** Marks a request solved (Zendesk allows it when the request says can_be_solved_by_me). */
  solveRequest(id: number): Promise<PortalRequest>;
  /** The signed-in user's id (null for the anonymous user). */
  currentUserId(): Promise<number | null>;
  /** The newest of my requests with this subject (and description) created at or after `since`, if any. */
  findRecentRequest(subject: string, description: string, since: Date): Promise<PortalRequest | undefined>;
  close(): Promise<void>;
}

/** Follows `next_page` / `links.next` for list endpoints, within the portal, up to maxItems or maxPages. */
async function allPages<T>(first: string, fetchPage: (path: string) => Promise<{ items: T[]; next: string | null | undefined }>, portal: URL, maxItems = Infinity, maxPages = 50): Promise<T[]> {
  const items: T[] = [];
  let path: string | undefined = first;
  for (let page = 0; path && page < maxPages && items.length < maxItems; page++) {
    const result = await fetchPage(path);
    items.push(...result.items);
    const next = result.next ? new URL(result.next, portal) : undefined;
    path = next && next.origin === portal.origin ? `${next.pathname}${next.search}` : undefined;
  }
  return items.slice(0, maxItems);
}

export class HttpPortalApi implements PortalApi {
  readonly portal: URL;

  constructor(private readonly http: HttpClient) {
    this.portal = http.portal;
  }

  ticketFields(): Promise<TicketField[]> {
    return this.list('/api/v2/ticket_fields', 'ticket_fields', ticketFieldSchema, 'reading the ticket fields');
  }

  ticketForms(): Promise<TicketForm[]> {
    return this.list('/api/v2/ticket_forms', 'ticket_forms', ticketFormSchema, 'reading the ticket forms');
  }

  /** Every item of a list endpoint, following its cursor (`links.next`) or offset (`next_page`) pages. */
  private list<T extends z.ZodMiniType>(path: string, key: string, item: T, action: string, maxItems = Infinity): Promise<Array<z.infer<T>>> {
    const schema = pageSchema(key, item);
    return allPages(
      path,
      async (next) => {
        const { value } = await this.http.json('GET', next, schema, { action });
        return { items: value[key] as Array<z.infer<T>>, next: value.meta?.has_more ? value.links?.next : value.next_page };
      },
      this.portal,
      maxItems,
    );
  }

  async checkCredentials(): Promise<void> {
    await this.http.json('GET', '/api/v2/requests', requestsPageSchema, {
      action: 'checking the credentials',
      query: { 'page[size]': '1' },
    });
  }

  async currentUserEmail(): Promise<string | undefined> {
    const { value } = await this.http.json('GET', '/api/v2/users/me', currentUserSchema, { action: 'reading the signed-in user' });
    return value.user.id === null ? undefined : (value.user.email ?? undefined);
  }

  async upload(call: UploadCall): Promise<UploadAnswer['upload']> {
    const { value } = await this.http.json('POST', '/api/v2/uploads', uploadAnswerSchema, {
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
    const answer = await this.http.send('DELETE', `/api/v2/uploads/${encodeURIComponent(token)}`, { action: 'removing an unused upload' });
    this.http.ensureOk(answer, 'removing an unused upload');
  }

  async createRequest(body: CreateRequestBody, idempotencyKey: string): Promise<CreatedRequest> {
    const { value, answer } = await this.http.json('POST', '/api/v2/requests', requestAnswerSchema, {
      action: 'creating the request',
      json: body,
      headers: { 'idempotency-key': idempotencyKey },
      retry: 'create',
    });
    const lookup = answer.headers['x-idempotency-lookup'];
    return { request: value.request, idempotencyLookup: typeof lookup === 'string' ? lookup : undefined };
  }

  async listRequests(which: RequestList, limit: number): Promise<PortalRequest[]> {
    const path = which === 'all' ? '/api/v2/requests' : `/api/v2/requests/${which}`;
    const query = new URLSearchParams({ sort_by: 'updated_at', sort_order: 'desc', 'page[size]': String(Math.min(100, limit)) });
    return this.list(`${path}?${query}`, 'requests', portalRequestSchema, 'listing your requests', limit);
  }

  async getRequest(id: number): Promise<PortalRequest | undefined> {
    const answer = await this.http.send('GET', `/api/v2/requests/${id}`, { action: `reading request ${id}` });
    if (answer.status === 404) return undefined;
    this.http.ensureOk(answer, `reading request ${id}`);
    const parsed = requestAnswerSchema.safeParse(safeJson(answer.text));
    if (!parsed.success) throw unexpectedAnswer(answer.status, { portal: this.portal, action: `reading request ${id}` });
    return parsed.data.request;
  }

  comments(id: number): Promise<PortalComment[]> {
    return this.list(`/api/v2/requests/${id}/comments?page%5Bsize%5D=100`, 'comments', commentSchema, `reading the comments of request ${id}`);
  }

  async addComment(id: number, body: string, uploadTokens: readonly string[]): Promise<PortalRequest> {
    const { value } = await this.http.json('PUT', `/api/v2/requests/${id}`, requestAnswerSchema, {
      action: `replying to request ${id}`,
      json: { request: { comment: { body, ...(uploadTokens.length ? { uploads: [...uploadTokens] } : {}) } } },
      retry: 'create',
    });
    return value.request;
  }

  async solveRequest(id: number): Promise<PortalRequest> {
    // https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-requests/#update-request:
    // "solved" may be set by an end user when can_be_solved_by_me is true. Setting it twice changes nothing.
    const { value } = await this.http.json('PUT', `/api/v2/requests/${id}`, requestAnswerSchema, {
      action: `marking request ${id} solved`,
      json: { request: { solved: true } },
      retry: 'idempotent',
    });
    return value.request;
  }

  async currentUserId(): Promise<number | null> {
    const { value } = await this.http.json('GET', '/api/v2/users/me', currentUserSchema, { action: 'reading the signed-in user' });
    return value.user.id;
  }

  async findRecentRequest(subject: string, description: string, since: Date): Promise<PortalRequest | undefined> {
    const { value } = await this.http.json('GET', '/api/v2/requests', requestsPageSchema, {
      action: 'looking for the request among your latest ones',
      query: { sort_by: 'created_at', sort_order: 'desc', 'page[size]': '25' },
    });
    // Same subject, created since, and the same description where the portal shows one (compared
    // without regard to spacing, which the portal may change): another request of the same subject
    // is not taken for this one. A miss is safe: the create goes again with the same key.
    const text = (s: string) => s.replace(/\s+/g, ' ').trim();
    return value.requests.find(
      (r) =>
        r.subject === subject &&
        r.created_at != null &&
        Date.parse(r.created_at) >= since.getTime() &&
        (r.description == null || text(r.description) === text(description)),
    );
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

export function newIdempotencyKey(): string {
  return `sigma-support-${randomUUID()}`;
}
