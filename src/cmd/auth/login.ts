/**
 * `sigma-support auth login`: asks (or reads from flags and stdin) the method, email and secret,
 * checks them against the portal, and only then keeps them: the secret in the OS keychain (or, when
 * asked, a 0600 file), the rest in the profile.
 */
import { randomBytes } from 'node:crypto';
import { environmentSource, fromCredentials, PASSWORD_ACCESS_HINT, type Credentials, type ResolvedCredentials } from '../../auth/credentials.js';
import { authorizeUrl, exchangeCode, pkcePair, type OAuthTokens } from '../../auth/oauth.js';
import { OAUTH_REDIRECT_URIS, oauthClientId } from '../../auth/oauth-client.js';
import { receiveRedirect } from '../../auth/oauth-redirect.js';
import { pasteRedirect } from './paste-redirect.js';
import { ProfileStore, type Profile } from '../../auth/profiles.js';
import { keychainAccount } from '../../auth/secret-store.js';
import { checkEmail } from '../../core/request-fields.js';
import { AuthError, CancelledError, UsageError } from '../../errors.js';
import { HttpPortalApi } from '../../portal/portal-api.js';
import { canPrompt } from '../../terminal/iostreams.js';
import { readStdin } from '../../terminal/read-stdin.js';
import { sanitize } from '../../terminal/sanitize.js';
import { styleFor } from '../../terminal/style.js';
import { browserCanOpen, tryOpen } from '../../terminal/browser.js';
import type { CommandContext } from '../context.js';
import { httpClient, limits, resolvePortal } from '../session.js';
import type { LoginFlags } from './definition.js';

type Method = Profile['method'];

const SEPARATE_ACCOUNT =
  'The Sigma Support account is separate from the Sigma app account: use the email and secret of your support portal account. ' +
  'If you have no support account, ask your Sigma Account Manager for one.';

function chosenMethod(flags: LoginFlags): Method | undefined {
  if (flags.web) return 'oauth';
  if (flags.withToken || flags.tokenStdin) return 'token';
  if (flags.withPassword || flags.passwordStdin) return 'password';
  return undefined;
}

async function secretFromStdin(ctx: CommandContext, flag: string): Promise<string> {
  const bytes = await readStdin(ctx.io.stdin, 16 * 1024, () => new UsageError(`${flag}: standard input is too long for a secret`));
  const secret = bytes.toString('utf8').replace(/\r?\n$/, '');
  if (secret === '') throw new UsageError(`${flag}: standard input was empty`, `Pipe the secret in, for example: printf %s "$TOKEN" | sigma-support auth login ... ${flag}`);
  return secret;
}

async function webLogin(ctx: CommandContext, flags: LoginFlags & { timeout: number }, portal: URL, clientId: string, interactive: boolean): Promise<OAuthTokens> {
  const { verifier, challenge } = pkcePair();
  const state = randomBytes(16).toString('base64url');
  const receiver = await receiveRedirect(state, flags.timeout * 10 * 1000);
  let stopPaste: (() => void) | undefined;
  try {
    const url = authorizeUrl(portal, { clientId, redirectUri: receiver.redirectUri, state, challenge });
    const opened = flags.browser && browserCanOpen(ctx.env) && (await tryOpen(url.toString()));
    ctx.io.stderr.write(`To sign in to ${portal.host}, open this page in a browser:\n  ${url}\n`);
    if (opened) ctx.io.stderr.write('(A browser was opened for you.)\n');
    ctx.io.stderr.write(`Waiting for the sign-in to finish (up to ${Math.round(flags.timeout * 10)} s)...\n`);
    // A browser on another machine (SSH, headless) cannot come back to this one's loopback: the
    // user pastes the address it ended on instead, whichever comes first.
    if (!opened && interactive) stopPaste = pasteRedirect(ctx.io, state, receiver.settle);
    const code = await receiver.code;
    stopPaste?.();
    const http = httpClient(ctx, portal, undefined, flags.timeout);
    try {
      return await exchangeCode(http, { code, clientId, redirectUri: receiver.redirectUri, verifier }, ctx.now);
    } finally {
      await http.close();
    }
  } finally {
    stopPaste?.();
    await receiver.close();
  }
}

