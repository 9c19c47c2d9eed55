/**
 * The settings a user can keep in the config file, each with its environment variable, its default,
 * and how a typed value is read. Precedence everywhere: flags, then environment, then config, then
 * these defaults.
 */
import { CONFIG_KEY_DOCS, CONFIG_KEY_NAMES, envOf, type ConfigKey } from './config-key-docs.js';
import { LEVELS } from '../severity/levels.js';
import { checkCcList, checkEmail } from '../core/request-fields.js';
import { DEFAULT_PORTAL, parsePortalUrl } from '../portal/portal-url.js';
import { parseStatusUrl } from '../status/status-address.js';

export interface KeySpec<T> {
  description: string;
  env?: string | undefined;
  default?: T;
  /** Reads a value as typed on the command line or in the environment. */
  parse(text: string): T;
  show(value: T): string;
}

function number(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new Error(`"${text}" is not a number`);
  return n;
}

/** The type of each key's value (config-schemas.ts checks values against it). */
export interface ConfigTypes {
  portal: string;
  locale: string;
  profile: string;
  cc: string[];
  'severity-field-id': number;
  'severity-tags': { S0: string; S1: string; S2: string; S3: string };
  'upload-concurrency': number;
  timeout: number;
  retries: number;
  'oauth-client-id': string;
  'status-url': string;
  'support-email': string;
}

const RULES = {
  portal: {
    default: DEFAULT_PORTAL,
    parse: (t: string) => parsePortalUrl(t, 'portal').origin,
    show: (v: string) => v,
  } satisfies Omit<KeySpec<string>, 'description'>,
  locale: {
    parse: (t: string) => t.trim().toLowerCase(),
    show: (v: string) => v,
  } satisfies Omit<KeySpec<string>, 'description'>,
  profile: {
    default: 'default',
    parse: (t: string) => t,
    show: (v: string) => v,
  } satisfies Omit<KeySpec<string>, 'description'>,
  cc: {
    default: [] as string[],
    parse: (t: string) => {
      const c = checkCcList([t]);
      if (!c.ok) throw new Error(c.problem);
      return c.value;
    },
    show: (v: string[]) => v.join(','),
  } satisfies Omit<KeySpec<string[]>, 'description'>,
  'severity-field-id': {
    parse: number,
    show: (v: number) => String(v),
  } satisfies Omit<KeySpec<number>, 'description'>,
  'severity-tags': {
    parse: (t: string) => {
      const pairs = Object.fromEntries(t.split(',').map((p) => p.split('=').map((x) => x.trim()) as [string, string]));
      const missing = LEVELS.filter((l) => !pairs[l]);
      if (missing.length) throw new Error(`give a tag for each of ${missing.join(', ')}, as S0=tag,S1=tag,S2=tag,S3=tag`);
      return Object.fromEntries(LEVELS.map((l) => [l, pairs[l]!])) as ConfigTypes['severity-tags'];
    },
    show: (v: ConfigTypes['severity-tags']) => LEVELS.map((l) => `${l}=${v[l]}`).join(','),
  } satisfies Omit<KeySpec<ConfigTypes['severity-tags']>, 'description'>,
  'upload-concurrency': {
    default: 3,
    parse: number,
    show: (v: number) => String(v),
  } satisfies Omit<KeySpec<number>, 'description'>,
  timeout: {
    default: 30,
    parse: number,
    show: (v: number) => String(v),
  } satisfies Omit<KeySpec<number>, 'description'>,
  retries: {
    default: 3,
    parse: number,
    show: (v: number) => String(v),
  } satisfies Omit<KeySpec<number>, 'description'>,
  'oauth-client-id': {
    parse: (t: string) => t,
    show: (v: string) => v,
  } satisfies Omit<KeySpec<string>, 'description'>,
  'status-url': {
    parse: (t: string) => parseStatusUrl(t, 'status-url').toString(),
    show: (v: string) => v,
  } satisfies Omit<KeySpec<string>, 'description'>,
  // No default: Sigma's guidance names an address to email when its portal is down, but it could
  // not be confirmed from Sigma's own pages, so the user sets it (README: "When the portal is down").
  'support-email': {
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

export type ConfigValues = { [K in ConfigKey]?: ConfigTypes[K] };
export { CONFIG_KEY_NAMES, type ConfigKey };

export function isConfigKey(name: string): name is ConfigKey {
  return Object.hasOwn(CONFIG_KEYS, name);
}
