/** Reading a TOML file the user wrote (config.toml, a template): a syntax error names its line and column. */
import { parse as parseToml } from 'smol-toml';
import { UsageError } from '../errors.js';

/** Parses `text`; a syntax error becomes one UsageError that starts with `label` and ends with `hint`. */
export function parseUserToml(text: string, label: string, hint: string): unknown {
  try {
    return parseToml(text);
  } catch (error) {
    const { line, column } = error as { line?: number; column?: number };
    const where = line ? `line ${line}, column ${column ?? 1}: ` : '';
    throw new UsageError(`${label}: ${where}not valid TOML (${(error as Error).message.split('\n')[0]})`, hint);
  }
}