/** Checks the credentials with a call that refuses bad ones (users/me answers anyone). */
async function verify(ctx: CommandContext, portal: URL, resolved: ResolvedCredentials, timeout: number): Promise<string | undefined> {
  const api = new HttpPortalApi(httpClient(ctx, portal, resolved, timeout));
  try {
    await api.checkCredentials();
    return resolved.credentials.method === 'oauth' ? await api.currentUserEmail() : resolved.credentials.email;
  } catch (error) {
    if (error instanceof AuthError && resolved.credentials.method === 'password') {
      throw new AuthError(`${portal.host} did not accept this email and password, so nothing was stored`, PASSWORD_ACCESS_HINT);
    }
    if (error instanceof AuthError) throw new AuthError(`${portal.host} did not accept these credentials, so nothing was stored`, SEPARATE_ACCOUNT);
    throw error;
  } finally {
    await api.close();
  }
}

/**
 * A profile holds one login. Logging it in to another portal replaces the login it has: say so, and
 * at a terminal ask first; a second portal is better kept as its own profile.
 */
async function confirmReplacing(ctx: CommandContext, previous: Profile, portal: URL, interactive: boolean): Promise<void> {
  const who = previous.email ? ` as ${previous.email}` : '';
  ctx.io.stderr.write(
    `Profile "${ctx.profile}" is logged in to ${previous.portal}${who}: logging in to ${portal.origin} replaces that login.\n` +
      `To keep both, log in to ${portal.origin} as a profile of its own: sigma-support --profile <name> auth login --portal ${portal.origin}\n`,
  );
  if (!interactive) return;
  const replace = await ctx.prompter().confirm({ message: `Replace the login to ${previous.portal}?`, default: false });
  if (!replace) throw new CancelledError(`Cancelled. Profile "${ctx.profile}" stays logged in to ${previous.portal}.`);
}

