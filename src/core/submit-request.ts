/**
 * The core path of `submit`: upload the attachments, then create the request with their tokens.
 * It knows nothing of terminals: progress goes to callbacks.
 */
import type { PortalApi, CreatedRequest } from '../portal/portal-api.js';
import type { CreateRequestBody } from '../portal/schemas.js';
import { InterruptedError, OutcomeUnknownError, PortalError } from '../errors.js';
import { createOnce, lookUpCreated, unlessGivenUp, type CreateOptions } from './create-request.js';
import type { SeverityMapping } from '../severity/field.js';
import { isSendable, LEVELS } from '../severity/levels.js';
import { deleteUploads, uploadAttachments, type UploadOptions, type UploadedAttachment } from './uploads.js';
import { unsendableSeverityError, type ValidRequest } from './validate-request.js';
import type { SentRequest } from './recorded-check.js';

/** The form chosen for this request (form-fields.ts) wins over the Severity mapping's default form. */
const formIdOf = (request: ValidRequest, severity: SeverityMapping) => (request.form ? request.form.id : severity.formId);

export function buildCreateBody(request: ValidRequest, severity: SeverityMapping, uploadTokens: readonly string[]): CreateRequestBody {
  return {
    request: {
      subject: request.subject,
      comment: { body: request.description, ...(uploadTokens.length > 0 ? { uploads: [...uploadTokens] } : {}) },
      ...(request.cc.length > 0 ? { email_ccs: request.cc.map((user_email) => ({ user_email, action: 'put' as const })) } : {}),
      ...(severity.kind === 'priority' ? { priority: severity.tags[request.severity.level] } : {}),
      custom_fields: [...(severity.kind === 'priority' ? [] : [{ id: severity.fieldId, value: severity.tags[request.severity.level] }]), ...(request.form?.customFields ?? [])],
      ...(formIdOf(request, severity) !== undefined ? { ticket_form_id: formIdOf(request, severity) } : {}),
      ...(request.followUpOf !== undefined ? { via_followup_source_id: request.followUpOf } : {}),
    },
  };
}

export interface SubmitOptions extends UploadOptions, Omit<CreateOptions, 'onChecking' | 'signal' | 'now'> {
  now: () => Date;
  onStage?: (stage: 'uploading' | 'creating' | 'checking') => void;
  /**
   * Awaited once before the first create is sent, with the time it is sent: the caller keeps a
   * draft then, so that a crash during the create leaves a trace. If it throws, nothing is sent.
   */
  beforeCreate?: (at: Date) => Promise<void>;
  /** An earlier try sent a create at this time: look for that request before doing anything. */
  createSentBefore?: Date | undefined;
  /**
   * The subject and description that earlier create carried, as sent: looked for instead of this
   * request's, which a recovered run may have changed (another description, an S0 category line).
   */
  createSentAs?: { subject: string; description: string } | undefined;
  /**
   * Asks the portal for its Severity field again, past any cache. Given, a create refused as
   * invalid (422) is sent once more when the field turns out to have changed since it was cached.
   */
  rediscoverSeverity?: () => Promise<SeverityMapping>;
}

export interface SubmitResult extends CreatedRequest {
  uploads: UploadedAttachment[];
  /** True when no answer came to the create and the request was then found among the user's latest. */
  foundAfterNoAnswer: boolean;
  /** What the create sent, to compare with what the portal recorded (recorded-check.ts). */
  sent: SentRequest;
}

/** Upload tokens live 60 minutes; older than this, they are uploaded again before the create. */
const TOKEN_SAFE_AGE_MS = 55 * 60 * 1000;
/** Rounds of uploading stale files again. Each round re-sends only files that went stale, so fewer. */
const REUPLOAD_ROUNDS = 3;

/**
 * Uploads again the files whose tokens are near the end of their 60 minutes (on a slow link the
 * first files of a large set can get there while the last are still going), and deletes the old
 * tokens. If an upload fails, every token made is deleted and the error thrown.
 */
async function refreshStaleUploads(api: PortalApi, uploads: UploadedAttachment[], options: SubmitOptions): Promise<UploadedAttachment[]> {
  let current = uploads;
  for (let round = 0; round < REUPLOAD_ROUNDS; round++) {
    const now = options.now().getTime();
    const stale = current.filter((u) => now - u.startedAt.getTime() > TOKEN_SAFE_AGE_MS);
    if (stale.length === 0) break;
    await deleteUploads(api, stale.map((u) => u.token));
    const kept = current.filter((u) => !stale.includes(u));
    let fresh: UploadedAttachment[];
    try {
      fresh = await uploadAttachments(api, stale.map((u) => u.attachment), options);
    } catch (error) {
      await deleteUploads(api, kept.map((u) => u.token));
      throw error;
    }
    current = current.map((u) => (stale.includes(u) ? fresh.find((f) => f.attachment === u.attachment)! : u));
  }
  return current;
}

