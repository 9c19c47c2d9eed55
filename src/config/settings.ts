/** Each setting's value and where it came from: a flag, the environment, the config file, or the default. */
import { UsageError } from '../errors.js';
import { CONFIG_KEYS, CONFIG_KEY_NAMES, type ConfigKey, type ConfigValues, type KeySpec } from './config-keys.js';
import { readConfig } from './config-file.js';

export type SettingSource = 'flag' | 'environment' | 'config' | 'default';
type ValueOf<K extends ConfigKey> = NonNullable<ConfigValues[K]>;
type Checks = Pick<typeof import('./config-schemas.js'), 'checkValue' | 'problemOf'>;

export interface Setting<K extends ConfigKey> {
  value: ValueOf<K> | undefined;
  source: SettingSource | undefined;
}

/** Whether the environment sets any config key (an empty variable counts as unset). */
function environmentSetsAny(env: NodeJS.ProcessEnv): boolean {
  return CONFIG_KEY_NAMES.some((k) => {
    const name = CONFIG_KEYS[k].env;
    return name !== undefined && env[name] !== undefined && env[name] !== '';
  });
}

export class Settings {
  /**
   * The config file's values and the environment's checks. The checks (zod) are loaded only when
   * the environment sets a key, so a command run with neither a config file nor such a variable
   * does not load zod for its settings.
   */
  static async load(env: NodeJS.ProcessEnv, configDir: string): Promise<Settings> {
    const [config, checks] = await Promise.all([readConfig(configDir), environmentSetsAny(env) ? import('./config-schemas.js') : undefined]);
    return new Settings(env, config, checks);
  }

  private constructor(
    private readonly env: NodeJS.ProcessEnv,
    readonly config: ConfigValues,
    private readonly checks: Checks | undefined,
  ) {}

  /** The setting, with `flag` (when the command has one and it was given) first. */
  resolve<K extends ConfigKey>(key: K, flag?: ValueOf<K>): Setting<K> {
    if (flag !== undefined) return { value: flag, source: 'flag' };
    const spec = CONFIG_KEYS[key] as unknown as KeySpec<ValueOf<K>>;
    const fromEnv = spec.env ? this.env[spec.env] : undefined;
    if (fromEnv !== undefined && fromEnv !== '') {
      // load() loaded the checks, since this variable is set.
      const checks = this.checks!;
      try {
        const value = spec.parse(fromEnv);
        checks.checkValue(key, value);
        return { value, source: 'environment' };
      } catch (error) {
        throw new UsageError(`${spec.env}: ${checks.problemOf(error)}`, `Fix or unset ${spec.env}.`);
      }
    }
    const fromConfig = this.config[key] as ValueOf<K> | undefined;
    if (fromConfig !== undefined) return { value: fromConfig, source: 'config' };
    return { value: spec.default, source: spec.default === undefined ? undefined : 'default' };
  }

  get<K extends ConfigKey>(key: K, flag?: ValueOf<K>): ValueOf<K> | undefined {
    return this.resolve(key, flag).value;
  }
}
