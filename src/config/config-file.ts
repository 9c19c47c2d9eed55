/**
 * The config file, `config.toml` in the config folder, validated with zod. Errors name the file,
 * the line and column (for TOML syntax) and the key.
 */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseToml, stringify as stringifyToml } from 'smol-toml';
import * as z from '../zod.js';
import { UsageError } from '../errors.js';
import { CONFIG_KEYS, CONFIG_KEY_NAMES, type ConfigValues } from './config-keys.js';

export function configFilePath(configDir: string): string {
  return join(configDir, 'config.toml');
}

const fileSchema = z.strictObject(Object.fromEntries(CONFIG_KEY_NAMES.map((k) => [k, z.optional(CONFIG_KEYS[k].schema)])));

export async function readConfig(configDir: string): Promise<ConfigValues> {
  const path = configFilePath(configDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return {};
  }
  let json: unknown;
  try {
    json = parseToml(text);
  } catch (error) {
    const { line, column } = error as { line?: number; column?: number };
    const where = line ? `line ${line}, column ${column ?? 1}: ` : '';
    throw new UsageError(`${path}: ${where}not valid TOML (${(error as Error).message.split('\n')[0]})`, 'Fix it, or remove the file and set keys with `sigma-support config set <key> <value>`.');
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.');
    const what = issue.code === 'unrecognized_keys' ? `unknown key (known: ${CONFIG_KEY_NAMES.join(', ')})` : issue.message;
    const line = text.split('\n').findIndex((l) => new RegExp(`^\\s*["']?${key.split('.')[0]}["']?\\s*=|^\\s*\\[${key.split('.')[0]}\\]`).test(l));
    if (line >= 0) throw new UsageError(`${path}: line ${line + 1}: key "${key}": ${what}`, 'Fix it with `sigma-support config set <key> <value>` or `config unset <key>`.');
    throw new UsageError(`${path}: key "${key}": ${what}`, 'Fix it with `sigma-support config set <key> <value>` or `config unset <key>`.');
  }
  return parsed.data as ConfigValues;
}

export async function writeConfig(configDir: string, values: ConfigValues): Promise<void> {
  const path = configFilePath(configDir);
  await mkdir(configDir, { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `# sigma-support settings: see \`sigma-support config --help\`\n${stringifyToml(values)}\n`, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, path);
}
