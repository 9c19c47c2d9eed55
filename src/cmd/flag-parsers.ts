/** Parsers for flag values shared by several commands; a bad value is a usage error (exit 2). */
import { InvalidArgumentError } from 'commander';
import { checkBounds, type BoundedKey } from '../config/bounds.js';

function bounded(key: BoundedKey, value: string): number {
  const n = value.trim() === '' ? NaN : Number(value);
  const checked = checkBounds(key, n);
  if (!checked.ok) throw new InvalidArgumentError(checked.problem);
  return n;
}

/** --timeout: the same bounds as SIGMA_SUPPORT_TIMEOUT and the config's `timeout`. */
export function positiveSeconds(value: string): number {
  return bounded('timeout', value);
}

/** --retries: the same bounds as SIGMA_SUPPORT_RETRIES and the config's `retries`. */
export function retryCount(value: string): number {
  return bounded('retries', value);
}

/** A request number (`33`, or `#33` as the portal shows it): a positive whole number, digits only. */
export function requestNumber(value: string): number {
  const digits = /^#?(\d{1,15})$/.exec(value.trim())?.[1];
  const n = digits === undefined ? NaN : Number(digits);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('give a request number, such as 33');
  return n;
}
