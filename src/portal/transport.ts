/**
 * How one HTTP exchange reaches the portal. Two transports carry them: Node's own http module for
 * every direct call, JSON and streamed uploads alike (it is part of Node, so it costs nothing to
 * load), and undici for calls through a proxy (loaded only when a proxy variable is set). Both
 * report failures the same way, so the retry rules and messages in http-client.ts and
 * retry-policy.ts do not care which one was used.
 *
 * Both hold the same bounds: they send only to the portal's origin (checked on every exchange, so a
 * URL from anywhere else never carries the credentials), give each exchange an overall deadline as
 * well as an idle timer, and read at most MAX_ANSWER_BYTES of an answer (answer-body.ts).
 */

export interface Exchange {
  method: string;
  url: URL;
  headers: Record<string, string>;
  /** A string (sent with its length), or chunks streamed with the length given in the headers. */
  body: string | AsyncIterable<Uint8Array> | undefined;
  signal: AbortSignal | undefined;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface Transport {
  send(exchange: Exchange): Promise<Answer>;
  /** Closes idle connections; waits for none. */
  close(): Promise<void>;
}

export interface TransportOptions {
  /**
   * Bound for connecting, for each wait on the portal (for the answer, between its chunks), and for
   * the whole exchange: from its start, or for a streamed body from its last byte sent.
   */
  timeoutMs: number;
  /** The only origin this transport sends to: the portal's. */
  origin: string;
  /** A proxy to tunnel through with CONNECT (undici only; see proxy.ts). */
  proxy?: URL | undefined;
}

/**
 * Codes for failures that have no system code. Everything else keeps the system's (ECONNREFUSED,
 * ECONNRESET, ENOTFOUND, EAI_AGAIN, EPIPE...).
 */
export const NetworkCode = {
  /** No connection within the timeout: nothing was sent. */
  connectTimeout: 'CONNECT_TIMEOUT',
  /** Connected and sent, then no answer (or no more of it) within the timeout. */
  answerTimeout: 'ANSWER_TIMEOUT',
  /** A streamed body gave fewer or more bytes than its stated length (the file changed). */
  lengthMismatch: 'LENGTH_MISMATCH',
  /** The portal's TLS certificate could not be verified: nothing was sent. */
  untrustedCertificate: 'UNTRUSTED_CERTIFICATE',
  /** The answer was larger than the cap, or would parse to too many values (answer-body.ts): not read. */
  answerTooLarge: 'ANSWER_TOO_LARGE',
  /** The exchange was for another origin than the portal's: refused, nothing was sent. */
  foreignOrigin: 'FOREIGN_ORIGIN',
  /** The proxy answered CONNECT with something else than 200: nothing reached the portal. */
  proxyRefused: 'PROXY_REFUSED',
  /** The command had ended and closed its client: the call was not sent. */
  clientClosed: 'CLIENT_CLOSED',
  /** The credentials could not be had for the call (an OAuth refresh failed): it was not sent. */
  noCredentials: 'NO_CREDENTIALS',
} as const;

/** Node's (OpenSSL's) codes for a certificate that cannot be verified. */
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The code a transport reports for a system error: its own, or one of NetworkCode. */
export function networkCodeOf(code: string | undefined): string | undefined {
  return code !== undefined && CERTIFICATE_CODES.has(code) ? NetworkCode.untrustedCertificate : code;
}

/** Refuses an exchange for any origin but the portal's, before a connection is opened. */
export function ensurePortalOrigin(url: URL, options: TransportOptions): void {
  if (url.origin !== options.origin) throw new NetworkError(`refused to send to ${url.origin}: it is not the portal`, NetworkCode.foreignOrigin);
}

/** A failure with no answer from the portal. */
export class NetworkError extends Error {
  readonly code: string | undefined;
  /** The proxy the call went through (credentials redacted); undefined for a direct call. */
  proxy: string | undefined = undefined;
  constructor(message: string, code: string | undefined, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NetworkError';
    this.code = code;
  }
}
