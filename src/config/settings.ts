/** Each setting's value and where it came from: a flag, the environment, the config file, or the default. */
import { UsageError } from '../errors.js';
import { CONFIG_KEYS, problemOf, type ConfigKey, type ConfigValues, type KeySpec } from './config-keys.js';

export type SettingSource = 'flag' | 'environment' | 'config' | 'default';
type ValueOf<K extends ConfigKey> = NonNullable<ConfigValues[K]>;

export interface Setting<K extends ConfigKey> {
  value: ValueOf<K> | undefined;
  source: SettingSource | undefined;
}

export class Settings {
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    readonly config: ConfigValues,
  ) {}

  /** The setting, with `flag` (when the command has one and it was given) first. */
  resolve<K extends ConfigKey>(key: K, flag?: ValueOf<K>): Setting<K> {
    if (flag !== undefined) return { value: flag, source: 'flag' };
    const spec = CONFIG_KEYS[key] as unknown as KeySpec<ValueOf<K>>;
    const fromEnv = spec.env ? this.env[spec.env] : undefined;
    if (fromEnv !== undefined && fromEnv !== '') {
      try {
        const value = spec.parse(fromEnv);
        spec.schema.parse(value);
        return { value, source: 'environment' };
      } catch (error) {
        throw new UsageError(`${spec.env}: ${problemOf(error)}`, `Fix or unset ${spec.env}.`);
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
