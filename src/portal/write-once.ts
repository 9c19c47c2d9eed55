/**
 * One write to the portal that must not happen twice (a create, a reply), and what its failures
 * leave known. The callers (core/create-request.ts, core/reply-request.ts) decide what may be sent
 * again: every failure after which the write may have taken effect is marked `outcomeUnknown`.
 */
import { CliError, PortalError } from '../errors.js';
import type { Answer, HttpClient } from './http-client.js';
import { describeHttpError, unexpectedAnswer } from './portal-errors.js';
import { outcomeUnknown, parseRetryAfter } from './retry-policy.js';
import { requestAnswerSchema, type PortalRequest } from './schemas.js';

/** An error answer to a create after which the request may exist all the same. */
export function mayHaveStored(status: number, text: string): boolean {
  if (status >= 500 || status === 409) return true;
  return status === 400 && /IdempotentRequestError/.test(text);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Sends the write, answered by a request. Marked `outcomeUnknown`: no answer once the connection was
 * open, an error answer for which `mayHaveWritten` says so, and a 2xx that cannot be read.
 */
export async function sendWrite(
  http: HttpClient,
  method: 'POST' | 'PUT',
  path: string,
  action: string,
  json: unknown,
  headers: Record<string, string>,
  retry: 'never' | 'create',
  mayHaveWritten: (status: number, text: string) => boolean,
): Promise<{ answer: Answer; request: PortalRequest }> {
  let answer;
  try {
    // Not stopped by Ctrl-C: once sent, the write may take effect, and its answer says whether it
    // did (the caller gives up waiting on its own terms: core/create-request.ts).
    answer = await http.send(method, path, { action, json, headers, retry, signal: null });
  } catch (error) {
    // No answer (send returns every answer it gets): unknown unless the connection never opened.
    if (error instanceof PortalError) {
      error.outcomeUnknown = outcomeUnknown(error.code);
      throw error;
    }
    if (error instanceof CliError) throw error;
    const unknown = new PortalError(`network error while ${action}: ${(error as Error)?.message ?? String(error)}`, undefined, undefined, { cause: error });
    unknown.outcomeUnknown = true;
    throw unknown;
  }
  if (answer.status === 429) {
    const limited = describeHttpError(429, answer.text, { action, portal: http.portal, authHint: '' }) as PortalError;
    limited.retryAfterMs = parseRetryAfter(answer.headers['retry-after'], Date.now());
    throw limited;
  }
  try {
    http.ensureOk(answer, action);
  } catch (error) {
    if (error instanceof PortalError && mayHaveWritten(answer.status, answer.text)) error.outcomeUnknown = true;
    throw error;
  }
  const parsed = requestAnswerSchema().safeParse(parseJson(answer.text));
  if (!parsed.success) {
    const unreadable = unexpectedAnswer(answer.status, { portal: http.portal, action });
    unreadable.outcomeUnknown = true;
    throw unreadable;
  }
  return { answer, request: parsed.data.request };
}
