/** One call to the sandbox as its handlers see it, and what every resource shares. */
import type { IncomingMessage } from 'node:http';
import type { SandboxAccount } from './fixtures.js';
import type { FaultKind } from './faults.js';
import type { SandboxStore } from './store.js';

export interface PortalCall {
  req: IncomingMessage;
  url: URL;
  /** Who the credentials name; undefined for an anonymous call (auth.ts). */
  account: SandboxAccount | undefined;
  /** The fault this call met (faults.ts): for the journal, and for `unsorted`, which changes how a list sorts. */
  fault?: FaultKind;
}

export interface PortalEnv {
  store: SandboxStore;
  now(): Date;
  /** The sandbox's own origin, known once it listens. */
  base(): URL;
  /** An absolute URL under /api/v2. */
  api(path: string): string;
}
