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

/** The page a person opens to see a request, in the Help Center's language. */
export function requestPageUrl(portal: URL, id: number, locale: string): string {
  return requestPageUrls(portal, locale)(id);
}

/**
 * requestPageUrl for many requests of one portal (`requests list`): the URL is parsed once, and an
 * id (an integer: the answer's shape is checked) is written after it, as the URL parser would.
 */
export function requestPageUrls(portal: URL, locale: string): (id: number) => string {
  const prefix = new URL(`/hc/${encodeURIComponent(locale)}/requests/`, portal).toString();
  return (id) => `${prefix}${id}`;
}

/** The Help Center's language when neither the portal URL nor the config names one. */
export const DEFAULT_LOCALE = 'en-us';
export const HELP_CENTER_LOCALE = /^[a-z]{2,3}(-[a-z0-9]{2,8}){0,2}$/i;

/** The locale in a portal URL's /hc/<locale>/ path, as Help Center pages are addressed. */
export function localeOfUrl(input: string | undefined): string | undefined {
  if (!input) return undefined;
  try {
    const m = /^\/hc\/([^/]+)(\/|$)/.exec(new URL(input.includes('://') ? input : `https://${input}`).pathname);
    return m && HELP_CENTER_LOCALE.test(m[1]!) ? m[1]!.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/** The portal's own "Submit a request" form. */
export function newRequestPageUrl(portal: URL, locale = DEFAULT_LOCALE): string {
  return new URL(`/hc/${encodeURIComponent(locale)}/requests/new`, portal).toString();
}

/**
 * The Help Center sign-in page with `return_to`: once signed in (at once, if the browser already
 * is) it sends the browser on to `returnTo`, so a pre-filled form survives the sign-in. Help Center
 * pages are addressed /hc/<locale>/...: https://support.zendesk.com/hc/en-us (any article's URL).
 */
export function signInThenUrl(portal: URL, locale: string, returnTo: string): string {
  const url = new URL(`/hc/${encodeURIComponent(locale)}/signin`, portal);
  url.searchParams.set('return_to', returnTo);
  return url.toString();
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
