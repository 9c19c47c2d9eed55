/** `sigma-support auth logout`: removes the profile's secret (keychain or file) and the profile. */
import { environmentSource } from '../../auth/credentials.js';
import { ProfileStore, type Profile } from '../../auth/profiles.js';
import { keychainAccount } from '../../auth/secret-store.js';
import { UsageError } from '../../errors.js';
import { parsePortalUrl } from '../../portal/portal-url.js';
import type { CommandContext } from '../context.js';
import type { LogoutFlags } from './definition.js';

/**
 * The profile to log out: the one in use, or with --portal, the profile logged in to that portal
 * (the one in use when it is that portal's, else the only one that is).
 */
async function chooseProfile(profiles: ProfileStore, flags: LogoutFlags, ctx: CommandContext): Promise<[string, Profile | undefined]> {
  if (flags.portal === undefined) return [ctx.profile, await profiles.get(ctx.profile)];
  const origin = parsePortalUrl(flags.portal, '--portal').origin;
  const all = await profiles.all();
  if (all[ctx.profile]?.portal === origin) return [ctx.profile, all[ctx.profile]];
  const matching = Object.keys(all).filter((name) => all[name]!.portal === origin);
  if (matching.length === 0) return [ctx.profile, undefined];
  if (matching.length > 1) {
    throw new UsageError(`--portal ${origin}: several profiles are logged in to it (${matching.join(', ')})`, `Choose one with --profile, for example: sigma-support --profile ${matching[0]} auth logout`);
  }
  return [matching[0]!, all[matching[0]!]];
}

export async function runLogout(flags: LogoutFlags, ctx: CommandContext): Promise<void> {
  const profiles = new ProfileStore(ctx.configDir);
  const [name, profile] = await chooseProfile(profiles, flags, ctx);
  if (!profile) {
    ctx.io.stderr.write(flags.portal !== undefined ? `No profile is logged in to ${parsePortalUrl(flags.portal, '--portal').origin}: nothing to remove.\n` : `Profile "${name}" is not logged in: nothing to remove.\n`);
  } else {
    const store = ctx.secrets(profile.storage);
    // If the keychain cannot be reached, this throws and the profile stays, so nothing is orphaned.
    await store.delete(keychainAccount(name, new URL(profile.portal), profile.email));
    await profiles.remove(name);
    ctx.io.stderr.write(`Logged out of ${profile.portal} (profile "${name}"): removed the secret from the ${store.kind === 'keychain' ? 'OS keychain' : 'credentials file'} and the profile.\n`);
  }
  if (await environmentSource(ctx.env).lookup()) {
    ctx.io.stderr.write('Note: SIGMA_SUPPORT_* credentials are still set in the environment, and commands still use them.\n');
  }
}
