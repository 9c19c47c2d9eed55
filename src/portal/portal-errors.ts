import { AuthError, PortalError, type CliError } from '../errors.js';
import { MAX_ANSWER_BYTES } from './answer-body.js';
import { describeProxyFailure } from './proxy-settings.js';
import { NetworkCode, NetworkError } from './transport.js';
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

/** A failure with no answer (transport.ts codes), in words, with what to do: the message names the host and the action. */
export function describeNetworkFailure(error: unknown, ctx: { portal: URL; action: string; timeoutMs: number }): PortalError {
  const code = error instanceof NetworkError ? error.code : undefined;
  const host = ctx.portal.host;
  const seconds = Math.round(ctx.timeoutMs / 1000);
  const action = ctx.action;
  const viaProxy = error instanceof NetworkError ? describeProxyFailure(error, host, action, seconds) : undefined;
  if (viaProxy) return new PortalError(viaProxy.message, undefined, viaProxy.hint, { cause: error, code });
  const timeout = code === NetworkCode.connectTimeout || code === NetworkCode.answerTimeout;
  let message: string;
  if (timeout) message = `${host} did not answer within ${seconds} s while ${action}`;
  else if (code === 'ECONNREFUSED') message = `cannot reach ${host} (connection refused) while ${action}`;
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') message = `cannot find the host ${ctx.portal.hostname} while ${action}`;
  else if (code === 'ECONNRESET' || code === 'EPIPE') message = `the connection to ${host} was lost while ${action}`;
  else if (code === NetworkCode.untrustedCertificate) message = `the certificate of ${host} cannot be trusted (${(error as Error).message}) while ${action}`;
  else if (code === NetworkCode.answerTooLarge) message = `the answer from ${host} ${(error as Error).message} while ${action}: it was not read`;
  else if (code === NetworkCode.foreignOrigin) message = `${(error as Error).message}, while ${action}: nothing was sent`;
  else if (((error as Error).cause as Error | undefined)?.name === 'AbortError') message = `${action} was stopped`;
  else message = `network error while ${action}: ${(error as Error).message}`;
  const hint = timeout
    ? 'Check your network, or allow more time with --timeout.'
    : code === NetworkCode.untrustedCertificate
      ? "Check the portal URL. If a proxy on your network re-signs HTTPS, point NODE_EXTRA_CA_CERTS at its CA certificate (a PEM file): Node's own setting, which this CLI honours."
      : code === NetworkCode.answerTooLarge
        ? `A support portal's answers are far smaller (the CLI reads at most ${MAX_ANSWER_BYTES / (1024 * 1024)} MB). Check the portal URL.`
        : 'Check your network and the portal URL.';
  return new PortalError(message, undefined, hint, { cause: error, code });
}

/** A 3xx: never followed, since the credentials would go with it. */
export function redirectNotFollowed(status: number, location: string, action: string): PortalError {
  return new PortalError(
    `the portal answered with a redirect (HTTP ${status}${location ? ` to ${location}` : ''}) while ${action}; it was not followed, so the credentials stayed here`,
    status,
    'Give the final address with --portal or SIGMA_SUPPORT_URL.',
  );
}

/** A path that would lead off the portal (`//host`, `/\host`, out of its folder): refused before anything is sent. */
export function pathOffPortal(path: string, portal: URL, action: string): PortalError {
  return new PortalError(`refused to send a call while ${action}: "${path}" does not lead to a page of ${portal.origin}`, undefined, "This is a fault of the CLI or of the portal's answer; nothing was sent. Report it with --debug output.", {
    code: NetworkCode.foreignOrigin,
  });
}

/** A call (or its next try) after the command ended and closed the client. */
export function stoppedAtEnd(action: string): PortalError {
  return new PortalError(`${action} was stopped: the command had ended`, undefined, undefined, { code: NetworkCode.clientClosed });
}
