/**
 * The one place that speaks HTTP to the portal: adds Accept and Authorization, bounds every call
 * with a timeout, never follows redirects (so credentials never reach another host), reads answers
 * that may not be JSON, and turns failures into errors the user can act on.
 */
import { Agent, request, errors as undiciErrors, type Dispatcher } from 'undici';
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import { PortalError, type CliError } from '../errors.js';
import { describeHttpError, unexpectedAnswer } from './portal-errors.js';
import type { AuthProvider } from '../auth/auth-provider.js';

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
}

export interface CallOptions {
  /** What is being done, for messages: "creating the request". */
  action: string;
  query?: Record<string, string | undefined>;
  json?: unknown;
  body?: Readable;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export class HttpClient {
  readonly portal: URL;
  private readonly options: HttpClientOptions;
  private readonly dispatcher: Dispatcher;

  constructor(options: HttpClientOptions) {
    this.options = options;
    this.portal = options.portal;
    this.dispatcher = new Agent({
      connect: { timeout: options.timeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      keepAliveTimeout: 10_000,
    });
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  /**
   * Sends one call and returns the answer, whatever its status. After a 401, when the credentials
   * can be refreshed (OAuth) and the body can be sent again, it refreshes and retries once.
   * Network failures throw PortalError.
   */
  async send(method: Dispatcher.HttpMethod, path: string, call: CallOptions): Promise<Answer> {
    const answer = await this.sendOnce(method, path, call);
    if (answer.status === 401 && call.body === undefined && this.options.auth?.refresh && (await this.options.auth.refresh())) {
      this.log(`! 401: credentials refreshed, sending ${method} ${path} again`);
      return this.sendOnce(method, path, call);
    }
    return answer;
  }

  private async sendOnce(method: Dispatcher.HttpMethod, path: string, call: CallOptions): Promise<Answer> {
    const url = new URL(path, this.portal);
    for (const [k, v] of Object.entries(call.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.options.userAgent,
      ...call.headers,
    };
    if (this.options.auth) headers.authorization = await this.options.auth.header();
    let body: string | Readable | undefined = call.body;
    if (call.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.json);
    }
    const started = performance.now();
    this.log(`> ${method} ${redactUrl(url)} ${formatHeaders(headers)}`);
    try {
      const res = await request(url, {
        method,
        headers,
        body,
        dispatcher: this.dispatcher,
        signal: call.signal,
        maxRedirections: 0,
      } as Parameters<typeof request>[1]);
      const text = await res.body.text();
      const ms = Math.round(performance.now() - started);
      this.log(`< ${res.statusCode} ${method} ${redactUrl(url)} (${ms} ms, ${text.length} bytes)`);
      return { status: res.statusCode, headers: res.headers, text };
    } catch (error) {
      this.log(`! ${method} ${redactUrl(url)}: ${(error as Error).message}`);
      throw this.networkError(error, call.action);
    }
  }

  /** Sends a call and reads a 2xx JSON answer of the given shape; anything else throws. */
  async json<S extends z.ZodType>(method: Dispatcher.HttpMethod, path: string, schema: S, call: CallOptions): Promise<{ value: z.infer<S>; answer: Answer }> {
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
      this.log(`! answer did not match the expected shape: ${result.error.message}`);
      throw unexpectedAnswer(answer.status, { portal: this.portal, action: call.action });
    }
    return { value: result.data, answer };
  }

  /** Throws the described error for anything but 2xx. */
  ensureOk(answer: Answer, action: string): void {
    if (answer.status >= 200 && answer.status < 300) return;
    if (answer.status >= 300 && answer.status < 400) {
      const location = String(answer.headers.location ?? '');
      throw new PortalError(
        `the portal answered with a redirect (HTTP ${answer.status}${location ? ` to ${location}` : ''}) while ${action}; it was not followed, so the credentials stayed here`,
        answer.status,
        'Give the final address with --portal or SIGMA_SUPPORT_URL.',
      );
    }
    throw describeHttpError(answer.status, answer.text, { action, portal: this.portal, authHint: this.options.authHint });
  }

  private networkError(error: unknown, action: string): CliError {
    const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
    const host = this.portal.host;
    const seconds = Math.round(this.options.timeoutMs / 1000);
    const timeout = error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError || error instanceof undiciErrors.ConnectTimeoutError || code === 'UND_ERR_CONNECT_TIMEOUT';
    let message: string;
    if (timeout) message = `${host} did not answer within ${seconds} s while ${action}`;
    else if (code === 'ECONNREFUSED') message = `cannot reach ${host} (connection refused) while ${action}`;
    else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') message = `cannot find the host ${this.portal.hostname} while ${action}`;
    else if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') message = `the connection to ${host} was lost while ${action}`;
    else if ((error as Error).name === 'AbortError') message = `${action} was stopped`;
    else message = `network error while ${action}: ${(error as Error).message}`;
    return new PortalError(message, undefined, timeout ? 'Check your network, or allow more time with --timeout.' : 'Check your network and the portal URL.', { cause: error });
  }

  private log(line: string): void {
    this.options.debug?.(line);
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
