/**
 * Calls a minute per account (or per address when anonymous), with Zendesk's rate-limit headers
 * on every answer and 429 with Retry-After past the limit
 * (https://developer.zendesk.com/api-reference/introduction/rate-limits/).
 */
import { HttpFailure, type Headers } from './http-answer.js';

export class RateLimiter {
  private readonly calls = new Map<string, { windowStart: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly now: () => Date,
  ) {}

  /** Counts one call; the headers its answer carries, or a 429 thrown. */
  count(key: string): Headers {
    const nowMs = this.now().getTime();
    let window = this.calls.get(key);
    if (!window || nowMs - window.windowStart >= 60_000) {
      window = { windowStart: nowMs, count: 0 };
      this.calls.set(key, window);
    }
    window.count++;
    const remaining = Math.max(0, this.limit - window.count);
    const reset = Math.max(1, Math.ceil((window.windowStart + 60_000 - nowMs) / 1000));
    const headers = {
      'x-rate-limit': String(this.limit),
      'x-rate-limit-remaining': String(remaining),
      'ratelimit-limit': String(this.limit),
      'ratelimit-remaining': String(remaining),
      'ratelimit-reset': String(reset),
    };
    if (window.count > this.limit) {
      throw new HttpFailure(429, { error: 'TooManyRequests', description: 'Rate limit exceeded' }, { ...headers, 'retry-after': String(reset) });
    }
    return headers;
  }
}
