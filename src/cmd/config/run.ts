/** The work of `sigma-support config`. */
import { CONFIG_KEYS, CONFIG_KEY_NAMES, isConfigKey, type ConfigKey, type KeySpec } from '../../config/config-keys.js';
import { checkValue, problemOf } from '../../config/config-schemas.js';
import { configFilePath, readConfig, writeConfig } from '../../config/config-file.js';
import { UsageError } from '../../errors.js';
import { safeJson, sanitize } from '../../terminal/sanitize.js';
import type { CommandContext } from '../context.js';

function key(name: string): ConfigKey {
  if (!isConfigKey(name)) throw new UsageError(`"${sanitize(name)}" is not a config key`, `Keys: ${CONFIG_KEY_NAMES.join(', ')}.`);
  return name;
}

const show = (k: ConfigKey, value: unknown) => (value === undefined ? '' : (CONFIG_KEYS[k] as KeySpec<unknown>).show(value));

export async function runGet(name: string, ctx: CommandContext): Promise<void> {
  const k = key(name);
  const { value } = ctx.settings.resolve(k);
  ctx.io.stdout.write(`${sanitize(show(k, value))}\n`);
}

export async function runSet(name: string, text: string, ctx: CommandContext): Promise<void> {
  const k = key(name);
  const spec = CONFIG_KEYS[k] as KeySpec<unknown>;
  let value: unknown;
  try {
    value = spec.parse(text);
    checkValue(k, value);
  } catch (error) {
    throw new UsageError(`${k}: ${problemOf(error)}`, `It is ${spec.description}.`);
  }
  const current = await readConfig(ctx.configDir);
  await writeConfig(ctx.configDir, { ...current, [k]: value });
  ctx.io.stderr.write(`Set ${k} to ${show(k, value)} in ${configFilePath(ctx.configDir)}.\n`);
  if (spec.env && ctx.env[spec.env]) ctx.io.stderr.write(`Note: ${spec.env} is set in the environment, and wins over the config file.\n`);
}

export async function runUnset(name: string, ctx: CommandContext): Promise<void> {
  const k = key(name);
  const current = await readConfig(ctx.configDir);
  if (!(k in current)) {
    ctx.io.stderr.write(`${k} is not set in ${configFilePath(ctx.configDir)}.\n`);
    return;
  }
  delete current[k];
  await writeConfig(ctx.configDir, current);
  ctx.io.stderr.write(`Removed ${k} from ${configFilePath(ctx.configDir)}.\n`);
}

export async function runList(flags: { json?: boolean }, ctx: CommandContext): Promise<void> {
  const rows = CONFIG_KEY_NAMES.map((k) => {
    const { value, source } = ctx.settings.resolve(k);
    const spec = CONFIG_KEYS[k] as KeySpec<unknown>;
    return { key: k, value: value ?? null, shown: sanitize(show(k, value)), source: source === 'environment' ? `environment (${spec.env})` : (source ?? 'unset') };
  });
  if (flags.json) {
    ctx.io.stdout.write(`${safeJson(Object.fromEntries(rows.map((r) => [r.key, { value: r.value, source: r.source }])))}\n`);
    return;
  }
  const width = Math.max(...rows.map((r) => r.shown.length), 5);
  for (const r of rows) ctx.io.stdout.write(`${r.key.padEnd(20)}${r.shown.padEnd(width + 2)}${r.source}\n`);
  ctx.io.stderr.write(`Config file: ${configFilePath(ctx.configDir)}\n`);
}
