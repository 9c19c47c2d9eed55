/**
 * Reads the status page's summary over Node's own http(s) module, bounded: one deadline for the
 * whole exchange, at most STATUS_LIMITS.bytes of answer, and no redirect followed (the answer must
 * come from the configured origin). No credentials are ever sent to it.
 */
import { readSummary, STATUS_LIMITS, StatusPageError, type StatusSummary } from './status-summary.js';

export interface FetchStatusOptions {
  timeoutMs: number;
  userAgent: string;
  signal?: AbortSignal | undefined;
  maxBytes?: number;
}

/** `<base>/api/v2/summary.json`, keeping any path the page lives under. */
export function summaryUrl(base: URL): URL {
  return new URL(`${base.pathname.replace(/\/+$/, '')}/api/v2/summary.json`, base.origin);
}

export async function fetchStatus(base: URL, options: FetchStatusOptions): Promise<StatusSummary> {
  const url = summaryUrl(base);
  const maxBytes = options.maxBytes ?? STATUS_LIMITS.bytes;
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  // Loaded when the page is read (before S0 and S1 only), and https (with tls) only for an https
  // page: every submit imports this module.
  const { request: send } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const body = await new Promise<string>((resolve, reject) => {
    const req = send(url, { method: 'GET', headers: { accept: 'application/json', 'user-agent': options.userAgent }, signal }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        res.resume();
        return reject(new StatusPageError(`it redirected elsewhere (HTTP ${status}), which is not followed`));
      }
      if (status !== 200) {
        res.resume();
        return reject(new StatusPageError(`it answered HTTP ${status}`));
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        res.destroy();
        return reject(new StatusPageError(`its answer is too large (${declared} bytes)`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          res.destroy();
          reject(new StatusPageError(`its answer is larger than ${maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (deadline.aborted) reject(new StatusPageError(`no answer within ${Math.round(options.timeoutMs / 100) / 10} s`));
      else if (options.signal?.aborted) reject(options.signal.reason);
      else reject(new StatusPageError(error.code ?? error.message));
    });
    req.end();
  });
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new StatusPageError('its answer is not JSON');
  }
  return readSummary(json, base);
}
