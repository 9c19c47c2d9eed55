/**
 * The settings a user can keep in the config file, each with its environment variable, its default,
 * and how a typed value is read. Precedence everywhere: flags, then environment, then config, then
 * these defaults.
 */
import { z } from 'zod';
import { LEVELS } from '../core/severity.js';
import { checkCcList } from '../core/request-fields.js';
import { DEFAULT_PORTAL, parsePortalUrl } from '../portal/portal-url.js';

export interface KeySpec<T> {
  description: string;
  env?: string;
  default?: T;
  schema: z.ZodType<T>;
  /** Reads a value as typed on the command line or in the environment. */
  parse(text: string): T;
  show(value: T): string;
}

const int = (min: number, max: number) => z.number().int().min(min).max(max);
function number(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new Error(`"${text}" is not a number`);
  return n;
}

const tagsSchema = z.object({ S0: z.string().min(1), S1: z.string().min(1), S2: z.string().min(1), S3: z.string().min(1) });

export const CONFIG_KEYS = {
  portal: {
    description: 'the support portal',
    env: 'SIGMA_SUPPORT_URL',
    default: DEFAULT_PORTAL,
    schema: z.string().refine((v) => { try { parsePortalUrl(v); return true; } catch { return false; } }, 'must be an https URL (http only on loopback)'),
    parse: (t: string) => parsePortalUrl(t, 'portal').origin,
    show: (v: string) => v,
  } satisfies KeySpec<string>,
  profile: {
    description: 'the saved login used by default',
    env: 'SIGMA_SUPPORT_PROFILE',
    default: 'default',
    schema: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-"'),
    parse: (t: string) => t,
    show: (v: string) => v,
  } satisfies KeySpec<string>,
  cc: {
    description: 'addresses copied on every request unless --cc is given (a team alias, say)',
    env: 'SIGMA_SUPPORT_CC',
    default: [] as string[],
    schema: z.array(z.email()),
    parse: (t: string) => {
      const c = checkCcList([t]);
      if (!c.ok) throw new Error(c.problem);
      return c.value;
    },
    show: (v: string[]) => v.join(','),
  } satisfies KeySpec<string[]>,
  'severity-field-id': {
    description: "the Severity field's id, for portals where it cannot be discovered",
    schema: z.number().int().positive(),
    parse: number,
    show: (v: number) => String(v),
  } satisfies KeySpec<number>,
  'severity-tags': {
    description: 'the tag sent for each level, as S0=tag,S1=tag,S2=tag,S3=tag (with severity-field-id)',
    schema: tagsSchema,
    parse: (t: string) => {
      const pairs = Object.fromEntries(t.split(',').map((p) => p.split('=').map((x) => x.trim()) as [string, string]));
      const missing = LEVELS.filter((l) => !pairs[l]);
      if (missing.length) throw new Error(`give a tag for each of ${missing.join(', ')}, as S0=tag,S1=tag,S2=tag,S3=tag`);
      return tagsSchema.parse(pairs);
    },
    show: (v: z.infer<typeof tagsSchema>) => LEVELS.map((l) => `${l}=${v[l]}`).join(','),
  } satisfies KeySpec<z.infer<typeof tagsSchema>>,
  'upload-concurrency': {
    description: 'how many attachments upload at once',
    env: 'SIGMA_SUPPORT_UPLOAD_CONCURRENCY',
    default: 3,
    schema: int(1, 8),
    parse: number,
    show: (v: number) => String(v),
  } satisfies KeySpec<number>,
  timeout: {
    description: 'seconds to wait for the portal at each step',
    env: 'SIGMA_SUPPORT_TIMEOUT',
    default: 30,
    schema: z.number().positive().max(3600),
    parse: number,
    show: (v: number) => String(v),
  } satisfies KeySpec<number>,
  retries: {
    description: 'how many times a failed call may be tried again',
    env: 'SIGMA_SUPPORT_RETRIES',
    default: 3,
    schema: int(0, 10),
    parse: number,
    show: (v: number) => String(v),
  } satisfies KeySpec<number>,
  'oauth-client-id': {
    description: 'the OAuth client id for `auth login --web`',
    env: 'SIGMA_SUPPORT_OAUTH_CLIENT_ID',
    schema: z.string().min(1),
    parse: (t: string) => t,
    show: (v: string) => v,
  } satisfies KeySpec<string>,
};

export type ConfigKey = keyof typeof CONFIG_KEYS;
export type ConfigValues = { [K in ConfigKey]?: z.infer<(typeof CONFIG_KEYS)[K]['schema']> };
export const CONFIG_KEY_NAMES = Object.keys(CONFIG_KEYS) as ConfigKey[];

export function isConfigKey(name: string): name is ConfigKey {
  return name in CONFIG_KEYS;
}

/** The first problem of a failed parse or check, in one line. */
export function problemOf(error: unknown): string {
  if (error instanceof z.ZodError) return error.issues[0]?.message ?? 'invalid';
  return ((error as Error).message ?? String(error)).split('\n')[0]!;
}
