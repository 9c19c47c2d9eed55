/**
 * The one place that speaks HTTP to the portal: adds Accept and Authorization, bounds every call
 * with a timeout and its answer in size, never follows redirects, and sends nothing anywhere but the
 * portal (so credentials never reach another host), reads answers that may not be JSON, and turns
 * failures into errors the user can act on (their words are in portal-errors.ts).
 */
import { nodeTransport } from './node-transport.js';
import { NetworkCode, type Answer, type Transport } from './transport.js';
import { proxyConfigured } from './proxy-settings.js';
import type { ProxyRoutes } from './proxy.js';
import type * as z from '../zod.js';
import { CliError, PortalError } from '../errors.js';
import { describeHttpError, describeNetworkFailure, pathOffPortal, redirectNotFollowed, stoppedAtEnd, unexpectedAnswer } from './portal-errors.js';
import { resolveOnPortal } from './portal-url.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_RETRY_POLICY, outcomeUnknown, parseRetryAfter, retryWait, type CallKind, type RetryPolicy, type TryOutcome } from './retry-policy.js';

export interface RetryNotice {
  action: string;
  reason: string;
  waitMs: number;
  /** The attempt about to be made (2 for the first retry) and the most there will be. */
  attempt: number;
  attempts: number;
}

/**
 * What the client asks for its Authorization header (the auth folder gives one for each kind of
 * credentials). Static credentials always give the same header; OAuth refreshes its access token
 * when it has expired, and once more after a 401.
 */
export interface AuthProvider {
  header(): Promise<string>;
  /** Called after a 401. True when new credentials were obtained and the call may be retried once. */
  refresh?(): Promise<boolean>;
}

export interface HttpClientOptions {
  portal: URL;
  /** Gives the Authorization header; undefined for anonymous calls. */
  auth: AuthProvider | undefined;
  /** Shown with 401/403 answers: how to provide working credentials. */
  authHint: string;
  /** Bound for connecting and for each wait on the portal, in milliseconds. */
  timeoutMs: number;
  userAgent: string;
  /** Receives one line per exchange, secrets redacted (--debug). */
  debug?: ((line: string) => void) | undefined;
  retry?: RetryPolicy | undefined;
  /** Told before each wait for a retry, so the user sees it. */
  onRetry?: ((notice: RetryNotice) => void) | undefined;
  /** false: never through a proxy (a sandbox started in this process). By default the proxy variables apply. */
  proxy?: false | undefined;
  /** The environment whose proxy variables apply (the command's, not necessarily this process's). */
  env: NodeJS.ProcessEnv;
  /**
   * Stops every call that brings no signal of its own, and its retries: the command's, aborted on
   * Ctrl-C, so that no read of the portal outlasts the user's wish to stop.
   */
  signal?: AbortSignal | undefined;
}

export interface CallOptions {
  /** What is being done, for messages: "creating the request". */
  action: string;
  query?: Record<string, string | undefined>;
  json?: unknown;
  /** A fresh body for each attempt (an upload re-reads its file). */
  body?: () => AsyncIterable<Uint8Array>;
  headers?: Record<string, string>;
  /**
   * Stops the call and its retries (it then throws the signal's reason). By default the client's
   * signal; null for a call whose answer is awaited even once the command is stopped (a write that
   * may already have taken effect, the lookup that settles one, the removal of unused uploads): its
   * caller bounds that wait itself.
   */
  signal?: AbortSignal | null | undefined;
  /** How this call may be retried; by default GET and DELETE are idempotent, other methods never retried. */
  retry?: CallKind;
}

