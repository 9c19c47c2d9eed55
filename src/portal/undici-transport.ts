/**
 * The transport for calls through a proxy (proxy.ts; direct calls go over node-transport.ts):
 * undici, whose ProxyAgent tunnels with CONNECT. For a streamed body (an upload) it writes each
 * chunk to the socket and asks for the next only once the socket has taken it (src/core/uploads.ts
 * relies on that). See transport.ts.
 *
 * It also keeps V8 from compiling undici's HTTP parser (WebAssembly) with its optimizing compiler:
 * on Node 20 and 22 that cost about 35 MB and held the exit of every process that made a request
 * by up to 90 ms (measured in BENCHMARKS.md). The baseline compiler is ample for a few answers.
 * `--liftoff-only` does it on Node 20 only: set at run time, Node 22 and 24 ignore it, and their
 * optimizing compiler took the parser up as more was uploaded (20 files of 5 MB peaked 25 MB above
 * one on Node 24). A tiering budget no parser ever spends keeps it on the baseline compiler on all
 * three (bench/notes.md).
 */
import { setFlagsFromString } from 'node:v8';
import type { Dispatcher } from 'undici';
import { Agent, Pool, ProxyAgent, request as apiRequest, errors } from '../vendor/undici.js';
import { AnswerBody } from './answer-body.js';
import { ensurePortalOrigin, NetworkCode, NetworkError, networkCodeOf, type Answer, type Exchange, type Transport, type TransportOptions } from './transport.js';

setFlagsFromString('--liftoff-only');
setFlagsFromString('--wasm-tiering-budget=2000000000');

/** The code a failure is reported with (transport.ts). */
function codeOf(error: unknown): string | undefined {
  if (error instanceof errors.ConnectTimeoutError) return NetworkCode.connectTimeout;
  if (error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError) return NetworkCode.answerTimeout;
  if (error instanceof errors.RequestContentLengthMismatchError) return NetworkCode.lengthMismatch;
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  if (code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') return 'ECONNRESET';
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return NetworkCode.connectTimeout;
  return networkCodeOf(code);
}

/** The same chunks, pulled one at a time as before; `done` is told once the last one was taken. */
async function* thenCall(body: AsyncIterable<Uint8Array>, done: () => void): AsyncGenerator<Uint8Array> {
  yield* body;
  done();
}

/**
 * The connections to the proxy itself, which carry the CONNECT requests. undici waits up to 300 s for
 * the answer to a CONNECT (its default headersTimeout), and the proxy's pool is made without the
 * agent's settings: a proxy that takes the connection and never answers would hold an upload, and the
 * end of every command, that long. Its answer is waited for no longer than the timeout, and a CONNECT
 * not answered in time is a tunnel that could not be opened: nothing of the call reached the portal.
 */
function proxyClient(timeoutMs: number) {
  return (origin: URL, options: Pool.Options): Dispatcher => {
    const pool = new Pool(origin, { ...options, headersTimeout: timeoutMs });
    // ProxyAgent asks for its tunnels with the promise form of connect.
    const open = pool.connect.bind(pool) as (params: Dispatcher.ConnectOptions) => Promise<Dispatcher.ConnectData>;
    const connect = (params: Dispatcher.ConnectOptions) =>
      open(params).catch((error: unknown) => {
        throw error instanceof errors.HeadersTimeoutError ? new errors.ConnectTimeoutError('the proxy did not answer CONNECT in time') : error;
      });
    return Object.assign(pool, { connect });
  };
}

export function undiciTransport(options: TransportOptions): Transport {
  const settings = { connect: { timeout: options.timeoutMs }, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs, keepAliveTimeout: 10_000 };
  // Through a proxy: a CONNECT tunnel (for http targets too), the portal's TLS inside it.
  const dispatcher: Dispatcher = options.proxy
    ? new ProxyAgent({ ...settings, uri: options.proxy.href, clientFactory: proxyClient(options.timeoutMs), proxyTls: { timeout: options.timeoutMs }, requestTls: { timeout: options.timeoutMs } })
    : new Agent(settings);
  return {
    async send(exchange: Exchange): Promise<Answer> {
      ensurePortalOrigin(exchange.url, options);
      // The whole exchange has a deadline: from its start, or for a streamed body (an upload, which
      // may take as long as it needs while bytes flow) from the moment its last byte was taken.
      const overdue = new AbortController();
      let deadline: NodeJS.Timeout | undefined;
      let over = false;
      const arm = () => {
        // not once the exchange is over: undici may still take the rest of a body answered early (413)
        if (!over) deadline = setTimeout(() => overdue.abort(new NetworkError('the whole answer did not come in time', NetworkCode.answerTimeout)), options.timeoutMs);
      };
      let body = exchange.body;
      if (typeof body === 'object') body = thenCall(body, arm);
      else arm();
      try {
        // undici follows no redirects unless told to: a 3xx comes back as an answer.
        const res = await apiRequest.call(dispatcher, {
          origin: exchange.url.origin,
          path: `${exchange.url.pathname}${exchange.url.search}`,
          method: exchange.method as Dispatcher.HttpMethod,
          headers: exchange.headers,
          // undici takes async iterables too, which its types leave out
          body: (body ?? null) as Dispatcher.RequestOptions['body'],
          signal: exchange.signal ? AbortSignal.any([exchange.signal, overdue.signal]) : overdue.signal,
        });
        const answer = new AnswerBody();
        try {
          answer.declared(res.headers['content-length']);
          for await (const chunk of res.body as AsyncIterable<Uint8Array>) answer.add(chunk);
        } catch (error) {
          res.body.destroy();
          throw error;
        }
        return { status: res.statusCode, headers: res.headers, text: answer.text() };
      } catch (error) {
        if (overdue.signal.aborted && !exchange.signal?.aborted) throw overdue.signal.reason;
        if (error instanceof NetworkError) throw error;
        if ((error as Error).name === 'AbortError' || exchange.signal?.aborted) throw new NetworkError('aborted', undefined, { cause: error });
        throw new NetworkError((error as Error).message, codeOf(error), { cause: error });
      } finally {
        over = true;
        clearTimeout(deadline);
      }
    },
    close: () => dispatcher.close(),
  };
}
