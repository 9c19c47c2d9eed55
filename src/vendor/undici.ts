// The HTTP client for streamed uploads (src/portal/undici-transport.ts). See README.md here.
// Only the connection pool and the `request` call, from the files that define them: undici's index
// also loads fetch, WebSocket, caches and mocks (twice the code). undici types its index only;
// src/types/undici-files.d.ts borrows those types for these files.
export { default as Agent } from 'undici/lib/dispatcher/agent.js';
export { default as request } from 'undici/lib/api/api-request.js';
export { default as errors } from 'undici/lib/core/errors.js';
