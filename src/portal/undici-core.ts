/**
 * The parts of undici the CLI uses, imported from the files that define them. undici's index also
 * loads fetch, WebSocket, caches and mocks (twice the code to parse on every start); this loads
 * the connection pool and the `request` call only. undici ships no types for these files, so the
 * declarations below borrow the public ones.
 *
 * It also keeps Node 20 from compiling undici's HTTP parser (WebAssembly) with its optimizing
 * compiler: on Node 20.20 that added about 60 ms and 35 MB to every process that made one request
 * (measured in BENCHMARKS.md). The baseline compiler is ample for parsing a few small answers.
 */
import { setFlagsFromString } from 'node:v8';
import type { Dispatcher } from 'undici';
import AgentClass from 'undici/lib/dispatcher/agent.js';
import apiRequest from 'undici/lib/api/api-request.js';
import undiciErrors from 'undici/lib/core/errors.js';

setFlagsFromString('--liftoff-only');

export const Agent = AgentClass;
export const errors = undiciErrors;

/** What a request may carry. undici also takes async iterables, which its types leave out. */
export type RequestBody = string | AsyncIterable<Uint8Array> | null;

/** undici's `request`, sent through the given dispatcher. */
export function request(dispatcher: Dispatcher, options: Omit<Dispatcher.RequestOptions, 'body'> & { body: RequestBody }): Promise<Dispatcher.ResponseData> {
  return apiRequest.call(dispatcher, options as Dispatcher.RequestOptions);
}
