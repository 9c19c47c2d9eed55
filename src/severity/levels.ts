/**
 * The severity rules: the four levels, what they mean, what a user may type for each, and which
 * level pages on-call. The portal's own field ids and tags are discovered (see field.ts, and lookup.ts for the cache).
 */
export const LEVELS = ['S0', 'S1', 'S2', 'S3'] as const;
export type Level = (typeof LEVELS)[number];

export interface LevelInfo {
  level: Level;
  word: 'critical' | 'high' | 'medium' | 'low';
  /** How the portal names the option, e.g. "S0 (critical)". */
  label: string;
  /** The portal's description of when to use it. */
  description: string;
  /** Sending it alerts the on-call Support engineers at once, day or night. */
  pagesOnCall: boolean;
}

export const LEVEL_INFO: Readonly<Record<Level, LevelInfo>> = {
  S0: {
    level: 'S0',
    word: 'critical',
    label: 'S0 (critical)',
    description:
      'Sigma service is inaccessible for one or more major product components and affects crucial business processes.',
    pagesOnCall: true,
  },
  S1: {
    level: 'S1',
    word: 'high',
    label: 'S1 (high)',
    description:
      'Sigma service or performance is severely degraded for one or more product components and affects business processes.',
    pagesOnCall: false,
  },
  S2: {
    level: 'S2',
    word: 'medium',
    label: 'S2 (medium)',
    description: 'Specific product functionality is degraded and affects a small number of users.',
    pagesOnCall: false,
  },
  S3: {
    level: 'S3',
    word: 'low',
    label: 'S3 (low)',
    description: 'General product questions and feature requests.',
    pagesOnCall: false,
  },
};

export const DEFAULT_LEVEL: Level = 'S3';

/**
 * The severity of a request that may be sent: S0 only with its confirmation (it pages on-call at
 * once). validateRequest makes it; submitRequest takes nothing else, and checks it again.
 */
export type Severity = { readonly level: 'S0'; readonly confirmed: true } | { readonly level: Exclude<Level, 'S0'> };

/** The Severity for a level: undefined for an S0 that was not confirmed. */
export function toSeverity(level: Level, s0Confirmed: boolean): Severity | undefined {
  if (level === 'S0') return s0Confirmed ? { level, confirmed: true } : undefined;
  return { level };
}

/** True only for a Severity as toSeverity makes it, whatever a caller may have cast. */
export function isSendable(severity: Severity | undefined): severity is Severity {
  if (typeof severity !== 'object' || severity === null || !LEVELS.includes(severity.level)) return false;
  return severity.level !== 'S0' || (severity as { confirmed?: unknown }).confirmed === true;
}

export const S0_WARNING =
  'S0 (critical) immediately alerts the on-call Sigma Support engineers, whatever the day or time. ' +
  'Use it only when Sigma is inaccessible for major components and crucial business processes are affected.';

/** What `--severity` accepts, for messages and completions. */
export const SEVERITY_CHOICES = [...LEVELS, ...LEVELS.map((l) => LEVEL_INFO[l].word)] as const;

/** Reads "S0", "s2", "critical", "Low", "S1 (high)"; undefined for anything else. */
export function parseLevel(input: string): Level | undefined {
  const text = input.trim().toLowerCase();
  for (const level of LEVELS) {
    const info = LEVEL_INFO[level];
    if (text === level.toLowerCase() || text === info.word || text === info.label.toLowerCase()) return level;
  }
  return undefined;
}

/**
 * Finds the level an option name of the portal's Severity field stands for: "S0 (critical)",
 * "s2 - medium", "Sev S1". The S-number wins; the word alone is used when there is no number.
 */
export function levelOfOptionName(name: string): Level | undefined {
  const numbered = /\bs\s*([0-3])\b/i.exec(name);
  if (numbered) return `S${numbered[1]}` as Level;
  const lower = name.toLowerCase();
  const byWord = LEVELS.filter((l) => new RegExp(`\\b${LEVEL_INFO[l].word}\\b`).test(lower));
  return byWord.length === 1 ? byWord[0] : undefined;
}
