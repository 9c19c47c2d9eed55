/**
 * The sandbox portal: a local, Zendesk-compatible Help Center API on loopback, for every endpoint
 * the CLI uses: requests (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-requests/),
 * uploads (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-attachments/),
 * ticket fields and forms (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_fields/,
 * https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_forms/), and errors as
 * https://developer.zendesk.com/api-reference/introduction/requests/ gives them. Scripts are
 * rehearsed here without paging anyone, newcomers try the tool here, and the test suite runs against it.
 *
 * Over 300 lines, and known to be: one class holds every route. It is to become a route table with
 * one module per resource and faults as a wrapper around the handler (issue #16), not yet done.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import {
  SANDBOX_ACCOUNT,
  SANDBOX_OAUTH_CLIENT_ID,
  defaultTicketFields,
  defaultTicketForms,
  type SandboxAccount,
  type TicketFieldDef,
  type TicketFormDef,
} from './fixtures.js';
import { SandboxStore, type AttachmentRecord, type RequestRecord } from './store.js';
import { FaultPlan, targetOf, type FaultKind, type FaultSpec } from './faults.js';
import { isBodyFault, isLinkFault, rewriteLinks, serveHostileBody } from './hostile.js';
import { OAUTH_REDIRECT_URIS } from '../auth/oauth-client.js';
import { withHostileText } from './hostile-text.js';
import { StatusPage, type SandboxStatusPage } from './status-page.js';
import { formFieldProblems, formSetup, type FormSetup } from './form-setups.js';
import { ticketFieldJson, ticketFormJson } from './zendesk-shapes.js';

export interface SandboxOptions {
  dataDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  now?: () => Date;
  account?: SandboxAccount;
  ticketFields?: TicketFieldDef[];
  ticketForms?: TicketFormDef[];
  /** Per-file upload limit; larger uploads get 413. */
  maxUploadBytes?: number;
  /** Calls a minute per account before 429. */
  rateLimitPerMinute?: number;
  /** Lifetime of the OAuth access tokens it issues (default 2 hours). */
  oauthAccessTokenTtlSeconds?: number;
  /** The redirect URIs registered for its OAuth client (default: the ones the CLI uses); any other is refused. */
  oauthRedirectUris?: readonly string[];
  /** false: end-user password access is off, as on a new Zendesk account: a password counts as anonymous. */
  passwordAccess?: boolean;
  /** What a create accepts and then drops without an error, as Zendesk does with what end users may not set. */
  silentlyDrops?: ReadonlyArray<'custom_fields' | 'email_ccs'>;
  /** Severity as the Priority field, extra and conditional fields, no forms, several forms (form-setups.ts). */
  formSetup?: FormSetup;
  /** Faults to inject (see faults.ts). */
  faults?: FaultSpec[];
  /** Where the `redirect` and `link-*` faults point (default: another loopback port where nothing listens). */
  redirectTarget?: string;
  /** Reads each upload at most this fast (per connection), to rehearse slow links. */
  throttleBytesPerSecond?: number;
  /** Put terminal escape sequences in every text it answers (see hostile-text.ts). */
  hostileText?: boolean;
  /** Called as an upload's body starts to arrive, with its file name: lets tests act mid-upload without timers. */
  onUploadStart?: (fileName: string) => void;
  /** Called as an upload's bytes arrive (past the throttle), with the count so far: what it has really received. */
  onUploadBytes?: (fileName: string, received: number) => void;
  /** Unresolved incidents its status page (/status) shows from the start. */
  incidents?: string[];
}

/** Passes bytes on no faster than `rate` a second. */
function throttle(rate: number): Transform {
  const started = Date.now();
  let passed = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      passed += chunk.length;
      const due = started + (passed / rate) * 1000 - Date.now();
      if (due > 0) setTimeout(() => cb(null, chunk), due);
      else cb(null, chunk);
    },
  });
}

export interface RunningSandbox {
  url: URL;
  account: SandboxAccount;
  store: SandboxStore;
  /** The faults still to come; tests may add or clear them while it runs. */
  faults: FaultPlan;
  /** Its status page: tests declare incidents here. */
  statusPage: SandboxStatusPage;
  close(): Promise<void>;
}

const UPLOAD_TTL_MS = 60 * 60 * 1000;
const IDEMPOTENCY_TTL_MS = 2 * 60 * 60 * 1000;
const MAX_JSON_BYTES = 2 * 1024 * 1024;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

const notFound = () => new HttpFailure(404, { error: 'RecordNotFound', description: 'Not found' });
const unauthenticated = () => new HttpFailure(401, { error: "Couldn't authenticate you" });
type Details = Record<string, Array<{ description: string; error: string; field_key?: string | number }>>;

const invalid = (details: Details) =>
  new HttpFailure(422, { error: 'RecordInvalid', description: 'Record validation errors', details });
const badRequest = (description: string) => new HttpFailure(400, { error: 'InvalidParameter', description });

interface Context {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  account: SandboxAccount | undefined;
  /** The fault this call met, for the journal. */
  fault?: FaultKind;
}

