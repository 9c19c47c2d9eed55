/**
 * The transport for small calls (JSON in, JSON out): Node's own http and https modules, with
 * connections kept alive between the calls of one command. See transport.ts.
 */
import type { Agent as HttpAgent, IncomingMessage } from 'node:http';
import { AnswerBody } from './answer-body.js';
import { ensurePortalOrigin, NetworkCode, NetworkError, networkCodeOf, type Answer, type Exchange, type Transport, type TransportOptions } from './transport.js';

type HttpModule = typeof import('node:http');

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
      if (typeof exchange.body === 'object') throw new TypeError('nodeTransport sends string bodies only');
      ensurePortalOrigin(exchange.url, options);
      const { module, agent } = await forProtocol(exchange.url.protocol);
      const headers = { ...exchange.headers };
      if (exchange.body !== undefined) headers['content-length'] = String(Buffer.byteLength(exchange.body));
      return new Promise<Answer>((resolve, reject) => {
        let settled = false;
        const fail = (error: NetworkError) => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          req.destroy();
          reject(error);
        };
        const timedOut = (what: string) => {
          const connecting = req.socket?.connecting ?? true;
          fail(new NetworkError(connecting ? 'connect timeout' : what, connecting ? NetworkCode.connectTimeout : NetworkCode.answerTimeout));
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
              settled = true;
              clearTimeout(deadline);
              resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
            }),
          );
        });
        // The whole exchange, however the answer trickles in: its bytes must all be here by then.
        const deadline = setTimeout(() => timedOut('the whole answer did not come in time'), options.timeoutMs);
        // Idle time on the socket: while connecting, waiting for the answer, or between its chunks.
        req.setTimeout(options.timeoutMs, () => timedOut('no answer in time'));
        req.on('error', (error: NodeJS.ErrnoException) => {
          if (error.name === 'AbortError') return fail(new NetworkError('aborted', undefined, { cause: error }));
          fail(new NetworkError(error.message, networkCodeOf(error.code), { cause: error }));
        });
        req.end(exchange.body);
      });
    },
    async close(): Promise<void> {
      for (const { agent } of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}
