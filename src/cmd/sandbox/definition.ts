/** `sigma-support sandbox`: its flags and help. The server is in src/sandbox/. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { FAULT_KINDS, FAULT_TARGETS, parseFault, type FaultSpec } from '../../sandbox/faults.js';
import { FORM_SETUPS } from '../../sandbox/form-setups.js';

export interface SandboxFlags {
  port: number;
  dataDir?: string;
  host: string;
  fault?: FaultSpec[];
  throttle?: number;
  /** commander's negated --no-password-access: false when given. */
  passwordAccess: boolean;
  hostileText?: boolean;
  incident?: string[];
  severityAs?: 'custom' | 'priority';
  extraFields?: boolean;
  forms?: 'default' | 'none' | 'several' | 'several-no-default';
}

function kilobytesPerSecond(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('give a rate in KB/s above 0');
  return n * 1024;
}

function fault(value: string, previous: FaultSpec[] | undefined): FaultSpec[] {
  try {
    return [...(previous ?? []), parseFault(value)];
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('give a port number from 0 to 65535');
  return n;
}

export function defineSandbox(program: Command, run: (flags: SandboxFlags) => Promise<void>): Command {
  return program
    .command('sandbox')
    .description('Run a local Zendesk-compatible support portal on loopback, to rehearse scripts and try the tool without paging anyone')
    .addOption(new Option('--port <n>', 'port to listen on; 0 picks a free one').argParser(port).default(8765))
    .option('--data-dir <dir>', 'where to keep what it receives (default: a new temporary folder)')
    .addOption(new Option('--host <address>', 'loopback address to listen on').choices(['127.0.0.1', 'localhost', '::1']).default('127.0.0.1'))
    .option('--fault <target=kind[:once|N|always]>', 'inject a fault, e.g. create=429:once or upload=reset:2; repeatable', fault)
    .option('--incident <name>', 'show an unresolved incident with this name on its status page (/status); repeatable', (v: string, p: string[] | undefined) => [...(p ?? []), v])
    .addOption(new Option('--throttle <KB/s>', 'read each upload at most this fast, per connection').argParser(kilobytesPerSecond))
    .addOption(new Option('--severity-as <kind>', 'Severity as a custom drop-down, or as the system Priority field titled "Severity"').choices([...FORM_SETUPS.severityAs]))
    .option('--extra-fields', 'add required and conditional fields of every type customers can fill to the form')
    .addOption(new Option('--forms <setup>', 'the forms: one default (default), none (404, as plans without forms), several, several with no default').choices([...FORM_SETUPS.forms]))
    .option('--no-password-access', 'turn end-user password access off, as on a new Zendesk account: a password counts as no login')
    .option('--hostile-text', 'put terminal escape sequences, C1 controls, bidi overrides and zero-width characters in every text it answers')
    .addHelpText(
      'after',
      `
It prints its URL and the credentials it accepts. Point the CLI at it with, for example:
  $ SIGMA_SUPPORT_URL=http://127.0.0.1:8765 SIGMA_SUPPORT_EMAIL=sandbox@example.com \\
    SIGMA_SUPPORT_TOKEN=sandbox-api-token sigma-support submit --dry-run ...

What it receives is kept under the data folder: requests/<id>.json, uploads/<token>/ (the bytes as
received) and journal.jsonl (one line per HTTP call). Stop it with Ctrl-C.

It serves a status page too, at /status (the Statuspage API's /status/api/v2/summary.json), which
a CLI pointed at this portal reads before S0 and S1 requests and for \`sigma-support status\`:
  $ sigma-support sandbox --incident "Workbooks fail to load"

Faults, to rehearse what a script does when things go wrong (--fault <target>=<kind>[:once|N|always]):
  targets: ${FAULT_TARGETS.join(', ')}
${Object.entries(FAULT_KINDS).map(([k, v]) => `  ${k.padEnd(19)}${v}`).join('\n')}
  $ sigma-support sandbox --fault create=503:always --fault upload=reset:once

--hostile-text rehearses a portal that tries to take over your terminal: subjects, comments,
statuses, dates, names, field options, error texts and the status page's incidents all carry escape
sequences (title, clipboard, links, clear screen), C1 controls, bidi overrides and zero-width characters.`,
    )
    .action(async (flags: SandboxFlags) => run(flags));
}