export class SandboxPortal {
  readonly store: SandboxStore;
  readonly faults: FaultPlan;
  readonly statusPage: StatusPage;
  private readonly redirectTarget: string;
  private readonly throttleRate: number | undefined;
  private readonly hostileText: boolean;
  private readonly onUploadStart: ((fileName: string) => void) | undefined;
  private readonly onUploadBytes: ((fileName: string, received: number) => void) | undefined;
  private readonly account: SandboxAccount;
  private readonly fields: TicketFieldDef[];
  private readonly forms: TicketFormDef[];
  private readonly now: () => Date;
  private readonly maxUploadBytes: number;
  private readonly rateLimit: number;
  private readonly idempotency = new Map<string, { hash: string; expires: number; status: number; body: unknown }>();
  private readonly calls = new Map<string, { windowStart: number; count: number }>();
  private readonly oauthCodes = new Map<string, { clientId: string; redirectUri: string; challenge: string; expires: number }>();
  private readonly accessTokens = new Map<string, number>();
  private readonly refreshTokens = new Map<string, string>();
  private readonly oauthTtlMs: number;
  private readonly oauthRedirectUris: readonly string[];
  private readonly passwordAccess: boolean;
  private readonly silentlyDrops: ReadonlySet<string>;
  private readonly noForms: boolean;
  private baseUrl = new URL('http://127.0.0.1/');

  constructor(options: SandboxOptions) {
    this.store = new SandboxStore(options.dataDir);
    this.account = options.account ?? SANDBOX_ACCOUNT;
    const setup = options.formSetup ? formSetup(options.formSetup) : undefined;
    this.fields = options.ticketFields ?? setup?.ticketFields ?? defaultTicketFields();
    this.forms = options.ticketForms ?? setup?.ticketForms ?? defaultTicketForms(this.fields);
    this.noForms = setup?.noForms ?? false;
    this.now = options.now ?? (() => new Date());
    this.maxUploadBytes = options.maxUploadBytes ?? 50 * 1024 * 1024;
    this.rateLimit = options.rateLimitPerMinute ?? 700;
    this.oauthTtlMs = (options.oauthAccessTokenTtlSeconds ?? 7200) * 1000;
    this.oauthRedirectUris = options.oauthRedirectUris ?? OAUTH_REDIRECT_URIS;
    this.passwordAccess = options.passwordAccess ?? true;
    this.silentlyDrops = new Set(options.silentlyDrops ?? []);
    this.faults = new FaultPlan(options.faults);
    this.redirectTarget = options.redirectTarget ?? 'http://127.0.0.1:9/';
    this.throttleRate = options.throttleBytesPerSecond;
    this.hostileText = options.hostileText === true;
    this.onUploadStart = options.onUploadStart;
    this.onUploadBytes = options.onUploadBytes;
    this.statusPage = new StatusPage(this.now, () => this.baseUrl);
    for (const name of options.incidents ?? []) this.statusPage.declare(name);
  }

  setBaseUrl(url: URL): void {
    this.baseUrl = url;
  }