export type { Answer };
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export class HttpClient {
  readonly portal: URL;
  private readonly options: HttpClientOptions;
  /** Every direct call, JSON and uploads alike: Node's own http, nothing to load. */
  private readonly direct: Transport;
  /** Calls through a proxy (proxy.ts), loaded only when a proxy variable is set. */
  private proxies: Promise<ProxyRoutes> | undefined;
  /** Closed: calls still under way (one whose answer nobody waits for) fail as they are, untried again. */
  private closed = false;

  constructor(options: HttpClientOptions) {
    this.options = options;
    this.portal = options.portal;
    this.direct = nodeTransport({ timeoutMs: options.timeoutMs, origin: options.portal.origin });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([this.direct.close(), this.proxies?.then((p) => p.close())]);
  }

  /**
   * Through a proxy: undici (proxy.ts). Otherwise Node's own http for every call, uploads included.
   * Uploads went through undici until 2026-11-29. Measured side by side then (Node 20, the CLI
   * against a sandbox on loopback, interleaved runs, medians; bench/notes.md has the table),
   * node:http was ahead on every figure, so no size threshold sends large files to undici:
   *   submit with one 1 MB file: 330-340 -> 240-250 ms CPU (no undici to load, no WebAssembly
   *     parser to compile);
   *   one 50 MB upload: 0.93-0.95x -> 1.02-1.32x the rate of curl -T in the same series, the whole
   *     submit 530-610 -> 380-412 ms CPU, peak RSS 71-73 -> 58 MB;
   *   peak RSS: 1 x 5 MB 59 -> 52 MB, 20 x 5 MB 65 -> 61 MB, 3 x 50 MB 62-64 -> 60 MB.
   */
  private async transportFor(url: URL): Promise<Transport> {
    if (this.options.proxy !== false && proxyConfigured(this.options.env)) {
      this.proxies ??= import('./proxy.js').then(({ ProxyRoutes }) => new ProxyRoutes({ timeoutMs: this.options.timeoutMs, origin: this.portal.origin }));
      const proxied = (await this.proxies).transportFor(url);
      if (proxied) return proxied;
    }
    return this.direct;
  }

  /**
   * Sends one call and returns the answer, whatever its status, after the retries its kind allows
   * (see retry-policy.ts). After a 401, when the credentials can be refreshed (OAuth), it refreshes
   * and sends once more. Failures without an answer throw PortalError; for a create that may have
   * taken effect, `outcomeUnknown` is set. `path` is the portal's own path, resolved once, here: a
   * path that would lead to another host (`//host`, `/\host`) or out of its folder is refused.
   */
  async send(method: HttpMethod, path: string, call: CallOptions): Promise<Answer> {
    const url = resolveOnPortal(this.portal, path, call.query);
    if (!url) {
      throw pathOffPortal(path, this.portal, call.action);
    }
    const kind: CallKind = call.retry ?? (method === 'GET' || method === 'DELETE' ? 'idempotent' : 'never');
    const policy = this.options.retry ?? DEFAULT_RETRY_POLICY;
    const signal = call.signal === null ? undefined : (call.signal ?? this.options.signal);
    let refreshed = false;
    /** One try; after a 401, when the credentials can be refreshed (OAuth, once per call), a second. */
    const tryOnce = async (): Promise<Answer> => {
      const answer = await this.sendOnce(method, url, call, signal);
      if (answer.status !== 401 || refreshed || !this.options.auth?.refresh) return answer;
      refreshed = true;
      if (!(await this.options.auth.refresh())) return answer;
      this.log(() => `! 401: credentials refreshed, sending ${method} ${redactUrl(url)} again`);
      return this.sendOnce(method, url, call, signal);
    };
    let waited = 0;
    for (let retry = 0; ; retry++) {
      // Nothing is sent once the client is closed: not a new call, nor a call that was waiting to retry.
      if (this.closed) throw stoppedAtEnd(call.action);
      if (signal?.aborted) throw signal.reason;
      let answer: Answer | undefined;
      let failure: PortalError | undefined;
      try {
        answer = await tryOnce();
      } catch (error) {
        if (!(error instanceof PortalError)) throw error;
        failure = error;
      }
      // Stopped while under way: the stop is what the caller is told (an InterruptedError: exit 130).
      if (!answer && signal?.aborted) throw signal.reason;
      const outcome: TryOutcome = answer ? { status: answer.status, retryAfterMs: parseRetryAfter(answer.headers['retry-after'], Date.now()) } : { failed: true, code: failure!.code };
      // Stopped, or closed while the call was under way (its answer awaited by nobody): it ends as it is.
      const wait = signal?.aborted || this.closed ? undefined : retryWait(kind, outcome, retry, waited, policy);
      if (wait === undefined) {
        if (answer) return answer;
        if (kind === 'create' && outcomeUnknown(failure!.code)) failure!.outcomeUnknown = true;
        throw failure!;
      }
      await this.waitToRetry(method, url, call.action, signal, answer, failure, { waitMs: wait, attempt: retry + 2, attempts: policy.retries + 1 });
      waited += wait;
    }
  }

  /** Tells the user, and waits before the next try (a Ctrl-C ends the wait, and the call). */
  private async waitToRetry(method: HttpMethod, url: URL, action: string, signal: AbortSignal | undefined, answer: Answer | undefined, failure: PortalError | undefined, at: Pick<RetryNotice, 'waitMs' | 'attempt' | 'attempts'>): Promise<void> {
    const reason = answer ? (answer.status === 429 ? 'the portal is rate-limiting' : `the portal answered HTTP ${answer.status}`) : failure!.message.replace(/ while .*$/, '');
    this.options.onRetry?.({ action, reason, ...at });
    this.log(() => `! retrying ${method} ${redactUrl(url)} in ${at.waitMs} ms: ${reason}`);
    await sleep(at.waitMs, undefined, signal ? { signal } : {}).catch(() => {});
    if (signal?.aborted) throw signal.reason;
  }

  private async sendOnce(method: HttpMethod, url: URL, call: CallOptions, signal: AbortSignal | undefined): Promise<Answer> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.options.userAgent,
      ...call.headers,
    };
    if (this.options.auth) {
      try {
        headers.authorization = await this.options.auth.header();
      } catch (error) {
        // an OAuth refresh that failed (network, its lock): this call was never sent
        if (error instanceof CliError && !(error instanceof PortalError)) throw error; // refused: log in again (exit 4)
        const message = error instanceof Error ? error.message : String(error);
        throw new PortalError(`could not get the credentials for ${call.action}: ${message}`, error instanceof PortalError ? error.status : undefined, 'Nothing was sent. Try again; if it goes on, log in again with `sigma-support auth login`.', { cause: error, code: NetworkCode.noCredentials });
      }
    }
    let body: string | AsyncIterable<Uint8Array> | undefined = call.body?.();
    if (call.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.json);
    }
    // Neither transport follows redirects: a 3xx comes back as an answer (see ensureOk).
    const transport = await this.transportFor(url);
    // Date, not performance.now(): the first use of `performance` loads Node's perf_hooks (2 ms).
    const started = Date.now();
    this.log(() => `> ${method} ${redactUrl(url)} ${formatHeaders(headers)}`);
    try {
      const answer = await transport.send({ method, url, headers, body, signal });
      const ms = Date.now() - started;
      this.log(() => `< ${answer.status} ${method} ${redactUrl(url)} (${ms} ms, ${answer.text.length} bytes)`);
      return answer;
    } catch (error) {
      this.log(() => `! ${method} ${redactUrl(url)}: ${(error as Error).message}`);
      throw describeNetworkFailure(error, { portal: this.portal, action: call.action, timeoutMs: this.options.timeoutMs });
    }
  }

  /** Sends a call and reads a 2xx JSON answer of the given shape; anything else throws. */
  async json<S extends z.ZodMiniType>(method: HttpMethod, path: string, schema: S, call: CallOptions): Promise<{ value: z.infer<S>; answer: Answer }> {
    const answer = await this.send(method, path, call);
    this.ensureOk(answer, call.action);
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.text);
    } catch {
      throw unexpectedAnswer(answer.status, { portal: this.portal, action: call.action });
    }
    const result = schema.safeParse(parsed);
    if (!result.success) {
      this.log(() => `! answer did not match the expected shape: ${result.error.message}`);
      throw unexpectedAnswer(answer.status, { portal: this.portal, action: call.action });
    }
    return { value: result.data, answer };
  }

  /** Throws the described error for anything but 2xx. */
  ensureOk(answer: Answer, action: string): void {
    if (answer.status >= 200 && answer.status < 300) return;
    if (answer.status >= 300 && answer.status < 400) {
      const location = String(answer.headers.location ?? '');
      throw redirectNotFollowed(answer.status, location, action);
    }
    throw describeHttpError(answer.status, answer.text, { action, portal: this.portal, authHint: this.options.authHint });
  }

  /** The line is made only under --debug: each parses the URL again to redact it, twice a call. */
  private log(line: () => string): void {
    this.options.debug?.(line());
  }
}

/** Headers for the debug log, with every credential redacted. */
function formatHeaders(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([k, v]) => `${k}: ${/authorization|token|cookie|key/i.test(k) ? '[redacted]' : v}`)
    .join('; ');
}

/** The path and query for the debug log, with upload tokens redacted. */
function redactUrl(url: URL): string {
  const copy = new URL(url);
  if (copy.searchParams.has('token')) copy.searchParams.set('token', '[redacted]');
  copy.pathname = copy.pathname.replace(/(\/uploads\/)[^/]+/, '$1[redacted]');
  return `${copy.pathname}${copy.search}`;
}
