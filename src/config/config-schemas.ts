/**
 * The zod schemas that check each config key's value, and the config file whole. Loaded only when
 * there is something to check (a config file, or a key set in the environment): building them
 * loads zod, which a command that reads no setting should not pay for; and each key's schema is
 * built only when a value of that key is checked.
 */
import * as z from '../zod.js';
import { PROFILE_NAME, PROFILE_NAME_HINT } from '../auth/profile-name.js';
import { CONFIG_KEY_NAMES, type ConfigKey, type ConfigTypes } from './config-keys.js';
import { checkEmail } from '../core/request-fields.js';
import { HELP_CENTER_LOCALE, parsePortalUrl } from '../portal/portal-url.js';
import { checkBounds, type BoundedKey } from './bounds.js';
import { parseStatusUrl } from '../status/status-address.js';

/** A number within the bounds shared with its flag (bounds.ts). */
const bounded = (key: BoundedKey) =>
  z.number().check(
    z.superRefine((value, ctx) => {
      const checked = checkBounds(key, value);
      if (!checked.ok) ctx.issues.push({ code: 'custom', message: checked.problem, input: value });
    }),
  );

const tag = () => z.string().check(z.minLength(1));

/** How to build each key's schema: built when a value of that key is checked (see schemaOf). */
const BUILD: { [K in ConfigKey]: () => z.ZodMiniType<ConfigTypes[K]> } = {
  portal: () => z.string().check(z.refine((v) => { try { parsePortalUrl(v); return true; } catch { return false; } }, 'must be an https URL (http only on loopback)')),
  profile: () => z.string().check(z.regex(PROFILE_NAME, PROFILE_NAME_HINT)),
  cc: () => z.array(z.string().check(z.refine((v) => checkEmail(v) === undefined, 'must be email addresses'))),
  'severity-field-id': () => z.int().check(z.positive()),
  'severity-tags': () => z.object({ S0: tag(), S1: tag(), S2: tag(), S3: tag() }),
  'upload-concurrency': () => bounded('upload-concurrency'),
  timeout: () => bounded('timeout'),
  retries: () => bounded('retries'),
  locale: () => z.string().check(z.regex(HELP_CENTER_LOCALE, 'give a Help Center locale such as en-us, de or pt-br')),
  'oauth-client-id': () => z.string().check(z.minLength(1)),
  'status-url': () => z.string().check(z.refine((v) => { try { parseStatusUrl(v, 'status-url'); return true; } catch { return false; } }, 'must be an https URL (http only on loopback)')),
  'support-email': () => z.string().check(z.refine((v) => checkEmail(v) === undefined, 'must be an email address')),
};

const built = new Map<ConfigKey, z.ZodMiniType>();

/** The schema of one key's value, built on first use. */
function schemaOf<K extends ConfigKey>(key: K): z.ZodMiniType<ConfigTypes[K]> {
  let schema = built.get(key);
  if (!schema) built.set(key, (schema = BUILD[key]()));
  return schema as z.ZodMiniType<ConfigTypes[K]>;
}

let fileSchema: z.ZodMiniType | undefined;

/** The config file's schema: only known keys, each optional. */
export function configFileSchema(): z.ZodMiniType {
  return (fileSchema ??= z.strictObject(Object.fromEntries(CONFIG_KEY_NAMES.map((k) => [k, z.optional(schemaOf(k))]))));
}

/** Checks a value read for `key` (from the command line or the environment); throws what is wrong. */
export function checkValue(key: ConfigKey, value: unknown): void {
  schemaOf(key).parse(value);
}

/** The first problem of a failed parse or check, in one line. */
export function problemOf(error: unknown): string {
  if (error instanceof z.ZodError) return error.issues[0]?.message ?? 'invalid';
  return ((error as Error).message ?? String(error)).split('\n')[0]!;
}
