/** `sigma-support status`: flags and help. The work is in run.ts. */
import { Command, Option } from 'commander';
import { positiveSeconds } from '../flag-parsers.js';
import { DEFAULT_STATUS_URL } from '../../status/status-address.js';

export interface StatusPageFlags {
  statusUrl?: string;
  json?: boolean;
  timeout?: number;
}

export function defineStatus(program: Command, run: (flags: StatusPageFlags) => Promise<void>): Command {
  return program
    .command('status')
    .description("Show Sigma's operational status: components not operational, and unresolved incidents with their latest update")
    .option('--status-url <url>', `the status page (env SIGMA_SUPPORT_STATUS_URL, config status-url; default ${DEFAULT_STATUS_URL})`)
    .option('--json', 'print one JSON object on standard output')
    .addOption(new Option('--timeout <seconds>', 'how long to wait for the status page (default 10)').argParser(positiveSeconds))
    .addHelpText(
      'after',
      `
It reads the page's public Statuspage summary (<status page>/api/v2/summary.json); no credentials
are sent. When the portal is on loopback (the sandbox), the default is the sandbox's own page.
Exit 0 when the page was read (whatever it shows), 1 when it could not be.

Examples:
  $ sigma-support status
  $ sigma-support status --json | jq '.incidents[].name'
`,
    )
    .action(async (flags: StatusPageFlags) => run(flags));
}
