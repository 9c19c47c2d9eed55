import { UsageError } from '../errors.js';

export const DEFAULT_PORTAL = 'https://support.sigmacomputing.com';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Reads a portal address as given by --portal or SIGMA_SUPPORT_URL. Only the origin counts, so a
 * pasted Help Center link works too. Plain http is refused except on loopback (the sandbox), so
 * credentials never travel unencrypted.
 */
export function parsePortalUrl(input: string, flagName = '--portal'): URL {
  let url: URL;
  try {
    url = new URL(input.includes('://') ? input : `https://${input}`);
  } catch {
    throw new UsageError(`${flagName}: "${input}" is not a URL`, 'Give the portal as https://support.example.com');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`${flagName}: "${input}" is not an http(s) URL`);
  }
  if (url.username || url.password) {
    throw new UsageError(`${flagName}: the URL must not carry a user name or password`, 'Credentials come from the environment or `sigma-support auth login`.');
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new UsageError(
      `${flagName}: plain http is refused for ${url.host}: credentials would travel unencrypted`,
      'Use https://, or http:// only for a sandbox on loopback (127.0.0.1 or localhost).',
    );
  }
  return new URL(url.origin);
}

/** The page a person opens to see a request. */
export function requestPageUrl(portal: URL, id: number): string {
  return new URL(`/hc/en-us/requests/${id}`, portal).toString();
}

/** The portal's own "Submit a request" form. */
export function newRequestPageUrl(portal: URL): string {
  return new URL('/hc/en-us/requests/new', portal).toString();
}

/**
 * The URL of a call: `path` (the portal's own, with any query) resolved once against the portal,
 * with `query` added. Undefined when it would leave the portal: another origin (`//host/…` and
 * `/\host/…` are both read as another host), or dot segments that climb out of the path given.
 */
export function resolveOnPortal(portal: URL, path: string, query: Record<string, string | undefined> = {}): URL | undefined {
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return undefined;
  const pathname = path.replace(/[?#].*$/s, '');
  if (/(^|\/)\.\.?(\/|$)|%2e/i.test(pathname) || pathname.includes('\\')) return undefined;
  let url: URL;
  try {
    url = new URL(path, portal);
  } catch {
    return undefined;
  }
  if (url.origin !== portal.origin) return undefined;
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
  return url;
}