export async function runLogin(given: LoginFlags, ctx: CommandContext): Promise<void> {
  const flags = { ...given, timeout: limits(ctx, { timeoutSeconds: given.timeout }).timeoutSeconds };
  const style = styleFor(ctx.io);
  // As gh does: --with-token (or --with-password) reads the secret from standard input when that is
  // not a terminal; --token-stdin and --password-stdin say so explicitly.
  const stdinFlag = flags.tokenStdin ? '--token-stdin' : flags.passwordStdin ? '--password-stdin' : !ctx.io.stdin.isTTY ? (flags.withToken ? '--with-token' : flags.withPassword ? '--with-password' : undefined) : undefined;
  const interactive = canPrompt(ctx.io, false) && stdinFlag === undefined;
  const profiles = new ProfileStore(ctx.configDir);
  const previous = await profiles.get(ctx.profile);
  const portal = resolvePortal(ctx, flags.portal, previous);
  if (previous && previous.portal !== portal.origin) await confirmReplacing(ctx, previous, portal, interactive);

  if (await environmentSource(ctx.env).lookup()) {
    ctx.io.stderr.write(`${style.yellow('Warning:')} SIGMA_SUPPORT_* credentials are set in the environment; they win over this login for every command while they are set.\n`);
  }

  let method = chosenMethod(flags);
  if (!method) {
    if (!interactive) {
      throw new UsageError(
        'choose how to log in: --web (in the browser), --with-password, or --with-token (only for automation your portal admin approved)',
        'At a terminal: sigma-support auth login --web. In CI: set SIGMA_SUPPORT_OAUTH_TOKEN, or pipe a password with --with-password --password-stdin.',
      );
    }
    method = await ctx.prompter().select<Method>({
      message: `How do you want to log in to ${portal.host}?`,
      choices: [
        { value: 'oauth', name: 'In the browser', description: "Sign in on the portal's own page; nothing to copy. Needs the OAuth client your portal's admin registers." },
        { value: 'password', name: 'With my support account password', description: "Only where the portal's admin turned on password access for customers." },
        { value: 'token', name: 'With an API token (automation)', description: 'Only for automation your portal admin approved: an API token acts for any user of the portal.' },
      ],
    });
  }

  let credentials: Credentials;
  let oauth: { tokens: OAuthTokens; clientId: string } | undefined;
  if (method === 'oauth') {
    const clientId = oauthClientId(portal, ctx.settings.get('oauth-client-id', flags.clientId), previous?.oauth ? { portal: previous.portal, clientId: previous.oauth.clientId } : undefined);
    if (!clientId) {
      throw new UsageError(
        'no OAuth client id is known for --web',
        `The portal's admin must register an OAuth client for sigma-support (public, authorization code with PKCE, redirect URIs ${OAUTH_REDIRECT_URIS.join(' ')}; see docs/ADMIN.md), ` +
          'then give its id with --client-id, SIGMA_SUPPORT_OAUTH_CLIENT_ID or `sigma-support config set oauth-client-id ID`. Until then: --with-password, where the admin allows it.',
      );
    }
    oauth = { tokens: await webLogin(ctx, flags, portal, clientId, interactive), clientId };
    credentials = { method: 'oauth', accessToken: oauth.tokens.accessToken };
  } else {
    const pipeFlag = method === 'token' ? '--token-stdin' : '--password-stdin';
    let email = flags.email;
    if (email === undefined) {
      if (!interactive) throw new UsageError('--email is required without a terminal', `Give the Sigma Support account's email with --email.`);
      email = (await ctx.prompter().input({ message: 'Email of your Sigma Support account', default: previous?.email, validate: (v) => checkEmail(v.trim()) ?? true })).trim();
    }
    const bad = checkEmail(email);
    if (bad) throw new UsageError(`--email: ${bad}`);
    let secret: string;
    if (stdinFlag !== undefined) secret = await secretFromStdin(ctx, stdinFlag);
    else if (interactive) secret = await ctx.prompter().password({ message: method === 'token' ? 'API token' : 'Password', validate: (v) => (v === '' ? 'It cannot be empty' : true) });
    else throw new UsageError(`the ${method === 'token' ? 'API token' : 'password'} must come on standard input without a terminal`, `Pipe it in with ${pipeFlag}; it is never accepted as a flag value.`);
    credentials = method === 'token' ? { method, email, token: secret } : { method, email, password: secret };
  }

  const email = await verify(ctx, portal, fromCredentials(credentials, 'keychain'), flags.timeout);

  const store = ctx.secrets(flags.insecureStorage ? 'file' : 'keychain');
  const account = keychainAccount(ctx.profile, portal, email);
  const secret = credentials.method === 'token' ? credentials.token : credentials.method === 'password' ? credentials.password : JSON.stringify(oauth!.tokens);
  await store.set(account, secret);
  if (flags.insecureStorage) {
    ctx.io.stderr.write(
      `${style.bold.red('Warning:')} the secret is stored UNENCRYPTED in ${ctx.configDir}/insecure-credentials.json (readable only by you). ` +
        'Anyone with access to your account or its backups can use it. Prefer the OS keychain, or environment variables in CI.\n',
    );
  }
  // A login under another email (another keychain account) leaves no stale secret behind.
  if (previous) {
    const oldAccount = keychainAccount(ctx.profile, new URL(previous.portal), previous.email);
    if (oldAccount !== account || previous.storage !== store.kind) await ctx.secrets(previous.storage).delete(oldAccount).catch(() => false);
  }
  await profiles.save(ctx.profile, {
    portal: portal.origin,
    ...(email ? { email } : {}),
    method: credentials.method,
    storage: store.kind,
    ...(oauth ? { oauth: { clientId: oauth.clientId, expiresAt: oauth.tokens.expiresAt, hasRefreshToken: Boolean(oauth.tokens.refreshToken) } } : {}),
  });
  const where = store.kind === 'keychain' ? 'the OS keychain' : 'an unencrypted file';
  const how = { token: 'an API token', password: 'a password', oauth: 'OAuth' }[credentials.method];
  ctx.io.stderr.write(`Logged in to ${portal.origin} as ${email === undefined ? 'an OAuth account' : sanitize(email)} with ${how} (profile "${ctx.profile}", secret in ${where}).\n`);
}

