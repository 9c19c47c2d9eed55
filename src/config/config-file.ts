/**
 * The config file, `config.toml` in the config folder, validated with zod. Errors name the file,
 * the line and column (for TOML syntax) and the key.
 */
import { join } from 'node:path';
import { readText, writePrivateFile } from '../private-file.js';
import { UsageError } from '../errors.js';
import { sanitize } from '../terminal/sanitize.js';
import { CONFIG_KEY_NAMES, type ConfigValues } from './config-keys.js';

export function configFilePath(configDir: string): string {
  return join(configDir, 'config.toml');
}

export async function readConfig(configDir: string): Promise<ConfigValues> {
  const path = configFilePath(configDir);
  let text: string;
  try {
    text = await readText(path);
  } catch {
    return {};
  }
  // The TOML reader and the checks (zod) are loaded only for a file that is there.
  const [{ parseUserToml }, { configFileSchema }] = await Promise.all([import('./toml-text.js'), import('./config-schemas.js')]);
  const json = parseUserToml(text, path, 'Fix it, or remove the file and set keys with `sigma-support config set <key> <value>`.');
  const parsed = configFileSchema().safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const unknown = issue.code === 'unrecognized_keys';
    const keys = unknown ? issue.keys : [String(issue.path[0] ?? '')];
    const key = unknown ? keys.join(', ') : issue.path.join('.');
    const what = unknown ? `unknown key${keys.length > 1 ? 's' : ''} (known: ${CONFIG_KEY_NAMES.join(', ')})` : issue.message;
    const line = lineOfKey(text, keys[0] ?? '');
    const hint = unknown ? `Remove ${keys.length > 1 ? 'them' : 'it'} from the file; set known keys with \`sigma-support config set <key> <value>\`.` : 'Fix it with `sigma-support config set <key> <value>` or `config unset <key>`.';
    throw new UsageError(`${path}: ${line ? `line ${line}: ` : ''}key "${sanitize(key)}": ${what}`, hint);
  }
  return parsed.data as ConfigValues;
}

/**
 * The line (from 1) where a top-level key is set (`key = ...`, quoted or bare) or opens a table
 * (`[key]`), compared as text: a key is never made into a pattern, whatever characters it holds.
 */
function lineOfKey(text: string, key: string): number | undefined {
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const l = raw.trim();
    const table = l.startsWith('[') ? l.replace(/^\[+|\]+$/g, '').trim() : undefined;
    const name = table ?? (l.includes('=') ? l.slice(0, l.indexOf('=')).trim() : undefined);
    if (name === undefined) continue;
    const unquoted = /^(["']).*\1$/.test(name) ? name.slice(1, -1) : name;
    if (unquoted === key || unquoted.split('.')[0] === key) return i + 1;
  }
  return undefined;
}

export async function writeConfig(configDir: string, values: ConfigValues): Promise<void> {
  const path = configFilePath(configDir);
  const { stringify: stringifyToml } = await import('smol-toml');
  await writePrivateFile(configDir, path, `# sigma-support settings: see \`sigma-support config --help\`\n${stringifyToml(values)}\n`);
}
