/**
 * The settings a user can keep in the config file, each with its environment variable, its default,
 * and how a typed value is read. Precedence everywhere: flags, then environment, then config, then
 * these defaults.
 */
import * as z from '../zod.js';
import { PROFILE_NAME, PROFILE_NAME_HINT } from '../auth/profile-name.js';
import { CONFIG_KEY_DOCS, CONFIG_KEY_NAMES, envOf, type ConfigKey } from './config-key-docs.js';
import { LEVELS } from '../severity/levels.js';
import { checkCcList, checkEmail } from '../core/request-fields.js';
import { DEFAULT_PORTAL, HELP_CENTER_LOCALE, parsePortalUrl } from '../portal/portal-url.js';
import { checkBounds, type BoundedKey } from './bounds.js';
import { parseStatusUrl } from '../status/status-address.js';

export interface KeySpec<T> {
  description: string;
  env?: string | undefined;
  default?: T;
  schema: z.ZodMiniType<T>;
  /** Reads a value as typed on the command line or in the environment. */
  parse(text: string): T;
  show(value: T): string;
}

/** A number within the bounds shared with its flag (bounds.ts). */
const bounded = (key: BoundedKey) =>
  z.number().check(
    z.superRefine((value, ctx) => {
      const checked = checkBounds(key, value);
      if (!checked.ok) ctx.issues.push({ code: 'custom', message: checked.problem, input: value });
    }),
  );
function number(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new Error(`"${text}" is not a number`);
  return n;
}

const tag = z.string().check(z.minLength(1));
const tagsSchema = z.object({ S0: tag, S1: tag, S2: tag, S3: tag });

const RULES = {
  portal: {
    default: DEFAULT_PORTAL,
    schema: z.string().check(z.refine((v) => { try { parsePortalUrl(v); return true; } catch { return false; } }, 'must be an https URL (http only on loopback)')),
    parse: (t: string) => parsePortalUrl(t, 'portal').origin,
    show: (v: string) => v,
  } satisfies Omit<KeySpec<string>, 'description'>,
  locale: {
    schema: z.string().check(z.regex(HELP_CENTER_LOCALE, 'give a Help Center locale such as en-us, de or pt-br')),
    parse: (t: string) => t.trim().toLowerCase(),
    show: (v: string) => v,
  } satisfies Omit<KeySpec<string>, 'description'>,
  profile: {
    default: 'default',
    schema: z.string().check(z.regex(PROFILE_NAME, PROFILE_NAME_HINT)),
    parse: (t: string) => t,
    show: (v: string) => v,
  } satisfies Omit<KeySpec<string>, 'description'>,
  cc: {
    default: [] as string[],
    schema: z.array(z.string().check(z.refine((v) => checkEmail(v) === undefined, 'must be email addresses'))),
    parse: (t: string) => {
      const c = checkCcList([t]);
      if (!c.ok) throw new Error(c.problem);
      return c.value;
    },
    show: (v: string[]) => v.join(','),
  } satisfies Omit<KeySpec<string[]>, 'description'>,
  'severity-field-id': {
    schema: z.int().check(z.positive()),
    parse: number,
    show: (v: number) => String(v),
  } satisfies Omit<KeySpec<number>, 'description'>,
  'severity-tags': {
    schema: tagsSchema,
    parse: (t: string) => {
      const pairs = Object.fromEntries(t.split(',').map((p) => p.split('=').map((x) => x.trim()) as [string, string]));
      const missing = LEVELS.filter((l) => !pairs[l]);
      if (missing.length) throw new Error(`give a tag for each of ${missing.join(', ')}, as S0=tag,S1=tag,S2=tag,S3=tag`);
      return tagsSchema.parse(pairs);
    },
    show: (v: z.infer<typeof tagsSchema>) => LEVELS.map((l) => `${l}=${v[l]}`).join(','),
  } satisfies Omit<KeySpec<z.infer<typeof tagsSchema>>, 'description'>,
  'upload-concurrency': {
    default: 3,
    schema: bounded('upload-concurrency'),
    parse: number,
    show: (v: number) => String(v),
  } satisfies Omit<KeySpec<number>, 'description'>,
  timeout: {
    default: 30,
    schema: bounded('timeout'),
    parse: number,
    show: (v: number) => String(v),
  } satisfies Omit<KeySpec<number>, 'description'>,
  retries: {
    default: 3,
    schema: bounded('retries'),
    parse: number,
    show: (v: number) => String(v),
  } satisfies Omit<KeySpec<number>, 'description'>,
  'oauth-client-id': {
    schema: z.string().check(z.minLength(1)),
    parse: (t: string) => t,
    show: (v: string) => v,
  } satisfies Omit<KeySpec<string>, 'description'>,
  'status-url': {
    schema: z.string().check(z.refine((v) => { try { parseStatusUrl(v, 'status-url'); return true; } catch { return false; } }, 'must be an https URL (http only on loopback)')),
    parse: (t: string) => parseStatusUrl(t, 'status-url').toString(),
    show: (v: string) => v,
  } satisfies Omit<KeySpec<string>, 'description'>,
  // No default: Sigma's guidance names an address to email when its portal is down, but it could
  // not be confirmed from Sigma's own pages, so the user sets it (README: "When the portal is down").
  'support-email': {
    schema: z.string().check(z.refine((v) => checkEmail(v) === undefined, 'must be an email address')),
    parse: (t: string) => {
      const problem = checkEmail(t.trim());
      if (problem) throw new Error(problem);
      return t.trim();
    },
    show: (v: string) => v,
  } satisfies Omit<KeySpec<string>, 'description'>,
} satisfies Record<ConfigKey, unknown>;

type Rules = typeof RULES;

/** Each key's rules, with its description and environment variable from config-key-docs.ts. */
export const CONFIG_KEYS = Object.fromEntries(
  CONFIG_KEY_NAMES.map((k) => [k, { ...RULES[k], description: CONFIG_KEY_DOCS[k].description, env: envOf(k) }]),
) as { [K in ConfigKey]: Rules[K] & { description: string; env: string | undefined } };

export type ConfigValues = { [K in ConfigKey]?: z.infer<Rules[K]['schema']> };
export { CONFIG_KEY_NAMES, type ConfigKey };

export function isConfigKey(name: string): name is ConfigKey {
  return Object.hasOwn(CONFIG_KEYS, name);
}

/** The first problem of a failed parse or check, in one line. */
export function problemOf(error: unknown): string {
  if (error instanceof z.ZodError) return error.issues[0]?.message ?? 'invalid';
  return ((error as Error).message ?? String(error)).split('\n')[0]!;
}
