/**
 * Sending the create, exactly once. A create is sent blindly again only when it certainly did not
 * take effect (a 429, or a connection that could not be opened). Any other failure without a clear
 * refusal (a 5xx, a reset, a timeout, an answer that cannot be read) leaves its outcome unknown:
 * the request is then looked up among the user's latest, and nothing is sent again unless that
 * lookup answered and the request is not there. When the question cannot be settled, the caller
 * gets an OutcomeUnknownError (exit 5) and keeps the draft.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { InterruptedError, OutcomeUnknownError, PortalError } from '../errors.js';
import type { CreatedRequest, PortalApi } from '../portal/portal-api.js';
import { backoffMs, DEFAULT_RETRY_POLICY, retryOnNetworkError } from '../portal/retry-policy.js';
import type { CreateRequestBody, PortalRequest } from '../portal/schemas.js';

export interface CreateRetryNotice {
  reason: string;
  waitMs: number;
  /** The attempt about to be made (2 for the first retry) and the most there will be. */
  attempt: number;
  attempts: number;
}

export interface CreateOptions {
  idempotencyKey: string;
  now: () => Date;
  /** Tries after the first, for a 429 or a connection that could not be opened. */
  retries?: number;
  onRetry?: (notice: CreateRetryNotice) => void;
  /** Told synchronously just before each create leaves: from then on it may take effect. */
  onCreateSent?: (at: Date) => void;
  onChecking?: () => void;
  /** The user asked to stop: no create is sent after this, and none sent again. */
  signal?: AbortSignal | undefined;
  /** The user stopped waiting for the answer: the outcome is then unknown. */
  giveUp?: AbortSignal | undefined;
}

export interface CreateOutcome extends CreatedRequest {
  /** No usable answer came to the create, and the request was then found among the user's latest. */
  foundAfterNoAnswer: boolean;
}

/** Room for the portal's clock being behind ours when looking for a request (or a reply) "created since". */
export const CLOCK_SKEW_MS = 2 * 60 * 1000;

const MAY_EXIST_HINT =
  'Do not file it again by hand: `sigma-support submit --recover <draft>` looks for it first and files it only if it is not there. `sigma-support requests list` shows your latest requests.';

/**
 * Looks for the request created since `sentAt`. Resolves undefined only when the portal answered
 * and the request is not there; a lookup that failed throws OutcomeUnknownError.
 */
export async function lookUpCreated(api: PortalApi, subject: string, description: string, sentAt: Date, why: string): Promise<PortalRequest | undefined> {
  try {
    return await api.findRecentRequest(subject, description, new Date(sentAt.getTime() - CLOCK_SKEW_MS));
  } catch (error) {
    const said = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new OutcomeUnknownError(`the request may have been created: ${why}, and looking for it failed (${said})`, MAY_EXIST_HINT, { cause: error });
  }
}

/** Resolves with the value, or rejects with OutcomeUnknownError once `giveUp` is aborted. */
export function unlessGivenUp<T>(work: Promise<T>, giveUp: AbortSignal | undefined, waitingFor = 'the portal to answer the create'): Promise<T> {
  if (!giveUp) return work;
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(new OutcomeUnknownError(`the request may have been created: you stopped waiting for ${waitingFor}`, MAY_EXIST_HINT));
    if (giveUp.aborted) return stop();
    giveUp.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => giveUp.removeEventListener('abort', stop));
  });
}

/** Whether this failure of a create left it certainly not created, and worth the same call again. */
function retryable(error: unknown): error is PortalError {
  if (!(error instanceof PortalError) || error.outcomeUnknown) return false;
  return error.status === 429 || (error.status === undefined && retryOnNetworkError('create', error.code));
}

/** One create, sent again only after a 429 or a connection that could not be opened. */
async function sendWithRetries(api: PortalApi, body: CreateRequestBody, options: CreateOptions): Promise<CreatedRequest> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...(options.retries !== undefined ? { retries: options.retries } : {}) };
  let waited = 0;
  for (let retry = 0; ; retry++) {
    // Checked after the last await: from here the create leaves, and a Ctrl-C only stops the waiting.
    if (options.signal?.aborted) throw options.signal.reason;
    options.onCreateSent?.(options.now());
    try {
      return await api.createRequest(body, options.idempotencyKey);
    } catch (error) {
      if (!retryable(error) || retry >= policy.retries) throw error;
      const wait = error.retryAfterMs ?? backoffMs(retry, policy);
      if (waited + wait > policy.maxTotalWaitMs) throw error;
      const reason = error.status === 429 ? 'the portal is rate-limiting' : error.message.replace(/ while .*$/, '');
      options.onRetry?.({ reason, waitMs: wait, attempt: retry + 2, attempts: policy.retries + 1 });
      await sleep(wait, undefined, options.signal ? { signal: options.signal } : {}).catch(() => {});
      waited += wait;
    }
  }
}

/**
 * Creates the request: sends it, and when the outcome is unknown looks it up. When the lookup
 * answered and the request is not there, it was not created: the create is sent once more (same
 * key, same body), unless the user asked to stop. A second unknown outcome that the lookup also
 * settles as "not there" ends with that failure (the uploads stay, in case). Errors that leave the
 * request possibly created are OutcomeUnknownError.
 */
export async function createOnce(api: PortalApi, body: CreateRequestBody, options: CreateOptions): Promise<CreateOutcome> {
  const { subject, comment } = body.request;
  const sentAt = options.now();
  const attempt = async (final: boolean): Promise<CreateOutcome> => {
    try {
      return { ...(await sendWithRetries(api, body, options)), foundAfterNoAnswer: false };
    } catch (error) {
      if (!(error instanceof PortalError && error.outcomeUnknown)) throw error;
      const why = error.message.split('\n')[0]!;
      options.onChecking?.();
      const found = await lookUpCreated(api, subject, comment.body, sentAt, why);
      if (found) return { request: found, idempotencyLookup: undefined, foundAfterNoAnswer: true };
      if (options.signal?.aborted) {
        const reason = options.signal.reason instanceof Error ? options.signal.reason.message : 'Interrupted.';
        throw new InterruptedError(`${reason} The request is not among your latest requests: it was not created.`);
      }
      if (final) {
        const settled = new PortalError(`${why}; the request is not among your latest requests, so it was not created`, error.status, error.hint, { cause: error, code: error.code });
        settled.outcomeUnknown = true; // its uploads are kept all the same: they expire on their own
        throw settled;
      }
      // However the second send ends, the first one may yet show up (a listing can lag behind a
      // create): its uploads are kept, and nothing is sent again under another key.
      return attempt(true).catch((again: unknown) => {
        if (again instanceof PortalError) again.outcomeUnknown = true;
        throw again;
      });
    }
  };
  return unlessGivenUp(attempt(false), options.giveUp);
}