/**
 * Uploads, then creates (see create-request.ts: a create is never blindly sent twice). When an
 * earlier try may have created the request, it is looked for first, and nothing is sent while that
 * cannot be settled. Uploads are deleted when the request was certainly not created, and kept when
 * it may have been (it may be using them). An S0 is sent only with its confirmation: the type says
 * so, and it is checked again here, before anything is sent, whatever a caller may have cast.
 */
export async function submitRequest(api: PortalApi, request: ValidRequest, severity: SeverityMapping, options: SubmitOptions): Promise<SubmitResult> {
  if (!isSendable(request.severity)) throw unsendableSeverityError(request.severity);
  const sentWith = (body: CreateRequestBody, mapping: SeverityMapping): SentRequest => ({ body, severityFieldId: mapping.kind === 'priority' ? undefined : mapping.fieldId, severity: request.severity.level });
  if (options.createSentBefore) {
    options.onStage?.('checking');
    const sentAs = options.createSentAs ?? request;
    const lookup = lookUpCreated(api, sentAs.subject, sentAs.description, options.createSentBefore, 'an earlier try sent the create and got no clear answer');
    const earlier = await unlessGivenUp(lookup, options.giveUp, 'the lookup of the request an earlier try may have created');
    if (earlier) return { request: earlier, idempotencyLookup: undefined, uploads: [], foundAfterNoAnswer: true, sent: sentWith(buildCreateBody(request, severity, []), severity) };
    if (options.signal?.aborted) {
      const reason = options.signal.reason instanceof Error ? options.signal.reason.message : 'Interrupted.';
      throw new InterruptedError(`${reason} The request an earlier try may have created is not among your latest requests: nothing was created.`);
    }
  }
  if (request.attachments.length > 0) options.onStage?.('uploading');
  const uploads = await refreshStaleUploads(api, await uploadAttachments(api, request.attachments, options), options);
  const tokens = uploads.map((u) => u.token);
  let mayExist = false;
  let drafted = false;
  const create = async (mapping: SeverityMapping, idempotencyKey: string): Promise<SubmitResult> => {
    const body = buildCreateBody(request, mapping, tokens);
    if (options.signal?.aborted) throw options.signal.reason;
    if (!drafted) {
      await options.beforeCreate?.(options.now());
      drafted = true;
    }
    options.onStage?.('creating');
    const outcome = await createOnce(api, body, {
      ...options,
      idempotencyKey,
      onCreateSent: (at) => {
        mayExist = true;
        options.onCreateSent?.(at);
      },
      onChecking: () => options.onStage?.('checking'),
    });
    return { ...outcome, uploads, sent: sentWith(body, mapping) };
  };
  try {
    try {
      return await create(severity, options.idempotencyKey);
    } catch (error) {
      const known = !(error instanceof OutcomeUnknownError) && !(error instanceof PortalError && error.outcomeUnknown);
      const refused = known && error instanceof PortalError && error.status === 422;
      const fresh = refused ? await options.rediscoverSeverity?.().catch(() => undefined) : undefined;
      // refused, so not created: a Ctrl-C during that read (taken above for a failure) stops here
      if (refused && !fresh && options.signal?.aborted) throw options.signal.reason;
      if (!fresh || sameSeverityField(fresh, severity)) throw error;
      // The Severity field changed since it was cached. Nothing was created (422), so the create
      // goes again with the field as it is now, under its own key (the first body was different).
      return await create(fresh, `${options.idempotencyKey}.2`);
    }
  } catch (error) {
    // A create refused outright (4xx) took no upload; one with an unknown outcome may have.
    const unknown = error instanceof OutcomeUnknownError || (error instanceof PortalError && error.outcomeUnknown);
    if (!mayExist || !unknown) await deleteUploads(api, tokens);
    throw error;
  }
}

function sameSeverityField(a: SeverityMapping, b: SeverityMapping): boolean {
  return a.fieldId === b.fieldId && a.formId === b.formId && LEVELS.every((l) => a.tags[l] === b.tags[l]);
}
