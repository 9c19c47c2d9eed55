/**
 * The status page's address: Sigma's by default, or one given by flag, environment or config.
 * Kept free of heavy imports: `--help` shows the default.
 */
import { isLoopbackHost } from '../portal/portal-url.js';

export const DEFAULT_STATUS_URL = 'https://status.sigmacomputing.com';

/** An error reading the status page, in words for one line. */
export class StatusPageError extends Error {}

/** The status page address as given (flag, environment, config): its origin and path, without query. */
export function parseStatusUrl(input: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(input.includes('://') ? input : `https://${input}`);
  } catch {
    throw new StatusPageError(`${source}: "${input}" is not a URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new StatusPageError(`${source}: "${input}" must be an https URL (http only on loopback)`);
  }
  if (url.username || url.password) throw new StatusPageError(`${source}: the URL must not carry a user name or password`);
  return new URL(`${url.origin}${url.pathname.replace(/\/+$/, '')}`);
}


/** Where a sandbox portal serves its status page (Statuspage's paths below it). */
export const STATUS_PATH = '/status';
