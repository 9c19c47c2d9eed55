/**
 * The allowed range of each numeric setting, defined once for its flag, its environment variable
 * and the config file, so the three agree. Plain data: flag parsing (and so `--help`) reads it
 * without loading the config's validation.
 */
export const BOUNDS = {
  /** Seconds: above 0, at most an hour. */
  timeout: { min: 0, minExclusive: true, max: 3600, integer: false },
  retries: { min: 0, minExclusive: false, max: 10, integer: true },
  'upload-concurrency': { min: 1, minExclusive: false, max: 8, integer: true },
} as const;

export type BoundedKey = keyof typeof BOUNDS;

/** The value if it is within the key's bounds; otherwise a problem in words. */
export function checkBounds(key: BoundedKey, value: number): { ok: true } | { ok: false; problem: string } {
  const b = BOUNDS[key];
  const inRange = Number.isFinite(value) && (b.minExclusive ? value > b.min : value >= b.min) && value <= b.max && (!b.integer || Number.isInteger(value));
  if (inRange) return { ok: true };
  const what = b.integer ? `a whole number from ${b.min} to ${b.max}` : `a number above ${b.min} and at most ${b.max}`;
  return { ok: false, problem: `give ${what}${key === 'timeout' ? ' (seconds)' : ''}` };
}
