/**
 * The sandbox portal: a local, Zendesk-compatible Help Center API on loopback, for every endpoint
 * the CLI uses: requests (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-requests/),
 * uploads (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-attachments/),
 * ticket fields and forms (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_fields/,
 * https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_forms/), and errors as
 * https://developer.zendesk.com/api-reference/introduction/requests/ gives them. Scripts are
 * rehearsed here without paging anyone, newcomers try the tool here, and the test suite runs against it.
 *
 * This file wires it: the status page (status-page.ts) apart; for the API, who the caller is
 * (auth.ts), the rate limit (rate-limit.ts), faults around the handler (fault-injection.ts), the
 * route table (route-table.ts) with one module per resource (routes/), and a journal line per call.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAUTH_REDIRECT_URIS } from '../auth/oauth-client.js';
import { authenticate } from './auth.js';
import { FaultInjector, leftUnanswered } from './fault-injection.js';
import { FaultPlan, targetOf, type FaultSpec } from './faults.js';
import { SANDBOX_ACCOUNT, defaultTicketFields, defaultTicketForms, type SandboxAccount, type TicketFieldDef, type TicketFormDef } from './fixtures.js';
import { formSetup, type FormSetup } from './form-setups.js';
import { HttpFailure, drain, notFound, sendJson, writeAnswer, type Answer, type Headers } from './http-answer.js';
import { OAuthTokens } from './oauth-tokens.js';
import type { PortalCall, PortalEnv } from './portal-call.js';
import { RateLimiter } from './rate-limit.js';
import { findRoute, type Route } from './route-table.js';
import { oauthRoutes } from './routes/oauth.js';
import { requestRoutes } from './routes/requests.js';
import { ticketFieldRoutes } from './routes/ticket-fields.js';
import { uploadRoutes } from './routes/uploads.js';
import { userRoutes } from './routes/users.js';
import { StatusPage, type SandboxStatusPage } from './status-page.js';
import { SandboxStore } from './store.js';

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
  /** Put terminal escape sequences in every text it answers, its status page's too (see hostile-text.ts). */
  hostileText?: boolean;
  /** Called as an upload's body starts to arrive, with its file name: lets tests act mid-upload without timers. */
  onUploadStart?: (fileName: string) => void;
  /** Called as an upload's bytes arrive (past the throttle), with the count so far: what it has really received. */
  onUploadBytes?: (fileName: string, received: number) => void;
  /** Unresolved incidents its status page (/status) shows from the start. */
  incidents?: string[];
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

class SandboxPortal {
  readonly store: SandboxStore;
  readonly faults: FaultInjector;
  readonly statusPage: StatusPage;
  private readonly account: SandboxAccount;
  private readonly now: () => Date;
  private readonly hostileText: boolean;
  private readonly passwordAccess: boolean;
  private readonly tokens: OAuthTokens;
  private readonly limiter: RateLimiter;
  private readonly routes: Array<Route<PortalCall>>;
  private baseUrl = new URL('http://127.0.0.1/');

  constructor(options: SandboxOptions) {
    this.store = new SandboxStore(options.dataDir);
    this.account = options.account ?? SANDBOX_ACCOUNT;
    this.now = options.now ?? (() => new Date());
    this.hostileText = options.hostileText === true;
    this.passwordAccess = options.passwordAccess ?? true;
    this.tokens = new OAuthTokens(this.now, (options.oauthAccessTokenTtlSeconds ?? 7200) * 1000);
    this.limiter = new RateLimiter(options.rateLimitPerMinute ?? 700, this.now);
    this.faults = new FaultInjector(new FaultPlan(options.faults), options.redirectTarget ?? 'http://127.0.0.1:9/', () => this.baseUrl);
    this.statusPage = new StatusPage(this.now, () => this.baseUrl, this.hostileText);
    for (const name of options.incidents ?? []) this.statusPage.declare(name);

    const setup = options.formSetup ? formSetup(options.formSetup) : undefined;
    const fields = options.ticketFields ?? setup?.ticketFields ?? defaultTicketFields();
    const forms = options.ticketForms ?? setup?.ticketForms ?? defaultTicketForms(fields);
    const env: PortalEnv = {
      store: this.store,
      now: this.now,
      base: () => this.baseUrl,
      api: (path) => new URL(`/api/v2${path}`, this.baseUrl).toString(),
    };
    this.routes = [
      ...userRoutes(env),
      ...ticketFieldRoutes(env, { fields, forms, noForms: setup?.noForms ?? false }),
      ...uploadRoutes(env, {
        maxUploadBytes: options.maxUploadBytes ?? 50 * 1024 * 1024,
        ...(options.throttleBytesPerSecond ? { throttleBytesPerSecond: options.throttleBytesPerSecond } : {}),
        ...(options.onUploadStart ? { onUploadStart: options.onUploadStart } : {}),
        ...(options.onUploadBytes ? { onUploadBytes: options.onUploadBytes } : {}),
      }),
      ...requestRoutes(env, { fields, forms, silentlyDrops: new Set(options.silentlyDrops ?? []) }),
      ...oauthRoutes(env, this.tokens, options.oauthRedirectUris ?? OAUTH_REDIRECT_URIS),
    ];
  }

  setBaseUrl(url: URL): void {
    this.baseUrl = url;
  }

  /** The Node request handler. */
  handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', this.baseUrl);
    if (this.statusPage.handle(req, res, url.pathname)) return;
    const call: PortalCall = { req, url, account: authenticate(req, this.account, this.tokens, this.passwordAccess) };
    this.answer(call, res)
      .catch((error: unknown) => {
        if (error instanceof HttpFailure) {
          drain(req);
          sendJson(res, error.status, error.body, error.headers, this.hostileText);
        } else {
          sendJson(res, 500, { error: 'InternalError', description: String((error as Error)?.message ?? error) }, {}, this.hostileText);
        }
      })
      .finally(() => {
        this.store.journal({
          at: this.now().toISOString(),
          method: req.method ?? '?',
          path: `${url.pathname}${url.search}`,
          status: leftUnanswered(call.fault) ? 0 : res.statusCode,
          ...(call.fault ? { fault: call.fault } : {}),
          ...(call.account ? { account: call.account.id } : {}),
        });
      });
  };

  /** Counts the call against the rate limit, then answers it through the faults and the route table. */
  private async answer(call: PortalCall, res: ServerResponse): Promise<void> {
    const rate = this.limiter.count(call.account ? `account:${call.account.id}` : `ip:${call.req.socket.remoteAddress}`);
    const method = call.req.method ?? 'GET';
    const path = call.url.pathname.replace(/\/+$/, '').replace(/\.json$/, '');
    const match = findRoute(this.routes, method, path);
    const answer = await this.faults.around(call, res, targetOf(method, path), match?.route.stores === true, async () => {
      if (!match) throw notFound();
      return withRateHeaders(await match.route.handle(call, match.params), rate);
    });
    if (answer) await writeAnswer(call.req, res, answer, this.hostileText);
  }
}

/** A route's answer carries the rate-limit headers (before its own); a page given as is does not. */
function withRateHeaders(answer: Answer, rate: Headers): Answer {
  switch (answer.kind) {
    case 'json':
      return { ...answer, headers: { ...rate, ...answer.headers } };
    case 'file':
      return { ...answer, headers: { ...rate, ...answer.headers } };
    case 'text':
      return answer;
  }
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
    faults: portal.faults.plan,
    statusPage: portal.statusPage,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
