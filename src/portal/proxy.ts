/**
 * Calls through a corporate proxy. Loaded only when a proxy variable is set (proxy-settings.ts), so
 * nothing here costs anything without one.
 *
 * For each URL, proxy-from-env decides from the variables whether a proxy applies, and which:
 * https_proxy for https, http_proxy for http, all_proxy for either, unless NO_PROXY lists the host
 * (`host`, `.domain` or `*.domain` for its subdomains, an IP address, any of these with `:port`, or
 * `*` for every host). A call through a proxy is sent by undici's ProxyAgent: a CONNECT tunnel, the
 * portal's own TLS inside it, the proxy URL's user name and password sent as Proxy-Authorization
 * and never printed (redactProxyUrl).
 */
import { getProxyForUrl } from 'proxy-from-env';
import { UsageError } from '../errors.js';
import { isLoopbackHost } from './portal-url.js';
import { redactProxyUrl } from './proxy-settings.js';
import { NetworkCode, NetworkError, type Transport, type TransportOptions } from './transport.js';
import { undiciTransport } from './undici-transport.js';

/** One transport per proxy in use, each a pool of tunnels. */
export class ProxyRoutes {
  private readonly transports = new Map<string, Transport>();
  constructor(private readonly options: TransportOptions) {}

  /** The transport through the proxy that applies to this URL; undefined when the call goes direct. */
  transportFor(url: URL): Transport | undefined {
    const proxy = proxyFor(url);
    if (!proxy) return undefined;
    let transport = this.transports.get(proxy.href);
    if (!transport) {
      transport = throughProxy(undiciTransport({ ...this.options, proxy }), redactProxyUrl(proxy));
      this.transports.set(proxy.href, transport);
    }
    return transport;
  }

  async close(): Promise<void> {
    await Promise.all([...this.transports.values()].map((t) => t.close()));
    this.transports.clear();
  }
}

/** The proxy for a URL, or undefined to go direct. A variable that is not a usable proxy URL is an error (exit 2). */
export function proxyFor(url: URL, env: NodeJS.ProcessEnv = process.env): URL | undefined {
  if (!getProxyForUrl(url)) return undefined;
  // The variable that applies, found in proxy-from-env's order, to name it and to read its own value:
  // a proxy given without a scheme is an http proxy, as curl takes it (proxy-from-env would borrow the portal's).
  const scheme = url.protocol.slice(0, -1);
  const variable = [`${scheme}_proxy`, `${scheme.toUpperCase()}_PROXY`, 'all_proxy', 'ALL_PROXY'].find((name) => env[name])!;
  const value = env[variable]!;
  let proxy: URL;
  try {
    proxy = new URL(value.includes('://') ? value : `http://${value}`);
  } catch {
    // The value itself is not repeated: it may hold a password.
    throw new UsageError(`${variable} is not a URL`, 'Give the proxy as http://host:port, or http://user:password@host:port.');
  }
  if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:') {
    throw new UsageError(`${variable}: a ${proxy.protocol.slice(0, -1)} proxy is not supported`, 'Give an http:// or https:// proxy.');
  }
  // A portal on this machine's loopback (a sandbox; the only place plain http is allowed, portal-url.ts)
  // cannot be reached through a proxy elsewhere, whose loopback is its own: it is reached directly,
  // and its plain http never leaves the machine.
  if (isLoopbackHost(url.hostname) && !isLoopbackHost(proxy.hostname)) return undefined;
  return proxy;
}

/** Why a proxy may answer CONNECT with something else than 200. */
function refusal(status: number): string {
  if (status === 407) return 'it wants a user name and password, or refused the ones in the proxy URL';
  if (status === 403) return 'the proxy does not allow it';
  if (status === 502 || status === 503 || status === 504) return 'the proxy could not reach it';
  return 'the proxy refused';
}

/** Marks each failure with the proxy it went through, and names a refused CONNECT. */
function throughProxy(inner: Transport, proxy: string): Transport {
  return {
    async send(exchange) {
      try {
        return await inner.send(exchange);
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error;
        // undici reports a CONNECT answered with another status than 200 as an abort with this message.
        const refused = /Proxy response \((\d+)\) !== 200/.exec(String((error.cause as Error | undefined)?.message));
        const marked = refused
          ? new NetworkError(`the proxy ${proxy} refused to connect to ${exchange.url.host} (HTTP ${refused[1]}: ${refusal(Number(refused[1]))})`, NetworkCode.proxyRefused, { cause: error })
          : error;
        marked.proxy = proxy;
        throw marked;
      }
    },
    close: () => inner.close(),
  };
}
