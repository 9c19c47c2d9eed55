/**
 * Idempotency keys on creates, as https://developer.zendesk.com/api-reference/introduction/idempotency/
 * describes: for two hours, the same key with the same body answers the first answer again; with
 * another body, 400.
 */
import { createHash } from 'node:crypto';
import { HttpFailure } from './http-answer.js';

const IDEMPOTENCY_TTL_MS = 2 * 60 * 60 * 1000;

interface Seen {
  hash: string;
  expires: number;
  status: number;
  body: unknown;
}

export class IdempotencyKeys {
  private readonly seen = new Map<string, Seen>();

  static hashOf(json: unknown): string {
    return createHash('sha256').update(JSON.stringify(json)).digest('hex');
  }

  /** The answer given before under this key, if still kept; 400 thrown when the key came with another body. */
  replay(scope: string, key: string, hash: string, at: number): { status: number; body: unknown } | undefined {
    const seen = this.seen.get(`${scope}:${key}`);
    if (!seen || seen.expires <= at) return undefined;
    if (seen.hash !== hash) throw new HttpFailure(400, { error: 'IdempotentRequestError', description: 'Idempotency key was already used with a different request body' });
    return { status: seen.status, body: seen.body };
  }

  remember(scope: string, key: string, hash: string, at: number, status: number, body: unknown): void {
    this.seen.set(`${scope}:${key}`, { hash, expires: at + IDEMPOTENCY_TTL_MS, status, body });
  }
}
