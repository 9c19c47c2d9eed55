/** Runs the sandbox portal in the foreground until Ctrl-C, SIGTERM or SIGHUP. */
import { mkdtemp } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CliError, PortalError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import { SANDBOX_OAUTH_CLIENT_ID } from '../../sandbox/fixtures.js';
import { startSandbox } from '../../sandbox/server.js';
import type { CommandContext } from '../context.js';
import type { SandboxFlags } from './definition.js';

export async function runSandbox(flags: SandboxFlags, ctx: CommandContext): Promise<void> {
  const dataDir = flags.dataDir ? resolve(flags.dataDir) : await mkdtemp(join(ctx.tempDir, 'sigma-support-sandbox-'));
  let sandbox;
  try {
    sandbox = await startSandbox({ dataDir, port: flags.port, host: flags.host, faults: flags.fault ?? [], passwordAccess: flags.passwordAccess, hostileText: flags.hostileText === true, incidents: flags.incident ?? [], formSetup: { severityAs: flags.severityAs, extraFields: flags.extraFields, forms: flags.forms }, ...(flags.throttle ? { throttleBytesPerSecond: flags.throttle } : {}) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError(`port ${flags.port} is already in use`, ExitCode.usage, 'Choose another with --port, or --port 0 for a free one.');
    throw new PortalError(`the sandbox could not start: ${(error as Error).message}`);
  }
  const a = sandbox.account;
  ctx.io.stdout.write(
    [
      `Sandbox portal listening on ${sandbox.url.origin}`,
      `Data folder: ${dataDir}`,
      ...(flags.hostileText ? ['Hostile text: every text it answers carries escape sequences.'] : []),
      `Status page: ${sandbox.url.origin}/status${flags.incident?.length ? ` (incidents: ${flags.incident.join('; ')})` : ''}`,
      ...(flags.fault?.length ? [`Faults: ${flags.fault.map((f) => `${f.target}=${f.kind}:${f.times === Infinity ? 'always' : f.times}`).join(', ')}`] : []),
      '',
      'It accepts this account (sandbox only):',
      `  email           ${a.email}`,
      `  API token       ${a.apiToken}`,
      `  password        ${a.password}${flags.passwordAccess ? '' : ' (refused: --no-password-access)'}`,
      `  OAuth token     ${a.oauthToken}`,
      `  OAuth client id ${SANDBOX_OAUTH_CLIENT_ID}   (auth login --web --client-id ${SANDBOX_OAUTH_CLIENT_ID})`,
      '',
      'Try it:',
      `  export SIGMA_SUPPORT_URL=${sandbox.url.origin} SIGMA_SUPPORT_EMAIL=${a.email} SIGMA_SUPPORT_TOKEN=${a.apiToken}`,
      '  sigma-support submit',
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  // The command's signal: aborted on SIGINT, SIGTERM or SIGHUP (a closed terminal or SSH session), so a
  // sandbox is never left running after its terminal goes.
  await new Promise<void>((done) => {
    const stop = () => void sandbox.close().then(done);
    if (ctx.signal.aborted) stop();
    else ctx.signal.addEventListener('abort', stop, { once: true });
  });
  ctx.io.stderr.write(`Sandbox stopped. What it received is in ${dataDir}\n`);
}
