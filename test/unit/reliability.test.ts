import { describe, expect, it } from 'vitest';
import { backoffMs, DEFAULT_RETRY_POLICY, outcomeUnknown, parseRetryAfter, retryOnNetworkError, retryOnStatus, retryWait } from '../../src/portal/retry-policy.js';
import { FaultPlan, parseFault, targetOf } from '../../src/sandbox/faults.js';
import { sanitize } from '../../src/terminal/sanitize.js';

describe('retry policy', () => {
  it('retries reads and uploads on 429 and 5xx, a create only on 429', () => {
    expect([429, 500, 502, 503, 504].map((s) => retryOnStatus('idempotent', s, false))).toEqual([true, true, true, true, true]);
    expect([400, 401, 404, 413, 422].some((s) => retryOnStatus('idempotent', s, false))).toBe(false);
    expect(retryOnStatus('create', 429, false)).toBe(true);
    expect(retryOnStatus('create', 503, true)).toBe(false); // a 503 may come after the request was stored
    expect(retryOnStatus('create', 503, false)).toBe(false);
    expect(retryOnStatus('create', 500, true)).toBe(false);
    expect(retryOnStatus('never', 429, true)).toBe(false);
  });

  it('re-sends a create after a network failure only when nothing can have reached the portal', () => {
    expect(retryOnNetworkError('create', 'ECONNREFUSED')).toBe(true);
    expect(retryOnNetworkError('create', 'ECONNRESET')).toBe(false);
    expect(retryOnNetworkError('create', 'ANSWER_TIMEOUT')).toBe(false);
    expect(retryOnNetworkError('create', 'CONNECT_TIMEOUT')).toBe(true);
    expect(retryOnNetworkError('idempotent', 'ECONNRESET')).toBe(true);
    expect(retryOnNetworkError('idempotent', 'ANSWER_TIMEOUT')).toBe(true);
    expect(outcomeUnknown('ECONNRESET')).toBe(true);
    expect(outcomeUnknown('ECONNREFUSED')).toBe(false);
  });

  it('reads Retry-After as seconds or a date', () => {
    const now = Date.parse('2026-11-28T12:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 12:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('backs off exponentially, with jitter, up to a ceiling', () => {
    const p = DEFAULT_RETRY_POLICY;
    expect(backoffMs(0, p, () => 0)).toBe(250);
    expect(backoffMs(0, p, () => 1)).toBe(500);
    expect(backoffMs(3, p, () => 1)).toBe(4000);
    expect(backoffMs(10, p, () => 1)).toBe(p.maxDelayMs);
  });
});

describe('retryWait: the whole decision after one try', () => {
  const policy = { retries: 2, maxTotalWaitMs: 10_000, baseDelayMs: 1_000, maxDelayMs: 8_000 };
  const half = () => 0.5; // backoff: 3/4 of the ceiling
  it('waits out Retry-After after a 429, for a create too', () => {
    expect(retryWait('create', { status: 429, retryAfterMs: 2_000 }, 0, 0, policy, half)).toBe(2_000);
  });
  it('backs off after a 5xx of a read, never after a 5xx of a create (it may have been stored)', () => {
    expect(retryWait('idempotent', { status: 503, retryAfterMs: undefined }, 1, 0, policy, half)).toBe(1_500);
    expect(retryWait('create', { status: 503, retryAfterMs: 1_000 }, 0, 0, policy, half)).toBeUndefined();
  });
  it('stops at an answer that is final, or when the tries are used up, or past the bound on all waits', () => {
    expect(retryWait('idempotent', { status: 404, retryAfterMs: undefined }, 0, 0, policy, half)).toBeUndefined();
    expect(retryWait('idempotent', { status: 503, retryAfterMs: undefined }, 2, 0, policy, half)).toBeUndefined();
    expect(retryWait('idempotent', { status: 429, retryAfterMs: 3_000 }, 0, 7_001, policy, half)).toBeUndefined();
    expect(retryWait('idempotent', { status: 429, retryAfterMs: 3_000 }, 0, 7_000, policy, half)).toBe(3_000);
  });
  it('tries a create again only when no connection was opened', () => {
    expect(retryWait('create', { failed: true, code: 'ECONNREFUSED' }, 0, 0, policy, half)).toBe(750);
    expect(retryWait('create', { failed: true, code: 'ECONNRESET' }, 0, 0, policy, half)).toBeUndefined();
    expect(retryWait('idempotent', { failed: true, code: 'ECONNRESET' }, 0, 0, policy, half)).toBe(750);
    expect(retryWait('never', { failed: true, code: 'ECONNREFUSED' }, 0, 0, policy, half)).toBeUndefined();
  });
});

describe('sandbox faults', () => {
  it('parses specs and uses each up', () => {
    expect(parseFault('create=429')).toEqual({ target: 'create', kind: '429', times: 1 });
    expect(parseFault('upload=reset:2')).toEqual({ target: 'upload', kind: 'reset', times: 2 });
    expect(parseFault('any=503:always').times).toBe(Infinity);
    expect(() => parseFault('create=explode')).toThrow(/not a fault kind/);
    expect(() => parseFault('nothing=429')).toThrow(/not a fault target/);
    const plan = new FaultPlan([parseFault('upload=reset:2')]);
    expect([plan.take('upload'), plan.take('create'), plan.take('upload'), plan.take('upload')]).toEqual(['reset', undefined, 'reset', undefined]);
    expect(targetOf('PUT', '/api/v2/requests/7')).toBe('update');
  });
});

describe('sanitize', () => {
  it('shows escape sequences and control characters from portal text as visible escapes', () => {
    expect(sanitize('ok\u001b[2J\u001b[31mred\u001b]0;title\u0007 \u009b1m')).toBe('ok\\u{1b}[2J\\u{1b}[31mred\\u{1b}]0;title\\u{7} \\u{9b}1m');
    expect(sanitize('two\nlines\ttab')).toBe('two lines tab');
    expect(sanitize('two\nlines', { multiline: true })).toBe('two\nlines');
  });
});
