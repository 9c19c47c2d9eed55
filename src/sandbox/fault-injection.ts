/**
 * Faults (faults.ts) as a wrapper around a call's handler: a fault that replaces the answer is
 * given before the handler runs; a `stored-*` fault after the handler has done its work, in place
 * of its answer; a link fault rewrites the answer's next-page links (hostile.ts). Handlers know
 * nothing of faults, but for `unsorted`, which they read from the call.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultKind, FaultPlan, FaultTarget } from './faults.js';
import { isBodyFault, isLinkFault, rewriteLinks, serveHostileBody } from './hostile.js';
import { drain, HttpFailure, json, type Answer } from './http-answer.js';
import type { PortalCall } from './portal-call.js';

const BAD_GATEWAY_PAGE = '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';

/** Faults after which no answer was sent: the journal writes status 0 for them. */
export function leftUnanswered(fault: FaultKind | undefined): boolean {
  return fault === 'reset' || fault === 'stored-reset' || fault === 'hang' || fault === 'stored-hang' || fault === 'stall';
}

export class FaultInjector {
  constructor(
    readonly plan: FaultPlan,
    /** Where `redirect` and the link faults point. */
    private readonly redirectTarget: string,
    private readonly base: () => URL,
  ) {}

  /**
   * The answer to a call of this fault target: the handler's (`next`), unless a fault takes its place.
   * Undefined when the fault has dealt with the connection itself (dropped it, or left it hanging).
   */
  async around(call: PortalCall, res: ServerResponse, target: FaultTarget | undefined, stores: boolean, next: () => Promise<Answer>): Promise<Answer | undefined> {
    const fault = this.plan.take(target);
    if (fault) {
      call.fault = fault;
      if (await this.before(call, res, fault)) return undefined;
    }
    const answer = await next();
    if (stores && fault) {
      const stored = storedAnswer(call.req, fault);
      if (stored !== 'none') return stored;
    }
    if (answer.kind === 'json' && isLinkFault(fault)) return { ...answer, body: rewriteLinks(answer.body, fault, this.base(), new URL(this.redirectTarget)) };
    return answer;
  }

  /** Applies a fault that replaces the answer; true when the call is dealt with. */
  private async before(call: PortalCall, res: ServerResponse, kind: FaultKind): Promise<boolean> {
    const { req, url } = call;
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
        drain(req);
        res.writeHead(502, { 'content-type': 'text/html' }).end(BAD_GATEWAY_PAGE);
        return true;
      case 'bad-json':
        drain(req);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"request": {"id": 1, "subj');
        return true;
      case 'redirect':
        drain(req);
        res.writeHead(302, { location: new URL(`${url.pathname}${url.search}`, this.redirectTarget).toString() }).end();
        return true;
      case 'hang':
        drain(req);
        return true;
      case 'reset':
        if (req.method === 'POST' || req.method === 'PUT') await readSome(req, 64 * 1024);
        req.socket.destroy();
        return true;
      case 'stall':
        // The client's writes back up once the socket buffers are full: an upload that stops moving.
        await readSome(req, 64 * 1024);
        req.pause();
        return true;
      case '413-unread': {
        // As a front server may: the answer at once, whole (its length given), while the request's
        // body is neither read nor drained. The response is not ended, since Node would then read
        // and drop the rest of the body itself.
        const text = 'Request Entity Too Large';
        res.writeHead(413, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
        res.write(text);
        return true;
      }
      default:
        // hostile.ts: bodies the client must bound replace the answer; `stored-*`, link faults and `unsorted` come later
        if (!isBodyFault(kind)) return false;
        await serveHostileBody(req, res, kind, url.pathname);
        return true;
    }
  }
}

/** Reads part of the body (up to `bytes`, or all of a shorter one), so the client is mid-upload when the connection drops. */
function readSome(req: IncomingMessage, bytes: number): Promise<void> {
  return new Promise<void>((resolve) => {
    let seen = 0;
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen >= bytes) finish();
    };
    const finish = () => {
      req.off('data', onData);
      resolve();
    };
    req.on('data', onData);
    req.once('end', finish);
  });
}

/** After the work is done: the answer a `stored-*` fault puts in place of the real one (undefined: none at all), or 'none'. */
function storedAnswer(req: IncomingMessage, fault: FaultKind): Answer | undefined | 'none' {
  switch (fault) {
    case 'stored-reset':
      req.socket.destroy();
      return undefined;
    case 'stored-500':
      return json(500, { error: 'InternalError', description: 'Injected failure after storing' }, {});
    case 'stored-503':
      return json(503, { error: 'ServiceUnavailable', description: 'Injected failure after storing' }, { 'retry-after': '1' });
    case 'stored-html502':
      return { kind: 'text', status: 502, text: BAD_GATEWAY_PAGE, headers: { 'content-type': 'text/html' } };
    case 'stored-hang':
      return undefined;
    default:
      return 'none';
  }
}
