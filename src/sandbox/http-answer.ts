/**
 * What the sandbox's handlers answer, and the one place that writes answers: a JSON body (with the
 * hostile-text mode applied, see hostile-text.ts), a plain text, or a file streamed as stored.
 * Errors are thrown as `HttpFailure`, shaped as https://developer.zendesk.com/api-reference/introduction/requests/
 * gives them.
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { withHostileText } from './hostile-text.js';

export type Headers = Record<string, string>;

/** A handler's answer: written by `writeAnswer`, never by the handler itself. */
export type Answer =
  /** JSON (none when `body` is undefined); rate-limit headers come first, and link faults may rewrite it. */
  | { kind: 'json'; status: number; body: unknown; headers?: Headers }
  /** A body sent as is (or none), with only these headers (the OAuth sign-in page, an HTML error page). */
  | { kind: 'text'; status: number; text?: string; headers: Headers }
  /** A file from the data folder, streamed. */
  | { kind: 'file'; status: number; path: string; headers: OutgoingHttpHeaders };

export const json = (status: number, body: unknown, headers?: Headers): Answer => ({ kind: 'json', status, body, ...(headers ? { headers } : {}) });

export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

export type Details = Record<string, Array<{ description: string; error: string; field_key?: string | number }>>;

export const notFound = () => new HttpFailure(404, { error: 'RecordNotFound', description: 'Not found' });
export const unauthenticated = () => new HttpFailure(401, { error: "Couldn't authenticate you" });
export const invalid = (details: Details) => new HttpFailure(422, { error: 'RecordInvalid', description: 'Record validation errors', details });
export const badRequest = (description: string) => new HttpFailure(400, { error: 'InvalidParameter', description });
export const tooLarge = () => new HttpFailure(413, 'Request Entity Too Large', { 'content-type': 'text/plain' });

/** Reads and drops what is left of a request's body. */
export function drain(req: IncomingMessage): void {
  if (!req.readableEnded) req.resume();
}

const MAX_JSON_BYTES = 2 * 1024 * 1024;

/** The request's body as a JSON object: 413 past 2 MB, 400 without the JSON content type or when not an object. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_JSON_BYTES) chunks.push(chunk);
  }
  if (size > MAX_JSON_BYTES) throw tooLarge();
  if (!/^application\/json\b/i.test(String(req.headers['content-type'] ?? ''))) throw badRequest('Content-Type must be application/json');
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw badRequest('The body is not a JSON object');
}

/** Sends a JSON answer (or an empty one); a response already started is only ended. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Headers, hostileText: boolean): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = body === undefined ? '' : JSON.stringify(hostileText ? withHostileText(body) : body);
  res.writeHead(status, {
    ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) }),
    ...headers,
  });
  res.end(text);
}

export async function writeAnswer(req: IncomingMessage, res: ServerResponse, answer: Answer, hostileText: boolean): Promise<void> {
  switch (answer.kind) {
    case 'json':
      drain(req);
      sendJson(res, answer.status, answer.body, answer.headers ?? {}, hostileText);
      return;
    case 'text':
      if (answer.text === undefined) res.writeHead(answer.status, answer.headers).end();
      else res.writeHead(answer.status, answer.headers).end(answer.text);
      return;
    case 'file':
      res.writeHead(answer.status, answer.headers);
      await pipeline(createReadStream(answer.path), res);
      return;
  }
}
