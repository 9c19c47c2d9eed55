/** `sigma-support auth logout`: removes the profile's secret (keychain or file) and the profile. */
import { environmentSource } from '../../auth/credentials.js';
import { ProfileStore } from '../../auth/profiles.js';
import { keychainAccount } from '../../auth/secret-store.js';
import type { CommandContext } from '../context.js';

export async function runLogout(ctx: CommandContext): Promise<void> {
  const profiles = new ProfileStore(ctx.configDir);
  const profile = await profiles.get(ctx.profile);
  if (!profile) {
    ctx.io.stderr.write(`Profile "${ctx.profile}" is not logged in: nothing to remove.\n`);
  } else {
    const store = ctx.secrets(profile.storage);
    // If the keychain cannot be reached, this throws and the profile stays, so nothing is orphaned.
    await store.delete(keychainAccount(ctx.profile, new URL(profile.portal), profile.email));
    await profiles.remove(ctx.profile);
    ctx.io.stderr.write(`Logged out of ${profile.portal} (profile "${ctx.profile}"): removed the secret from the ${store.kind === 'keychain' ? 'OS keychain' : 'credentials file'} and the profile.\n`);
  }
  if (await environmentSource(ctx.env).lookup()) {
    ctx.io.stderr.write('Note: SIGMA_SUPPORT_* credentials are still set in the environment, and commands still use them.\n');
  }
}
