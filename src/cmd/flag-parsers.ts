/** Parsers for flag values shared by several commands; a bad value is a usage error (exit 2). */
import { InvalidArgumentError } from 'commander';

export function positiveSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('give a number of seconds above 0');
  return n;
}

export function retryCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 10) throw new InvalidArgumentError('give a whole number from 0 to 10');
  return n;
}
