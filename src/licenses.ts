/**
 * `sigma-support --licenses`: the licence notices of every third-party package the CLI ships,
 * written by the build (scripts/third-party.js). Installed from npm they are a file beside the
 * bundle; in the standalone executable an embedded file, which also covers Node.js itself.
 */
import { readFile } from 'node:fs/promises';
import { isStandalone, standaloneAsset } from './standalone/sea.js';

export const NOTICES_FILE = 'THIRD-PARTY-NOTICES.md';

export async function thirdPartyNotices(): Promise<string> {
  if (isStandalone()) return standaloneAsset(NOTICES_FILE).toString('utf8');
  return readFile(new URL(`./${NOTICES_FILE}`, import.meta.url), 'utf8');
}
