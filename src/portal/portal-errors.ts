import { AuthError, PortalError, type CliError } from '../errors.js';
import { sanitize } from '../terminal/sanitize.js';

/**
 * The error envelope Zendesk sends (https://developer.zendesk.com/api-reference/introduction/requests/):
 * error, description, and details by field on a 422. Anything may be missing, or not JSON at all.
 */
interface ErrorEnvelope {
  error?: unknown;
  description?: unknown;
  details?: unknown;
}

function parseEnvelope(text: string): ErrorEnvelope | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as ErrorEnvelope) : undefined;
  } catch {
    return undefined;
  }
}

/** A text of the portal's, on one line and unable to drive a terminal: it ends up in messages, drafts and status output. */
function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? sanitize(value.trim()) : undefined;
}

/** "Forbidden: You do not have access" from either shape of `error`. */
function summary(envelope: ErrorEnvelope | undefined): string | undefined {
  if (!envelope) return undefined;
  const { error, description } = envelope;
  if (error && typeof error === 'object') {
    const { title, message } = error as { title?: unknown; message?: unknown };
    return [str(title), str(message)].filter(Boolean).join(': ') || undefined;
  }
  return [str(error), str(description)].filter(Boolean).join(': ') || undefined;
}

/** Every validation detail, one line each, by field: "subject: Subject: cannot be blank". */
export function validationDetails(details: unknown): string[] {
  if (!details || typeof details !== 'object') return [];
  const lines: string[] = [];
  for (const [key, entries] of Object.entries(details as Record<string, unknown>)) {
    for (const entry of Array.isArray(entries) ? entries : [entries]) {
      if (entry && typeof entry === 'object') {
        const { description, error, field_key: fieldKey } = entry as Record<string, unknown>;
        const field = str(fieldKey) ?? (typeof fieldKey === 'number' ? String(fieldKey) : sanitize(key));
        lines.push(`${field}: ${str(description) ?? str(error) ?? 'invalid'}`);
      } else if (str(entry)) {
        lines.push(`${sanitize(key)}: ${str(entry)}`);
      }
    }
  }
  return lines;
}

export interface ErrorContext {
  /** What was being done, e.g. "creating the request" or "uploading crash.log". */
  action: string;
  portal: URL;
  /** How to provide or fix credentials, shown on 401/403. */
  authHint: string;
}

/** Turns a non-2xx answer into words the user can act on, with the right exit code. */
export function describeHttpError(status: number, bodyText: string, ctx: ErrorContext): CliError {
  const envelope = parseEnvelope(bodyText);
  const said = summary(envelope);
  const where = ctx.portal.host;
  switch (true) {
    case status === 401:
      return new AuthError(`${where} did not accept the credentials while ${ctx.action} (HTTP 401)`, ctx.authHint);
    case status === 403:
      return new AuthError(
        `${where} refused access while ${ctx.action} (HTTP 403${said ? `: ${said}` : ''})`,
        'The account may lack permission, or its email address may be unverified. ' + ctx.authHint,
      );
    case status === 404:
      return new PortalError(
        `${where} answered "not found" while ${ctx.action} (HTTP 404)`,
        status,
        `Check the portal URL (${ctx.portal.origin}): it must be the Help Center's own address.`,
      );
    case status === 413:
      return new PortalError(`${where} refused ${ctx.action}: too large (HTTP 413)`, status);
    case status === 422: {
      const lines = validationDetails(envelope?.details);
      const head = `${where} refused ${ctx.action} (HTTP 422${said ? `: ${said}` : ''})`;
      return new PortalError(lines.length ? `${head}:\n${lines.map((l) => `  - ${l}`).join('\n')}` : head, status);
    }
    case status === 429:
      return new PortalError(`${where} is rate-limiting requests (HTTP 429) while ${ctx.action}`, status, 'Wait a minute and run the command again.');
    case status >= 500:
      return new PortalError(
        envelope
          ? `${where} failed while ${ctx.action} (HTTP ${status}${said ? `: ${said}` : ''}): this is a problem on the portal's side`
          : `unexpected answer from the portal (HTTP ${status}) while ${ctx.action}: a failure on the portal's side, or on the way to it`,
        status,
        'Try again in a few minutes.',
      );
    default:
      return new PortalError(`${where} refused ${ctx.action} (HTTP ${status}${said ? `: ${said}` : ''})`, status);
  }
}

export function unexpectedAnswer(status: number, ctx: Pick<ErrorContext, 'portal' | 'action'>): PortalError {
  return new PortalError(`unexpected answer from the portal (HTTP ${status}) while ${ctx.action}`, status, `Check that ${ctx.portal.origin} is the Sigma support portal.`);
}