  /** The Node request handler. */
  handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', this.baseUrl);
    if (this.statusPage.handle(req, res, url.pathname)) return;
    const ctx: Context = { req, res, url, account: this.authenticate(req) };
    this.route(ctx)
      .catch((error: unknown) => {
        if (error instanceof HttpFailure) {
          this.drain(req);
          this.send(ctx, error.status, error.body, error.headers);
        } else {
          this.send(ctx, 500, { error: 'InternalError', description: String((error as Error)?.message ?? error) });
        }
      })
      .finally(() => {
        this.store.journal({
          at: this.now().toISOString(),
          method: req.method ?? '?',
          path: `${url.pathname}${url.search}`,
          status: ctx.fault === 'reset' || ctx.fault === 'stored-reset' || ctx.fault === 'hang' || ctx.fault === 'stored-hang' ? 0 : res.statusCode,
          ...(ctx.fault ? { fault: ctx.fault } : {}),
          ...(ctx.account ? { account: ctx.account.id } : {}),
        });
      });
  };

  private drain(req: IncomingMessage): void {
    if (!req.readableEnded) req.resume();
  }

  private authenticate(req: IncomingMessage): SandboxAccount | undefined {
    const header = req.headers.authorization ?? '';
    const a = this.account;
    const bearer = /^Bearer\s+(.+)$/i.exec(header);
    if (bearer) {
      const expires = this.accessTokens.get(bearer[1]!);
      return bearer[1] === a.oauthToken || (expires !== undefined && expires > this.now().getTime()) ? a : undefined;
    }
    const basic = /^Basic\s+(.+)$/i.exec(header);
    if (!basic) return undefined;
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = decoded.slice(0, colon);
    const secret = decoded.slice(colon + 1);
    if (user.toLowerCase() === `${a.email}/token`.toLowerCase()) return secret === a.apiToken ? a : undefined;
    // https://support.zendesk.com/hc/en-us/articles/8662004958746: with password access off, the call is anonymous.
    return this.passwordAccess && user.toLowerCase() === a.email.toLowerCase() && secret === a.password ? a : undefined;
  }

  private requireAccount(ctx: Context): SandboxAccount {
    if (!ctx.account) throw unauthenticated();
    return ctx.account;
  }

  private rateHeaders(ctx: Context): Record<string, string> {
    const key = ctx.account ? `account:${ctx.account.id}` : `ip:${ctx.req.socket.remoteAddress}`;
    const nowMs = this.now().getTime();
    let window = this.calls.get(key);
    if (!window || nowMs - window.windowStart >= 60_000) {
      window = { windowStart: nowMs, count: 0 };
      this.calls.set(key, window);
    }
    window.count++;
    const remaining = Math.max(0, this.rateLimit - window.count);
    const reset = Math.max(1, Math.ceil((window.windowStart + 60_000 - nowMs) / 1000));
    const headers = {
      'x-rate-limit': String(this.rateLimit),
      'x-rate-limit-remaining': String(remaining),
      'ratelimit-limit': String(this.rateLimit),
      'ratelimit-remaining': String(remaining),
      'ratelimit-reset': String(reset),
    };
    if (window.count > this.rateLimit) {
      throw new HttpFailure(429, { error: 'TooManyRequests', description: 'Rate limit exceeded' }, { ...headers, 'retry-after': String(reset) });
    }
    return headers;
  }

  private send(ctx: Context, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (ctx.res.headersSent) {
      ctx.res.end();
      return;
    }
    const text = body === undefined ? '' : JSON.stringify(this.hostileText ? withHostileText(body) : body);
    ctx.res.writeHead(status, {
      ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) }),
      ...headers,
    });
    ctx.res.end(text);
  }

  /** Applies a fault that replaces the answer; true when the call is dealt with. */
  private async injectFault(ctx: Context, kind: FaultKind): Promise<boolean> {
    ctx.fault = kind;
    const { req, res } = ctx;
    const hasBody = req.method === 'POST' || req.method === 'PUT';
    switch (kind) {
      case '429':
        throw new HttpFailure(429, { error: 'TooManyRequests', description: 'Rate limit exceeded (injected)' }, { 'retry-after': '1' });
      case '500':
        throw new HttpFailure(500, { error: 'InternalError', description: 'Injected failure' });
      case '503':
        throw new HttpFailure(503, { error: 'ServiceUnavailable', description: 'Injected failure' }, { 'retry-after': '1' });
      case '503-bare':
        throw new HttpFailure(503, { error: 'ServiceUnavailable', description: 'Injected failure' });
      case '413':
        throw new HttpFailure(413, 'Request Entity Too Large', { 'content-type': 'text/plain' });
      case 'html502':
        this.drain(req);
        res.writeHead(502, { 'content-type': 'text/html' }).end('<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>');
        return true;
      case 'bad-json':
        this.drain(req);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"request": {"id": 1, "subj');
        return true;
      case 'redirect':
        this.drain(req);
        res.writeHead(302, { location: new URL(`${ctx.url.pathname}${ctx.url.search}`, this.redirectTarget).toString() }).end();
        return true;
      case 'hang':
        this.drain(req);
        return true;
      case 'reset':
        if (hasBody) {
          // read part of the body first, so the client is mid-upload when the connection drops
          await new Promise<void>((resolve) => {
            let seen = 0;
            const onData = (chunk: Buffer) => {
              seen += chunk.length;
              if (seen >= 64 * 1024) finish();
            };
            const finish = () => {
              req.off('data', onData);
              resolve();
            };
            req.on('data', onData);
            req.once('end', finish);
          });
        }
        req.socket.destroy();
        return true;
      case 'stored-reset':
      case 'stored-500':
      case 'stored-html502':
      case 'stored-503':
      case 'stored-hang':
        return false;
      default:
        // hostile.ts: bodies the client must bound replace the answer; link faults and `unsorted` shape it
        if (!isBodyFault(kind)) return false;
        await serveHostileBody(req, res, kind, ctx.url.pathname);
        return true;
    }
  }

  /** After the work is done: the answer a `stored-*` fault puts in place of the real one; true when it did. */
  private answerStoredFault(ctx: Context): boolean {
    const { req, res } = ctx;
    switch (ctx.fault) {
      case 'stored-reset':
        req.socket.destroy();
        return true;
      case 'stored-500':
        this.send(ctx, 500, { error: 'InternalError', description: 'Injected failure after storing' });
        return true;
      case 'stored-503':
        this.send(ctx, 503, { error: 'ServiceUnavailable', description: 'Injected failure after storing' }, { 'retry-after': '1' });
        return true;
      case 'stored-html502':
        res.writeHead(502, { 'content-type': 'text/html' }).end('<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>');
        return true;
      case 'stored-hang':
        return true;
      default:
        return false;
    }
  }

  private async route(ctx: Context): Promise<void> {
    const headers = this.rateHeaders(ctx);
    const method = ctx.req.method ?? 'GET';
    const path = ctx.url.pathname.replace(/\/+$/, '').replace(/\.json$/, '');
    const fault = this.faults.take(targetOf(method, path));
    if (fault && (await this.injectFault(ctx, fault))) return;
    const ok = (status: number, body: unknown, extra: Record<string, string> = {}) => {
      this.drain(ctx.req);
      this.send(ctx, status, isLinkFault(ctx.fault) ? rewriteLinks(body, ctx.fault, this.baseUrl, new URL(this.redirectTarget)) : body, { ...headers, ...extra });
    };
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/api/v2/users/me') return ok(200, { user: this.userJson(ctx.account) });
    if (method === 'GET' && path === '/api/v2/ticket_fields') return ok(200, this.paginate(ctx, this.visibleFields().map((f, i) => ticketFieldJson(f, i, (p) => this.api(p))), 'ticket_fields'));
    if (method === 'GET' && path === '/api/v2/ticket_forms' && this.noForms) throw notFound();
    if (method === 'GET' && path === '/api/v2/ticket_forms') return ok(200, this.paginate(ctx, this.visibleForms().map((f, i) => ticketFormJson(f, i, (p) => this.api(p))), 'ticket_forms'));
    if (method === 'POST' && path === '/api/v2/uploads') return ok(201, await this.upload(ctx));
    if (method === 'DELETE' && (m = /^\/api\/v2\/uploads\/([^/]+)$/.exec(path))) {
      this.deleteUpload(ctx, decodeURIComponent(m[1]!));
      return ok(204, undefined);
    }
    if (method === 'POST' && path === '/api/v2/requests') {
      const { status, body, lookup } = await this.createRequest(ctx);
      if (this.answerStoredFault(ctx)) return;
      return ok(status, body, { 'x-idempotency-lookup': lookup, ...(status === 201 ? { location: String((body as { request: { url: string } }).request.url) } : {}) });
    }
    if (method === 'GET' && (m = /^\/api\/v2\/requests(?:\/(open|solved|ccd))?$/.exec(path))) return ok(200, this.listRequests(ctx, m[1]));
    if (method === 'GET' && (m = /^\/api\/v2\/requests\/(\d+)$/.exec(path))) return ok(200, { request: this.requestJson(this.ownRequest(ctx, Number(m[1]))) });
    if (method === 'PUT' && (m = /^\/api\/v2\/requests\/(\d+)$/.exec(path))) {
      const body = await this.updateRequest(ctx, Number(m[1]));
      if (this.answerStoredFault(ctx)) return;
      return ok(200, body);
    }
    if (method === 'GET' && (m = /^\/api\/v2\/requests\/(\d+)\/comments$/.exec(path))) return ok(200, this.listComments(ctx, Number(m[1])));
    if (method === 'GET' && (m = /^\/attachments\/token\/([^/]+)$/.exec(path))) return this.download(ctx, decodeURIComponent(m[1]!), headers);
    if (method === 'GET' && path === '/oauth/authorizations/new') return this.authorize(ctx);
    if (method === 'POST' && path === '/oauth/tokens') return ok(200, await this.token(ctx));
    throw notFound();
  }

  // ---- users and fields

  private userJson(account: SandboxAccount | undefined): unknown {
    if (!account) return { id: null, url: null, name: 'Anonymous user', email: 'invalid@example.com', role: 'end-user', verified: false };
    return { id: account.id, url: this.api(`/users/${account.id}.json`), name: account.name, email: account.email, role: 'end-user', verified: true };
  }

  /** End users, signed in or not, see only the fields and forms shown in the portal. */
  private visibleFields(): TicketFieldDef[] {
    return this.fields.filter((f) => f.visible_in_portal);
  }

  private visibleForms(): TicketFormDef[] {
    return this.forms.filter((f) => f.end_user_visible);
  }

  private api(path: string): string {
    return new URL(`/api/v2${path}`, this.baseUrl).toString();
  }

  // ---- OAuth: authorization code with PKCE (S256), and refresh

  /** Approves at once, as the sandbox account, and redirects back with a code. */
  private authorize(ctx: Context): void {
    const q = ctx.url.searchParams;
    const redirect = q.get('redirect_uri') ?? '';
    let redirectUrl: URL | undefined;
    try {
      redirectUrl = new URL(redirect);
    } catch {
      redirectUrl = undefined;
    }
    const problem =
      q.get('client_id') !== SANDBOX_OAUTH_CLIENT_ID ? `unknown client_id "${q.get('client_id') ?? ''}"`
      : !redirectUrl || !this.oauthRedirectUris.includes(redirect) ? `redirect_uri "${redirect}" is not registered for this client`
      : q.get('response_type') !== 'code' ? 'response_type must be code'
      : q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge') ? 'a code_challenge with code_challenge_method=S256 is required'
      : undefined;
    if (problem || !redirectUrl) {
      ctx.res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(`The sign-in request is invalid: ${problem}\n`);
      return;
    }
    const code = randomBytes(16).toString('base64url');
    this.oauthCodes.set(code, { clientId: SANDBOX_OAUTH_CLIENT_ID, redirectUri: redirect, challenge: q.get('code_challenge')!, expires: this.now().getTime() + 120_000 });
    redirectUrl.searchParams.set('code', code);
    redirectUrl.searchParams.set('state', q.get('state') ?? '');
    ctx.res.writeHead(302, { location: redirectUrl.toString() }).end();
  }

  private issueTokens(): unknown {
    const access = randomBytes(24).toString('base64url');
    const refresh = randomBytes(24).toString('base64url');
    this.accessTokens.set(access, this.now().getTime() + this.oauthTtlMs);
    this.refreshTokens.set(refresh, access);
    return { access_token: access, token_type: 'bearer', scope: 'read write', refresh_token: refresh, expires_in: Math.round(this.oauthTtlMs / 1000) };
  }

  private async token(ctx: Context): Promise<unknown> {
    const body = await this.readJson(ctx);
    const grant = (error: string, description: string) => new HttpFailure(400, { error, error_description: description });
    if (body.client_id !== SANDBOX_OAUTH_CLIENT_ID) throw grant('invalid_client', 'Client authentication failed');
    if (body.grant_type === 'authorization_code') {
      const code = this.oauthCodes.get(String(body.code));
      // A code is good for one attempt only, right or wrong.
      this.oauthCodes.delete(String(body.code));
      if (!code || code.expires <= this.now().getTime()) throw grant('invalid_grant', 'The authorization code is invalid or has expired');
      if (body.redirect_uri !== code.redirectUri) throw grant('invalid_grant', 'redirect_uri does not match the authorization request');
      const verifier = typeof body.code_verifier === 'string' ? body.code_verifier : '';
      if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge) throw grant('invalid_grant', 'The code verifier does not match the code challenge');
      return this.issueTokens();
    }
    if (body.grant_type === 'refresh_token') {
      const old = this.refreshTokens.get(String(body.refresh_token));
      if (old === undefined) throw grant('invalid_grant', 'The refresh token is invalid');
      this.refreshTokens.delete(String(body.refresh_token));
      this.accessTokens.delete(old);
      return this.issueTokens();
    }
    throw grant('unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
  }

  // ---- uploads

  private async upload(ctx: Context): Promise<unknown> {
    const account = this.requireAccount(ctx);
    const fileName = ctx.url.searchParams.get('filename');
    if (!fileName) throw badRequest('The filename parameter is required');
    const declared = Number(ctx.req.headers['content-length'] ?? NaN);
    // Over the limit: the rest of the body is read and dropped, so the client gets the 413 rather
    // than a connection closed under it.
    const tooLarge = () => new HttpFailure(413, 'Request Entity Too Large', { 'content-type': 'text/plain' });
    if (Number.isFinite(declared) && declared > this.maxUploadBytes) throw tooLarge();
    const existingToken = ctx.url.searchParams.get('token');
    const now = this.now();
    let record = existingToken ? this.store.uploads.get(existingToken) : undefined;
    if (existingToken && (!record || record.owner_id !== account.id || Date.parse(record.expires_at) <= now.getTime() || record.used_by_request)) {
      throw invalid({ token: [{ description: 'Token: is invalid or has expired', error: 'InvalidValue', field_key: 'token' }] });
    }
    const token = record?.token ?? this.store.newUploadToken();
    const target = this.store.newAttachmentPath(token, fileName);
    let size = 0;
    const limit = this.maxUploadBytes;
    const onBytes = this.onUploadBytes;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        onBytes?.(fileName, size);
        cb(null, size > limit ? undefined : chunk);
      },
    });
    const discard = () => (record ? rmSync(target.absolute, { force: true }) : this.store.deleteUpload(token));
    this.onUploadStart?.(fileName);
    try {
      await (this.throttleRate
        ? pipeline(ctx.req, throttle(this.throttleRate), counter, createWriteStream(target.absolute))
        : pipeline(ctx.req, counter, createWriteStream(target.absolute)));
    } catch {
      discard();
      throw new HttpFailure(400, { error: 'UploadFailed', description: 'The upload was interrupted' });
    }
    if (size > limit) {
      discard();
      throw tooLarge();
    }
    if (size === 0) {
      discard();
      throw invalid({ file: [{ description: 'File: cannot be empty', error: 'BlankValue', field_key: 'file' }] });
    }
    const attachment: AttachmentRecord = {
      id: target.id,
      file_name: fileName,
      content_type: String(ctx.req.headers['content-type'] ?? 'application/octet-stream'),
      size,
      stored_as: target.relative,
    };
    record ??= { token, owner_id: account.id, created_at: now.toISOString(), expires_at: new Date(now.getTime() + UPLOAD_TTL_MS).toISOString(), attachments: [] };
    record.attachments.push(attachment);
    this.store.saveUpload(record);
    return {
      upload: {
        token,
        expires_at: record.expires_at,
        attachment: this.attachmentJson(token, attachment),
        attachments: record.attachments.map((a) => this.attachmentJson(token, a)),
      },
    };
  }

  private attachmentJson(token: string, a: AttachmentRecord): unknown {
    return {
      id: a.id,
      url: this.api(`/attachments/${a.id}.json`),
      file_name: a.file_name,
      content_url: new URL(`/attachments/token/${token}/?name=${encodeURIComponent(a.file_name)}`, this.baseUrl).toString(),
      mapped_content_url: null,
      content_type: a.content_type,
      size: a.size,
      inline: false,
      deleted: false,
      malware_scan_result: 'not_scanned',
      thumbnails: [],
    };
  }

  private deleteUpload(ctx: Context, token: string): void {
    const account = this.requireAccount(ctx);
    const record = this.store.uploads.get(token);
    if (!record || record.owner_id !== account.id || record.used_by_request) throw notFound();
    this.store.deleteUpload(token);
  }

  private async download(ctx: Context, token: string, headers: Record<string, string>): Promise<void> {
    const account = this.requireAccount(ctx);
    const record = this.store.uploads.get(token);
    const name = ctx.url.searchParams.get('name');
    const attachment = record?.attachments.find((a) => a.file_name === name) ?? record?.attachments[0];
    if (!record || !attachment || record.owner_id !== account.id) throw notFound();
    ctx.res.writeHead(200, { ...headers, 'content-type': attachment.content_type, 'content-length': attachment.size });
    await pipeline(createReadStream(join(this.store.dataDir, attachment.stored_as)), ctx.res);
  }

  // ---- requests

  private async readJson(ctx: Context): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size <= MAX_JSON_BYTES) chunks.push(chunk);
    }
    if (size > MAX_JSON_BYTES) throw new HttpFailure(413, 'Request Entity Too Large', { 'content-type': 'text/plain' });
    if (!/^application\/json\b/i.test(String(ctx.req.headers['content-type'] ?? ''))) throw badRequest('Content-Type must be application/json');
    try {
      const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // fall through
    }
    throw badRequest('The body is not a JSON object');
  }

  private takeUploads(tokens: unknown, account: SandboxAccount, details: Details): AttachmentRecord[] {
    const attachments: AttachmentRecord[] = [];
    if (tokens === undefined) return attachments;
    if (!Array.isArray(tokens)) {
      details.uploads = [{ description: 'Uploads: must be a list of tokens', error: 'InvalidValue', field_key: 'uploads' }];
      return attachments;
    }
    for (const token of tokens) {
      const record = typeof token === 'string' ? this.store.uploads.get(token) : undefined;
      if (!record || record.owner_id !== account.id || record.used_by_request || Date.parse(record.expires_at) <= this.now().getTime()) {
        (details.uploads ??= []).push({ description: `Uploads: token ${String(token)} is invalid or has expired`, error: 'InvalidValue', field_key: 'uploads' });
      } else attachments.push(...record.attachments);
    }
    return attachments;
  }

  private async createRequest(ctx: Context): Promise<{ status: number; body: unknown; lookup: string }> {
    const account = this.requireAccount(ctx);
    const json = await this.readJson(ctx);
    const key = typeof ctx.req.headers['idempotency-key'] === 'string' ? ctx.req.headers['idempotency-key'] : undefined;
    const hash = createHash('sha256').update(JSON.stringify(json)).digest('hex');
    const nowMs = this.now().getTime();
    if (key) {
      const seen = this.idempotency.get(`${account.id}:${key}`);
      if (seen && seen.expires > nowMs) {
        if (seen.hash !== hash) throw new HttpFailure(400, { error: 'IdempotentRequestError', description: 'Idempotency key was already used with a different request body' });
        return { status: seen.status, body: seen.body, lookup: 'hit' };
      }
    }
    const request = (json.request ?? {}) as Record<string, unknown>;
    const details: Details = {};
    const subject = typeof request.subject === 'string' ? request.subject.trim() : '';
    const comment = (request.comment ?? {}) as Record<string, unknown>;
    const body = typeof comment.body === 'string' ? comment.body.trim() : '';
    if (!subject) details.subject = [{ description: 'Subject: cannot be blank', error: 'BlankValue', field_key: 'subject' }];
    if (!body) details.description = [{ description: 'Description: cannot be blank', error: 'BlankValue', field_key: 'description' }];

    const formId = request.ticket_form_id ?? this.forms.find((f) => f.default && f.end_user_visible)?.id;
    const form = this.forms.find((f) => f.id === formId && f.end_user_visible && f.active);
    // Without forms (form-setups.ts), a request is filed with none.
    if (!form && this.forms.length > 0) details.ticket_form_id = [{ description: `Ticket form: ${String(formId)} is not available`, error: 'InvalidValue', field_key: 'ticket_form_id' }];

    const given = new Map<number, unknown>();
    for (const cf of Array.isArray(request.custom_fields) ? request.custom_fields : []) {
      const { id, value } = (cf ?? {}) as { id?: unknown; value?: unknown };
      if (typeof id === 'number') given.set(id, value);
    }
    const customFields: Array<{ id: number; value: unknown }> = [];
    for (const field of this.fields) {
      if (!field.active || ['subject', 'description', 'priority'].includes(field.type)) continue;
      // what end users may not set is ignored, as Zendesk does
      const value = field.visible_in_portal && field.editable_in_portal ? (given.get(field.id) ?? null) : null;
      customFields.push({ id: field.id, value });
    }
    const fieldProblems = formFieldProblems(this.fields, form, new Map(customFields.map((f) => [f.id, f.value])));
    if (fieldProblems.length) (details.base ??= []).push(...fieldProblems);
    const priorityField = this.fields.find((f) => f.type === 'priority' && f.visible_in_portal && f.editable_in_portal);
    const priority = priorityField && typeof request.priority === 'string' && ['low', 'normal', 'high', 'urgent'].includes(request.priority) ? request.priority : null;

    const ccEmails: string[] = [];
    for (const cc of Array.isArray(request.email_ccs) ? request.email_ccs : []) {
      const email = (cc as { user_email?: unknown })?.user_email;
      if (typeof email !== 'string' || !EMAIL.test(email)) {
        (details.email_ccs ??= []).push({ description: `CCs: ${String(email)} is not a valid email address`, error: 'InvalidValue', field_key: 'email_ccs' });
      } else if (email.toLowerCase() !== account.email.toLowerCase() && !ccEmails.some((e) => e.toLowerCase() === email.toLowerCase())) {
        ccEmails.push(email);
      }
    }
    const attachments = this.takeUploads(comment.uploads, account, details);
    if (Object.keys(details).length > 0) throw invalid(details);
    // A follow-up is linked only to a closed request of the requester's; Zendesk ignores the id otherwise
    // (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-requests/#creating-follow-up-requests).
    const source = typeof request.via_followup_source_id === 'number' ? this.store.requests.get(request.via_followup_source_id) : undefined;
    const followUp = source?.status === 'closed' && source.requester_id === account.id ? source.id : null;

    const now = this.now().toISOString();
    const record: RequestRecord = {
      id: this.store.newRequestId(),
      subject,
      description: body,
      status: 'new',
      requester_id: account.id,
      email_cc_ids: this.silentlyDrops.has('email_ccs') ? [] : ccEmails.map((e) => this.store.userIdFor(e)),
      cc_emails: this.silentlyDrops.has('email_ccs') ? [] : ccEmails,
      custom_fields: this.silentlyDrops.has('custom_fields') ? customFields.map((f) => ({ ...f, value: null })) : customFields,
      ticket_form_id: form?.id ?? null,
      priority,
      created_at: now,
      updated_at: now,
      ...(key ? { idempotency_key: key } : {}),
      ...(followUp !== null ? { followup_source_id: followUp } : {}),
      comments: [{ id: this.store.newCommentId(), author_id: account.id, body, created_at: now, attachments }],
    };
    this.consumeUploads(comment.uploads, record.id);
    this.store.saveRequest(record);
    const answer = { request: this.requestJson(record) };
    if (key) this.idempotency.set(`${account.id}:${key}`, { hash, expires: nowMs + IDEMPOTENCY_TTL_MS, status: 201, body: answer });
    return { status: 201, body: answer, lookup: 'miss' };
  }

  private consumeUploads(tokens: unknown, requestId: number): void {
    for (const token of Array.isArray(tokens) ? tokens : []) {
      const record = this.store.uploads.get(String(token));
      if (record) this.store.saveUpload({ ...record, used_by_request: requestId });
    }
  }

  private requestJson(r: RequestRecord): unknown {
    return {
      url: this.api(`/requests/${r.id}.json`),
      id: r.id,
      status: r.status,
      priority: r.priority ?? null,
      type: null,
      subject: r.subject,
      description: r.description,
      organization_id: null,
      via: { channel: 'api', source: { from: {}, to: {}, rel: null } },
      custom_fields: r.custom_fields,
      fields: r.custom_fields,
      requester_id: r.requester_id,
      collaborator_ids: r.email_cc_ids,
      email_cc_ids: r.email_cc_ids,
      is_public: true,
      due_at: null,
      can_be_solved_by_me: canBeSolved(r),
      created_at: r.created_at,
      updated_at: r.updated_at,
      recipient: null,
      followup_source_id: r.followup_source_id ?? null,
      assignee_id: null,
      ticket_form_id: r.ticket_form_id,
    };
  }

  private ownRequest(ctx: Context, id: number): RequestRecord {
    const account = this.requireAccount(ctx);
    const record = this.store.requests.get(id);
    if (!record || (record.requester_id !== account.id && !record.email_cc_ids.includes(this.store.userIdFor(account.email)))) throw notFound();
    return record;
  }

  private listRequests(ctx: Context, which: string | undefined): unknown {
    const account = this.requireAccount(ctx);
    const me = this.store.userIdFor(account.email);
    let list = [...this.store.requests.values()].filter((r) =>
      which === 'ccd' ? r.email_cc_ids.includes(me) : r.requester_id === account.id,
    );
    if (which === 'open') list = list.filter((r) => ['new', 'open', 'pending', 'hold'].includes(r.status));
    if (which === 'solved') list = list.filter((r) => r.status === 'solved' || r.status === 'closed');
    const sortBy = ctx.url.searchParams.get('sort_by') === 'updated_at' ? 'updated_at' : 'created_at';
    const desc = ctx.url.searchParams.get('sort_order') === 'desc';
    // `unsorted`: Zendesk ignores the sort with cursor pages (page[size]); the sandbox then lists oldest first
    if (ctx.fault === 'unsorted' && ctx.url.searchParams.has('page[size]')) list.sort((a, b) => a.id - b.id);
    else list.sort((a, b) => (a[sortBy] === b[sortBy] ? a.id - b.id : a[sortBy] < b[sortBy] ? -1 : 1) * (desc ? -1 : 1));
    return this.paginate(ctx, list.map((r) => this.requestJson(r)), 'requests');
  }

  private listComments(ctx: Context, id: number): unknown {
    const record = this.ownRequest(ctx, id);
    const comments = record.comments.map((c) => ({
      id: c.id,
      type: 'Comment',
      body: c.body,
      html_body: `<p>${c.body.replace(/[&<>]/g, (ch) => `&#${ch.charCodeAt(0)};`)}</p>`,
      plain_body: c.body,
      public: true,
      author_id: c.author_id,
      attachments: c.attachments.map((a) => this.attachmentJson(this.tokenOf(a), a)),
      created_at: c.created_at,
    }));
    return this.paginate(ctx, comments, 'comments');
  }

  private tokenOf(a: AttachmentRecord): string {
    return a.stored_as.split(/[/\\]/)[1] ?? '';
  }

  /** Cursor pagination with page[size] (≤100) and page[after]; offset pagination otherwise. */
  private paginate(ctx: Context, items: unknown[], key: string): unknown {
    const params = ctx.url.searchParams;
    const sizeParam = params.get('page[size]');
    if (sizeParam !== null) {
      const size = Number(sizeParam);
      if (!Number.isInteger(size) || size < 1 || size > 100) throw badRequest('page[size] must be between 1 and 100');
      const after = params.get('page[after]');
      const start = after ? Number(Buffer.from(after, 'base64url').toString('utf8')) : 0;
      if (!Number.isInteger(start) || start < 0) throw badRequest('page[after] is not a valid cursor');
      const page = items.slice(start, start + size);
      const hasMore = start + size < items.length;
      const afterCursor = page.length ? Buffer.from(String(start + page.length)).toString('base64url') : null;
      const next = new URL(ctx.url);
      if (afterCursor) next.searchParams.set('page[after]', afterCursor);
      return {
        [key]: page,
        meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: start > 0 ? Buffer.from(String(start)).toString('base64url') : null },
        links: { next: hasMore ? next.toString() : null, prev: null },
      };
    }
    const perPage = Math.min(100, Math.max(1, Number(params.get('per_page') ?? 100) || 100));
    const pageNo = Math.max(1, Number(params.get('page') ?? 1) || 1);
    const page = items.slice((pageNo - 1) * perPage, pageNo * perPage);
    const next = new URL(ctx.url);
    next.searchParams.set('page', String(pageNo + 1));
    return { [key]: page, next_page: pageNo * perPage < items.length ? next.toString() : null, previous_page: null, count: items.length };
  }

  private solve(record: RequestRecord, account: SandboxAccount): unknown {
    if (!canBeSolved(record) && record.status !== 'solved') {
      throw invalid({ status: [{ description: `Status: ${account.email} cannot solve a request that is ${record.status}`, error: 'InvalidValue', field_key: 'status' }] });
    }
    record.status = 'solved';
    record.updated_at = this.now().toISOString();
    this.store.saveRequest(record);
    return { request: this.requestJson(record) };
  }

  private async updateRequest(ctx: Context, id: number): Promise<unknown> {
    const account = this.requireAccount(ctx);
    const record = this.ownRequest(ctx, id);
    const json = await this.readJson(ctx);
    const request = (json.request ?? {}) as Record<string, unknown>;
    const comment = (request.comment ?? {}) as Record<string, unknown>;
    const body = typeof comment.body === 'string' ? comment.body.trim() : '';
    if (request.solved === true && !body) return this.solve(record, account);
    const details: Details = {};
    if (record.status === 'closed') details.status = [{ description: 'Status: closed prevents ticket update', error: 'InvalidValue', field_key: 'status' }];
    if (!body) details.comment = [{ description: 'Comment: cannot be blank', error: 'BlankValue', field_key: 'comment' }];
    const attachments = this.takeUploads(comment.uploads, account, details);
    if (Object.keys(details).length > 0) throw invalid(details);
    const now = this.now().toISOString();
    record.comments.push({ id: this.store.newCommentId(), author_id: account.id, body, created_at: now, attachments });
    if (record.status === 'solved') record.status = 'open';
    record.updated_at = now;
    this.consumeUploads(comment.uploads, record.id);
    this.store.saveRequest(record);
    return { request: this.requestJson(record) };
  }
}

/** Zendesk lets an end user solve a request an agent has taken (open, pending, on hold); not a new one. */
function canBeSolved(r: RequestRecord): boolean {
  return ['open', 'pending', 'hold'].includes(r.status);
}

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const portal = new SandboxPortal(options);
  const server: Server = createServer(portal.handle);
  server.keepAliveTimeout = 5_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = new URL(`http://${host.includes(':') ? `[${host}]` : host}:${port}`);
  portal.setBaseUrl(url);
  return {
    url,
    account: options.account ?? SANDBOX_ACCOUNT,
    store: portal.store,
    faults: portal.faults,
    statusPage: portal.statusPage,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
