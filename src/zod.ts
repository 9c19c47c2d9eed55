/**
 * zod, set up once for the whole CLI: the small build (`zod/mini`, functions instead of methods)
 * with its English messages. The full build took about 35 ms to load on every command that checks
 * an answer or a file; this one about 5 ms. Import it from here, never from 'zod' itself, so the
 * messages are English and the full build stays out of the bundle: `import * as z from '../zod.js'`
 * (a namespace import lets the bundler keep only what is used; the 40 locales stay out).
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
export { $ZodError as ZodError } from 'zod/v4/core';
