// proxy-from-env ships no types: https://github.com/Rob--W/proxy-from-env#readme
declare module 'proxy-from-env' {
  /** The proxy URL for this URL from the *_PROXY and NO_PROXY variables; '' for none. */
  export function getProxyForUrl(url: string | URL): string;
}
