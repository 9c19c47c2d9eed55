/**
 * What every command that talks to the portal needs: which portal, which credentials (in order:
 * the environment, then the profile's keychain entry), and a client for it. One place, so submit,
 * auth and requests agree.
 */
import { environmentSource, fromCredentials, refusedCredentialsHint, resolveCredentials, type ResolvedCredentials } from '../auth/credentials.js';
import { profileSource } from '../auth/profile-source.js';
import { ProfileStore } from '../auth/profiles.js';
import { UsageError } from '../errors.js';
import { HttpClient, type RetryNotice } from '../portal/http-client.js';
import { DEFAULT_RETRY_POLICY } from '../portal/retry-policy.js';
import type { PortalApi, PortalApiOptions } from '../portal/portal-api.js';
import { DEFAULT_LOCALE, localeOfUrl } from '../portal/portal-url.js';
import type { CommandContext } from './context.js';
import { resolvePortal } from './portal-choice.js';

export { resolvePortal };

export interface SessionOptions {
  portalFlag?: string | undefined;
  sandbox?: boolean | undefined;
  timeoutSeconds?: number | undefined;
  /** Told before each retry wait, to show it. */
  onRetry?: ((notice: RetryNotice) => void) | undefined;
  /** Tries after the first (default: DEFAULT_RETRY_POLICY). */
  retries?: number | undefined;
}

export interface Session {
  portal: URL;
  /** The Help Center language of the pages shown (helpCenterLocale). */
  locale: string;
  credentials: ResolvedCredentials;
  api: PortalApi;
  /** Set when the session runs against a sandbox started for it. */
  sandboxDir?: string;
  close(): Promise<void>;
}

export const DEFAULT_TIMEOUT_SECONDS = 30;

/** The Help Center locale: the --portal (or SIGMA_SUPPORT_URL) path's /hc/<locale>/, then `locale` in the config, then en-us. */
export function helpCenterLocale(ctx: CommandContext, portalFlag: string | undefined): string {
  return localeOfUrl(portalFlag ?? ctx.env.SIGMA_SUPPORT_URL) ?? ctx.settings.get('locale') ?? DEFAULT_LOCALE;
}

export function userAgent(ctx: CommandContext): string {
  return `sigma-support/${ctx.version} node/${process.versions.node}`;
}

/** Seconds to wait at each step, and retries: from the flag, environment, config or default. */
export function limits(ctx: CommandContext, o: Pick<SessionOptions, 'timeoutSeconds' | 'retries'>): { timeoutSeconds: number; retries: number } {
  return { timeoutSeconds: ctx.settings.get('timeout', o.timeoutSeconds) ?? DEFAULT_TIMEOUT_SECONDS, retries: ctx.settings.get('retries', o.retries) ?? DEFAULT_RETRY_POLICY.retries };
}

export function httpClient(ctx: CommandContext, portal: URL, credentials: ResolvedCredentials | undefined, timeoutSeconds = DEFAULT_TIMEOUT_SECONDS, retry?: Pick<SessionOptions, 'onRetry' | 'retries'> & { proxy?: false }): HttpClient {
  return new HttpClient({
    proxy: retry?.proxy,
    env: ctx.env,
    onRetry: retry?.onRetry,
    retry: retry?.retries !== undefined ? { ...DEFAULT_RETRY_POLICY, retries: retry.retries } : undefined,
    portal,
    auth: credentials?.auth,
    authHint: refusedCredentialsHint(credentials),
    timeoutMs: timeoutSeconds * 1000,
    userAgent: userAgent(ctx),
    debug: ctx.debug,
    // Ctrl-C stops every call but those that must see their answer (http-client.ts: CallOptions.signal)
    signal: ctx.signal,
  });
}

/** Warnings from the portal layer (a list cut short) go to stderr: the portal layer knows no terminal. */
function portalApiOptions(ctx: CommandContext): PortalApiOptions {
  return { onWarning: (message) => ctx.io.stderr.write(`warning: ${message}\n`) };
}

/** The credentials for this portal, in order: the environment, then the profile. Exit 4 with neither. */
export async function findCredentials(ctx: CommandContext, portal: URL, timeoutSeconds = DEFAULT_TIMEOUT_SECONDS): Promise<ResolvedCredentials> {
  return resolveCredentials([
    environmentSource(ctx.env),
    profileSource({
      name: ctx.profile,
      portal,
      profiles: new ProfileStore(ctx.configDir),
      secrets: ctx.secrets,
      now: ctx.now,
      tokenClient: () => httpClient(ctx, portal, undefined, timeoutSeconds),
    }),
  ]);
}

export async function openSession(ctx: CommandContext, options: SessionOptions): Promise<Session> {
  const o = { ...options, ...limits(ctx, options) };
  if (o.sandbox) {
    if (o.portalFlag) throw new UsageError('--sandbox and --portal cannot be used together', 'Use --sandbox alone to file into a local sandbox portal.');
    const [{ startSandbox }, { mkdtemp }, { join }, { HttpPortalApi }] = await Promise.all([import('../sandbox/server.js'), import('node:fs/promises'), import('node:path'), import('../portal/portal-api.js')]);
    const dataDir = await mkdtemp(join(ctx.tempDir, 'sigma-support-sandbox-'));
    const sandbox = await startSandbox({ dataDir });
    ctx.io.stderr.write(`Sandbox portal on ${sandbox.url.origin} (as ${sandbox.account.email}): nothing reaches Sigma.\n`);
    const credentials = fromCredentials({ method: 'token', email: sandbox.account.email, token: sandbox.account.apiToken }, 'sandbox');
    // The sandbox runs in this process: a proxy could never reach it.
    const api = new HttpPortalApi(httpClient(ctx, sandbox.url, credentials, o.timeoutSeconds, { ...o, proxy: false }), portalApiOptions(ctx));
    return {
      portal: sandbox.url,
      locale: ctx.settings.get('locale') ?? DEFAULT_LOCALE,
      credentials,
      api,
      sandboxDir: dataDir,
      close: async () => {
        await api.close();
        await sandbox.close();
        ctx.io.stderr.write(`The sandbox kept what it received in ${dataDir}\n`);
      },
    };
  }
  const profile = await new ProfileStore(ctx.configDir).get(ctx.profile);
  const portal = resolvePortal(ctx, o.portalFlag, profile);
  const credentials = await findCredentials(ctx, portal, o.timeoutSeconds);
  // The portal client (and the answers' schemas) only once there are credentials to use it with.
  const { HttpPortalApi } = await import('../portal/portal-api.js');
  const api = new HttpPortalApi(httpClient(ctx, portal, credentials, o.timeoutSeconds, o), portalApiOptions(ctx));
  return { portal, locale: helpCenterLocale(ctx, o.portalFlag), credentials, api, close: () => api.close() };
}
