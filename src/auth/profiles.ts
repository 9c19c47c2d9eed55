/**
 * Profiles: the non-secret half of a login (portal, email, method, where the secret is, OAuth
 * expiry), in `<config dir>/profiles.json`, mode 0600. One person may keep several portals or
 * accounts under different names; `default` is used unless --profile or SIGMA_SUPPORT_PROFILE says.
 */
import { join } from 'node:path';
import { readText, writePrivateFile } from '../private-file.js';
import { UsageError } from '../errors.js';
import type { Profile } from './profile-schema.js';

export type { Profile };
export const DEFAULT_PROFILE = 'default';

export class ProfileStore {
  readonly path: string;

  constructor(readonly dir: string) {
    this.path = join(dir, 'profiles.json');
  }

  async all(): Promise<Record<string, Profile>> {
    let text: string;
    try {
      text = await readText(this.path);
    } catch {
      return {};
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`${this.path}: is not valid JSON (${(error as Error).message})`, 'Fix it, or remove it and log in again.');
    }
    const { profilesFileSchema } = await import('./profile-schema.js');
    const parsed = profilesFileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UsageError(`${this.path}: ${issue.path.join('.') || 'the file'}: ${issue.message}`, 'Fix it, or remove it and log in again.');
    }
    return parsed.data.profiles;
  }

  async get(name: string): Promise<Profile | undefined> {
    return (await this.all())[name];
  }

  /** The profile, if it was made for this portal: a profile's credentials are only ever used for its own. */
  async forPortal(name: string, portal: URL): Promise<Profile | undefined> {
    const profile = await this.get(name);
    return profile && new URL(profile.portal).origin === portal.origin ? profile : undefined;
  }

  async save(name: string, profile: Profile): Promise<void> {
    await this.write({ ...(await this.all()), [name]: profile });
  }

  async remove(name: string): Promise<boolean> {
    const profiles = await this.all();
    if (!(name in profiles)) return false;
    delete profiles[name];
    await this.write(profiles);
    return true;
  }

  private async write(profiles: Record<string, Profile>): Promise<void> {
    await writePrivateFile(this.dir, this.path, `${JSON.stringify({ profiles }, null, 2)}\n`);
  }
}
