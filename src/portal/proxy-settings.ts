/**
 * What the CLI needs to know about proxies before any is used: whether a proxy variable is set at
 * all (when none is, src/portal/proxy.ts is never loaded), how a proxy is named in messages (its
 * credentials redacted), and how a failure through one is described.
 *
 * The variables are curl's (https://curl.se/docs/manpage.html#ENVIRONMENT): http_proxy,
 * HTTPS_PROXY, ALL_PROXY and NO_PROXY, in lowercase or uppercase, lowercase winning.
 */
import { NetworkCode, type NetworkError } from './transport.js';

export const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY'] as const;

/** Whether any variable names a proxy. NO_PROXY alone changes nothing. */
export function proxyConfigured(env: NodeJS.ProcessEnv): boolean {
  return PROXY_VARIABLES.some((name) => Boolean(env[name]));
}

/** A proxy URL for messages and logs: scheme, host and port; a user name or password becomes `***`. */
export function redactProxyUrl(proxy: URL): string {
  const auth = proxy.username || proxy.password ? '***@' : '';
  return `${proxy.protocol}//${auth}${proxy.host}`;
}

export const PROXY_HINT =
  'Check the proxy variables (HTTPS_PROXY, HTTP_PROXY; NO_PROXY for hosts reached directly): `sigma-support help environment`.';

/**
 * The message for a failure of a call that went through a proxy (error.proxy is set), or undefined
 * for a direct one. A failure to connect or resolve concerns the proxy itself: the portal's address
 * is resolved by the proxy.
 */
export function describeProxyFailure(error: NetworkError, portalHost: string, action: string, seconds: number): { message: string; hint: string } | undefined {
  const proxy = error.proxy;
  if (proxy === undefined) return undefined;
  const code = error.code;
  if (code === NetworkCode.proxyRefused) return { message: `${error.message} while ${action}`, hint: PROXY_HINT };
  if (code === 'ECONNREFUSED') return { message: `cannot reach the proxy ${proxy} (connection refused) while ${action}`, hint: PROXY_HINT };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { message: `cannot find the host of the proxy ${proxy} while ${action}`, hint: PROXY_HINT };
  if (code === NetworkCode.connectTimeout) return { message: `the proxy ${proxy} did not connect to ${portalHost} within ${seconds} s while ${action}`, hint: PROXY_HINT };
  // The deadline of a call may end while the proxy itself has not yet answered its CONNECT: either may be the silent one.
  if (code === NetworkCode.answerTimeout) return { message: `no answer from ${portalHost} through the proxy ${proxy} within ${seconds} s while ${action}`, hint: `${PROXY_HINT} Or allow more time with --timeout.` };
  if (code === NetworkCode.untrustedCertificate) {
    return {
      message: `the certificate of ${portalHost} cannot be trusted (${error.message}; through the proxy ${proxy}) while ${action}`,
      hint: 'If the proxy re-signs HTTPS, point NODE_EXTRA_CA_CERTS at its CA certificate (a PEM file).',
    };
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') return { message: `the connection to ${portalHost} through the proxy ${proxy} was lost while ${action}`, hint: PROXY_HINT };
  return { message: `network error through the proxy ${proxy} while ${action}: ${error.message}`, hint: PROXY_HINT };
}
