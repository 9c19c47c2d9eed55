// A real forward proxy on loopback (proxy-chain), as a corporate network has: it asks for a user
// name and password, tunnels CONNECT, and resolves host names itself, so that `names` (fake host
// names) reach loopback only through it, as an intranet-only name would.
import type { LookupAddress, LookupOptions } from 'node:dns';
import { lookup } from 'node:dns';
import { Server } from 'proxy-chain';

export interface TestProxy {
  /** http://user:password@127.0.0.1:port */
  url: string;
  port: number;
  user: string;
  password: string;
  /** host:port of every tunnel or request it was asked for, in order. */
  targets: string[];
  close(): Promise<void>;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

export async function startTestProxy(names: readonly string[]): Promise<TestProxy> {
  const user = 'alice';
  const password = 'pr0xy-s3cret';
  const targets: string[] = [];
  const resolve = (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    if (!names.includes(hostname)) return lookup(hostname, options, callback as never);
    if (options.all) return callback(null, [{ address: '127.0.0.1', family: 4 }]);
    return callback(null, '127.0.0.1', 4);
  };
  const server = new Server({
    host: '127.0.0.1',
    port: 0,
    prepareRequestFunction: ({ username, password: given, hostname, port }) => {
      targets.push(`${hostname}:${port}`);
      return { requestAuthentication: username !== user || given !== password, dnsLookup: resolve as never };
    },
  });
  await server.listen();
  return {
    url: `http://${user}:${password}@127.0.0.1:${server.port}`,
    port: server.port,
    user,
    password,
    targets,
    close: () => server.close(true),
  };
}
