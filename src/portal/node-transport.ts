/**
 * Node's own http and https modules, with connections kept alive between the calls of one command.
 * They carry the small JSON calls, and the streamed uploads (http-client.ts says which go where).
 * See transport.ts.
 */
import type { Agent as HttpAgent, ClientRequest, IncomingMessage } from 'node:http';
import { AnswerBody } from './answer-body.js';
import { ensurePortalOrigin, NetworkCode, NetworkError, networkCodeOf, type Answer, type Exchange, type Transport, type TransportOptions } from './transport.js';

type HttpModule = typeof import('node:http');

/** How the writing of a streamed body ends: every byte taken by the socket, or not. */
interface BodyWriting {
  /** Whether the exchange is over (answered or failed): then nothing more is written. */
  over(): boolean;
  /** Registers how to stop waiting on the socket once the exchange is over. */
  onOver(stop: () => void): void;
  /** The socket has taken the last byte. */
  sent(): void;
  /** The body itself failed (its file could not be read) or gave another length than stated. */
  failed(error: NetworkError): void;
}

/** The code of a failure the body itself threw: its own, or that of its cause (a file system error). */
function codeOfBodyError(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } };
  const code = typeof e.code === 'string' ? e.code : typeof e.cause?.code === 'string' ? e.cause.code : undefined;
  return networkCodeOf(code);
}

/**
 * Writes a streamed body one chunk at a time, and asks for the next chunk only once the socket has
 * taken all of the last one (its write callback: the bytes are in the kernel, not in a queue of
 * Node's). That is backpressure, and it is what src/core/uploads.ts relies on to read the next
 * chunk into the buffer of the one before. `length` is the Content-Length the caller gave: more or
 * fewer bytes are LENGTH_MISMATCH (the file changed), and the request is not ended, so the portal
 * never takes a short body for a whole one.
 */
async function writeBody(req: ClientRequest, body: AsyncIterable<Uint8Array>, length: number | undefined, writing: BodyWriting): Promise<void> {
  const taken = (chunk: Uint8Array) =>
    new Promise<boolean>((resolve) => {
      writing.onOver(() => resolve(false));
      // An error here is the connection's, which req's 'error' (or, once answered, the answer's) reports.
      req.write(chunk, (error) => resolve(!error));
    });
  let written = 0;
  try {
    for await (const chunk of body) {
      if (writing.over()) return; // leaving the loop closes the body (its file)
      written += chunk.length;
      if (length !== undefined && written > length) throw new NetworkError('the body is longer than its stated length', NetworkCode.lengthMismatch);
      if (!(await taken(chunk))) return;
    }
    if (writing.over()) return;
    if (length !== undefined && written !== length) throw new NetworkError('the body is shorter than its stated length', NetworkCode.lengthMismatch);
  } catch (error) {
    writing.failed(error instanceof NetworkError ? error : new NetworkError((error as Error).message, codeOfBodyError(error), { cause: error }));
    return;
  }
  req.end();
  writing.sent();
}

export function nodeTransport(options: TransportOptions): Transport {
  const agents = new Map<string, { module: HttpModule; agent: HttpAgent }>();
  const forProtocol = async (protocol: string) => {
    let entry = agents.get(protocol);
    if (!entry) {
      // https (and with it TLS) loads only for an https portal; the sandbox is plain http on loopback.
      const module: HttpModule = protocol === 'https:' ? ((await import('node:https')) as unknown as HttpModule) : await import('node:http');
      entry = { module, agent: new module.Agent({ keepAlive: true, keepAliveMsecs: 10_000 }) };
      agents.set(protocol, entry);
    }
    return entry;
  };

  return {
    async send(exchange: Exchange): Promise<Answer> {
      ensurePortalOrigin(exchange.url, options);
      const { module, agent } = await forProtocol(exchange.url.protocol);
      const headers = { ...exchange.headers };
      const streamed = typeof exchange.body === 'object' ? exchange.body : undefined;
      if (typeof exchange.body === 'string') headers['content-length'] = String(Buffer.byteLength(exchange.body));
      const stated = streamed && headers['content-length'] !== undefined ? Number(headers['content-length']) : undefined;
      return new Promise<Answer>((resolve, reject) => {
        let settled = false;
        /** The whole exchange: from its start, or for a streamed body from its last byte sent. */
        let deadline: NodeJS.Timeout | undefined;
        /** Every byte of the body was taken by the socket (always, for a string body, once ended). */
        let bodySent = false;
        let stopWriting: (() => void) | undefined;
        const settle = () => {
          settled = true;
          clearTimeout(deadline);
          stopWriting?.();
        };
        const fail = (error: NetworkError) => {
          if (settled) return;
          settle();
          req.destroy();
          reject(error);
        };
        const timedOut = (what: string) => {
          const connecting = req.socket?.connecting ?? true;
          fail(new NetworkError(connecting ? 'connect timeout' : what, connecting ? NetworkCode.connectTimeout : NetworkCode.answerTimeout));
        };
        // Its bytes must all be here by then, however the answer trickles in. An upload may take as
        // long as it needs while its bytes flow (the idle timer below bounds each wait).
        const arm = () => {
          if (!settled) deadline = setTimeout(() => timedOut('the whole answer did not come in time'), options.timeoutMs);
        };
        const req = module.request(exchange.url, { method: exchange.method, headers, agent, signal: exchange.signal }, (res: IncomingMessage) => {
          const body = new AnswerBody();
          const take = (read: () => void) => {
            try {
              read();
            } catch (error) {
              fail(error instanceof NetworkError ? error : new NetworkError((error as Error).message, undefined, { cause: error }));
            }
          };
          take(() => body.declared(res.headers['content-length']));
          res.on('data', (chunk: Buffer) => take(() => body.add(chunk)));
          res.on('error', (error: NodeJS.ErrnoException) => fail(new NetworkError(error.message, error.code ?? 'ECONNRESET', { cause: error })));
          res.on('close', () => {
            if (!res.complete) fail(new NetworkError('the connection closed in the middle of the answer', 'ECONNRESET'));
          });
          res.on('end', () =>
            take(() => {
              if (settled) return;
              const text = body.text();
              settle();
              // Answered before the whole body was sent (a 413, a 401): the rest is not sent, and the
              // connection, in the middle of a request, is not used again.
              if (!bodySent) req.destroy();
              resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
            }),
          );
        });
        // Idle time on the socket: while connecting, while it takes no more of the body, waiting for
        // the answer, or between its chunks.
        req.setTimeout(options.timeoutMs, () => timedOut('no answer in time'));
        req.on('error', (error: NodeJS.ErrnoException) => {
          if (error.name === 'AbortError') return fail(new NetworkError('aborted', undefined, { cause: error }));
          fail(new NetworkError(error.message, networkCodeOf(error.code), { cause: error }));
        });
        if (!streamed) {
          arm();
          bodySent = true;
          req.end(exchange.body);
          return;
        }
        void writeBody(req, streamed, stated, {
          over: () => settled,
          onOver: (stop) => {
            stopWriting = stop;
          },
          sent: () => {
            bodySent = true;
            arm();
          },
          failed: fail,
        });
      });
    },
    async close(): Promise<void> {
      for (const { agent } of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}
