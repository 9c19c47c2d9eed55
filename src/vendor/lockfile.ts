// proper-lockfile (with graceful-fs, retry and signal-exit): the lock across processes for an OAuth
// refresh (src/auth/refresh-lock.ts). Only a refresh needs it. See README.md here.
export { lock } from 'proper-lockfile';
