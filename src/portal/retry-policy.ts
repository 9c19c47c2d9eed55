/**
 * When a call to the portal is tried again, and how long to wait first. Reads (GET, DELETE) and
 * uploads are safe to repeat; a create (POST /requests, PUT a reply) is repeated blindly only when it
 * certainly did not take effect (a 429, or a connection that could not be opened, so no byte was
 * sent), since a second S0 pages on-call twice. Any other failure of a create leaves its outcome
 * unknown: see core/submit-request.ts.
 */
import { NetworkCode } from './transport.js';

export interface RetryPolicy {
  /** Tries after the first. */
  retries: number;
  /** All waits together never exceed this. */
  maxTotalWaitMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 3, maxTotalWaitMs: 60_000, baseDelayMs: 500, maxDelayMs: 8_000 };

/** idempotent: reads and uploads; create: writes that must not happen twice; never: no retry. */
export type CallKind = 'idempotent' | 'create' | 'never';

/** Network failures (codes from transport.ts) that happen before the request could reach the portal. */
const BEFORE_SENDING = new Set<string>(['ECONNREFUSED', NetworkCode.connectTimeout, NetworkCode.untrustedCertificate, 'ENOTFOUND', 'EAI_AGAIN', NetworkCode.foreignOrigin, NetworkCode.clientClosed, NetworkCode.noCredentials]);
/**
 * Of those, the ones worth trying a create again after: no connection was opened, so no byte of it
 * was sent (an untrusted certificate will not become trusted by waiting).
 */
const CREATE_RETRYABLE = new Set<string>(['ECONNREFUSED', NetworkCode.connectTimeout, 'ENOTFOUND', 'EAI_AGAIN']);
/** Network failures after which trying again makes sense for a safe call. */
const TRANSIENT = new Set<string>(['ECONNREFUSED', NetworkCode.connectTimeout, 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EPIPE', NetworkCode.answerTimeout, 'ETIMEDOUT']);

/** Whether a failure with no answer left the call's outcome unknown (it may have taken effect). A refused proxy tunnel sent nothing, and is not retried. */
export function outcomeUnknown(code: string | undefined): boolean {
  return code === undefined || !(BEFORE_SENDING.has(code) || code === NetworkCode.proxyRefused);
}

export function retryOnNetworkError(kind: CallKind, code: string | undefined): boolean {
  if (kind === 'never' || code === undefined) return false;
  return kind === 'create' ? CREATE_RETRYABLE.has(code) : TRANSIENT.has(code);
}

/**
 * Whether an answer with this status is worth the same call again. For a create only a 429 is: a
 * 5xx (even a 503 with Retry-After) may come from a portal that stored the request and then failed.
 * `_hasRetryAfter` is kept for the callers' signature.
 */
export function retryOnStatus(kind: CallKind, status: number, _hasRetryAfter: boolean): boolean {
  if (kind === 'never') return false;
  if (status === 429) return true;
  if (kind === 'create') return false;
  return status >= 500 && status !== 501;
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text.trim())) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with full jitter, for the given retry (0 for the first). */
export function backoffMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** What one try gave: an answer (with its Retry-After in milliseconds), or a failure with no answer (its network code). */
export type TryOutcome = { status: number; retryAfterMs: number | undefined } | { failed: true; code: string | undefined };

/**
 * The wait before trying again after `outcome`, or undefined to stop at it: this kind of call is not
 * tried again after it, the tries are used up, or the wait would take all waits over their bound.
 * `retry`: 0 after the first try.
 */
export function retryWait(kind: CallKind, outcome: TryOutcome, retry: number, waitedMs: number, policy: RetryPolicy, random: () => number = Math.random): number | undefined {
  if (retry >= policy.retries) return undefined;
  let wait: number;
  if ('failed' in outcome) {
    if (!retryOnNetworkError(kind, outcome.code)) return undefined;
    wait = backoffMs(retry, policy, random);
  } else {
    if (!retryOnStatus(kind, outcome.status, outcome.retryAfterMs !== undefined)) return undefined;
    wait = outcome.retryAfterMs ?? backoffMs(retry, policy, random);
  }
  return waitedMs + wait > policy.maxTotalWaitMs ? undefined : wait;
}
