// The HTTP client for streamed uploads (src/portal/undici-transport.ts). See README.md here.
// Only the connection pool and the `request` call, from the files that define them: undici's index
// also loads fetch, WebSocket, caches and mocks (twice the code). undici types its index only;
// src/types/undici-files.d.ts borrows those types for these files.
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import connect from 'undici/lib/api/api-connect.js';

// ProxyAgent (calls through a proxy, src/portal/proxy.ts) opens its CONNECT tunnels with
// Dispatcher#connect, which undici's index adds to the prototype: added here the same way.
Object.assign(Dispatcher.prototype, { connect });

export { default as Agent } from 'undici/lib/dispatcher/agent.js';
export { default as ProxyAgent } from 'undici/lib/dispatcher/proxy-agent.js';
export { default as Pool } from 'undici/lib/dispatcher/pool.js';
export { default as request } from 'undici/lib/api/api-request.js';
export { default as errors } from 'undici/lib/core/errors.js';
