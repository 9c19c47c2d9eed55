/**
 * The core path of `submit`: upload the attachments, then create the request with their tokens.
 * It knows nothing of terminals: progress goes to callbacks.
 */
import type { PortalApi, CreatedRequest } from '../portal/portal-api.js';
import type { CreateRequestBody } from '../portal/schemas.js';
import type { SeverityMapping } from './severity-field.js';
import { deleteUploads, uploadAttachments, type UploadOptions, type UploadedAttachment } from './uploads.js';
import type { ValidRequest } from './validate-request.js';

export function buildCreateBody(request: ValidRequest, severity: SeverityMapping, uploadTokens: readonly string[]): CreateRequestBody {
  return {
    request: {
      subject: request.subject,
      comment: { body: request.description, ...(uploadTokens.length > 0 ? { uploads: [...uploadTokens] } : {}) },
      ...(request.cc.length > 0 ? { email_ccs: request.cc.map((user_email) => ({ user_email, action: 'put' as const })) } : {}),
      custom_fields: [{ id: severity.fieldId, value: severity.tags[request.severity] }],
      ...(severity.formId !== undefined ? { ticket_form_id: severity.formId } : {}),
    },
  };
}

export interface SubmitOptions extends UploadOptions {
  idempotencyKey: string;
  onStage?: (stage: 'uploading' | 'creating') => void;
}

export interface SubmitResult extends CreatedRequest {
  uploads: UploadedAttachment[];
}

export async function submitRequest(api: PortalApi, request: ValidRequest, severity: SeverityMapping, options: SubmitOptions): Promise<SubmitResult> {
  if (request.attachments.length > 0) options.onStage?.('uploading');
  const uploads = await uploadAttachments(api, request.attachments, options);
  options.onStage?.('creating');
  try {
    const created = await api.createRequest(buildCreateBody(request, severity, uploads.map((u) => u.token)), options.idempotencyKey);
    return { ...created, uploads };
  } catch (error) {
    await deleteUploads(api, uploads.map((u) => u.token));
    throw error;
  }
}
