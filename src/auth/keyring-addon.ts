/**
 * Loads the keychain library, @napi-rs/keyring, a native addon. Installed from npm it is an
 * ordinary dependency. In the standalone executable its compiled addon is an embedded file: the
 * OS can only load a native library from disk, so it is written once to the user's cache folder
 * (named by its hash, in `cacheDir`/native, a folder only the user can read) and loaded from there with
 * process.dlopen (https://nodejs.org/api/process.html#processdlopenmodule-filename-flags).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as Keyring from '@napi-rs/keyring';
import { isStandalone, standaloneAsset } from '../standalone/sea.js';

export type KeyringLibrary = typeof Keyring;

/** The embedded addon's name in the executable (scripts/package.js embeds it under this key). */
export const KEYRING_ASSET = 'keyring.node';

export function loadKeyring(cacheDir: string): KeyringLibrary {
  if (!isStandalone()) return createRequire(import.meta.url)('@napi-rs/keyring') as KeyringLibrary;
  const addon = standaloneAsset(KEYRING_ASSET);
  const dir = join(cacheDir, 'native');
  const path = join(dir, `keyring-${createHash('sha256').update(addon).digest('hex').slice(0, 16)}.node`);
  if (!sameBytes(path, addon)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, addon, { mode: 0o700 });
    renameSync(temp, path);
  }
  const module = { exports: {} as KeyringLibrary };
  process.dlopen(module, path);
  return module.exports;
}

/** True when the file exists and holds exactly these bytes (a changed file is written anew). */
function sameBytes(path: string, bytes: Buffer): boolean {
  try {
    return readFileSync(path).equals(bytes);
  } catch {
    return false;
  }
}
