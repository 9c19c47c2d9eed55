/**
 * Whether this process is the standalone executable (a Node single executable application,
 * https://nodejs.org/api/single-executable-applications.html), and its embedded files.
 */
import { createRequire } from 'node:module';

type SeaModule = typeof import('node:sea');

let sea: SeaModule | null | undefined;

function seaModule(): SeaModule | null {
  if (sea === undefined) {
    try {
      // node:sea exists from Node 20.12; engines asks for 20.18, but a missing module only means "not a SEA".
      sea = createRequire(import.meta.url)('node:sea') as SeaModule;
    } catch {
      sea = null;
    }
  }
  return sea;
}

export function isStandalone(): boolean {
  return seaModule()?.isSea() ?? false;
}

/** A file the package script embedded in the executable (see scripts/package.js). */
export function standaloneAsset(key: string): Buffer {
  const module = seaModule();
  if (!module?.isSea()) throw new Error(`not a standalone executable: no embedded ${key}`);
  return Buffer.from(module.getRawAsset(key) as ArrayBuffer);
}
