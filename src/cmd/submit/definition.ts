/**
 * `sigma-support submit`: its flags, help and examples. Kept free of heavy imports so that
 * `--help` is fast; the work itself is in run.ts, loaded only when the command runs.
 */
import { Command, Option } from 'commander';
import { positiveSeconds, requestNumber, retryCount } from '../flag-parsers.js';
import { exitCodesHelp } from '../../exit-codes.js';
import { LEVELS, LEVEL_INFO } from '../../severity/levels.js';
import { DEFAULT_PORTAL } from '../../portal/portal-url.js';
import { S0_CATEGORIES, S0_CATEGORY_IDS, type S0CategoryId } from '../../core/s0-criteria.js';

export interface SubmitFlags {
  subject?: string;
  description?: string;
  descriptionFile?: string;
  editor?: boolean;
  severity?: string;
  cc?: string[];
  attach?: string[];
  confirmS0?: boolean;
  yes?: boolean;
  /** commander's negated --no-input: false when given. */
  input: boolean;
  dryRun?: boolean;
  json?: boolean;
  portal?: string;
  sandbox?: boolean;
  timeout?: number;
  recover?: string;
  listDrafts?: boolean;
  retries?: number;
  web?: boolean;
  /** commander's negated --no-scrub <path>: true, or the paths given. */
  scrub?: true | string[];
  s0Category?: S0CategoryId;
  form?: string;
  field?: string[];
  template?: string;
  listTemplates?: boolean;
  emailFallback?: boolean;
  open?: boolean;
  /** A follow-up of this closed request (via_followup_source_id). */
  followUp?: number;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];


const EXAMPLES = `
Examples:
  Fill in the form interactively (prompts for each field, then a review):
    $ sigma-support submit

  From a script (never prompts; exit code tells the outcome):
    $ sigma-support submit --subject "Dashboard fails to load" \\
        --description-file error.txt --severity S2 \\
        --cc teammate@example.com --attach har.json --attach screenshot.png --json

  Description from another command, on stdin:
    $ kubectl logs deploy/etl | tail -50 | sigma-support submit --subject "ETL sync fails" \\
        --description-file - --severity high --no-input

  S0 from a script (pages Sigma's on-call engineers at once: --confirm-s0 is required):
    $ sigma-support submit --subject "Sigma is down for all users" \\
        --description "Every workbook returns error 503 (ID 8f2c...)" --severity S0 --confirm-s0 \\
        --s0-category core-features

  Finish in the browser instead (accounts without API access, refused attachments):
    $ sigma-support submit --subject "Export fails" --severity S2 --web

  Fill the portal's other fields (by title or id; a drop-down takes an option's name or tag):
    $ sigma-support submit --subject "Export fails" --description-file err.txt --severity S2 \\
        --field "Product area=Workbooks" --field "Affected users=12"

  Start from a template (templates/exports.toml in the config folder; see "Templates" below):
    $ sigma-support submit --template exports --subject "Export stops at 10k rows"
    $ sigma-support submit --list-templates

  See exactly what would be sent, without sending anything:
    $ sigma-support submit --subject "Question" --description "How do I ...?" --severity S3 --dry-run

  Rehearse against a local sandbox portal (no account needed, nobody is paged):
    $ sigma-support submit --sandbox

  The portal is down: write the request as an email to send from your mail client instead
  (asked at a terminal for S0 and S1; the .eml is saved beside the draft):
    $ sigma-support submit --recover <draft> --email-fallback --open

  Recover what you typed after a failed or interrupted submit (the path is printed then):
    $ sigma-support submit --list-drafts
    $ sigma-support submit --recover ~/.local/state/sigma-support/drafts/draft-....json

Severity:
${LEVELS.map((l) => `  ${LEVEL_INFO[l].label.padEnd(14)}${LEVEL_INFO[l].description}`).join('\n')}
  S0 pages the on-call Support engineers immediately, day or night.

S0 categories (Sigma's escalation criteria; --s0-category records one):
${S0_CATEGORIES.map((c) => `  ${c.id.padEnd(20)}${c.label}`).join('\n')}

Templates (TOML; every key optional; flags win over them, and prompts ask what is still missing):
  about = "Exports that fail"           one line, shown by --list-templates
  subject-prefix = "[Exports]"          put before the subject
  severity = "S2"                       an S0 still needs the typed confirmation, or --confirm-s0
  cc = ["data-team@example.com"]
  skeleton = """..."""                  the editor's checklist, instead of the default
  [fields]                              the form's other fields, as --field takes them
  "Product area" = "Exports"

At a terminal the editor opens with a checklist of what Sigma Support needs, on lines starting with "~~": those lines are not sent as long as they are left as they are.

Credentials come from the login saved by \`sigma-support auth login\` (the secret in the OS keychain), or from SIGMA_SUPPORT_EMAIL with SIGMA_SUPPORT_TOKEN or SIGMA_SUPPORT_PASSWORD, or SIGMA_SUPPORT_OAUTH_TOKEN, which win over the login; never from flags. At a terminal with none, it offers to log in now and go
on, or to open the pre-filled form in the browser.

${exitCodesHelp()}
`;

export function defineSubmit(program: Command, run: (flags: SubmitFlags) => Promise<void>): Command {
  return program
    .command('submit')
    .description("File a support request with Sigma: the portal's \"Submit a request\" form, from a terminal or a script")
    .option('--subject <text>', 'brief summary of the problem (required)')
    .option('--description <text>', 'the problem, with the error message and its ID (required: this, --description-file or --editor)')
    .option('--description-file <path>', 'read the description from a UTF-8 file; "-" reads standard input (at a terminal: end it with Ctrl-D)')
    .option('--editor', 'write the description in $VISUAL or $EDITOR (split as a shell would: "code --wait" works)')
    .addOption(new Option('--severity <level>', 'S0, S1, S2 or S3, or critical, high, medium, low (required)'))
    .option('--form <id|name>', "the portal's form to file under, when it has several (default: its default form)")
    .option('--field <id|title=value>', 'a field of the form beyond subject, description and severity; a drop-down takes an option name or tag; repeatable', collect)
    .option('--template <name|path>', "fill what is not given from a template: a name in the config folder's templates/, or a .toml file")
    .option('--list-templates', 'list the named templates, and where they are kept')
    .option('--cc <email>', 'send a copy of the request and every answer to this address; repeatable, or comma-separated', collect)
    .option('--attach <path>', 'attach a file; repeatable', collect)
    .option('--no-scrub <path>', 'send this attached HAR file as it is, without removing cookies and tokens; repeatable', (v: string, p: unknown) => [...(Array.isArray(p) ? (p as string[]) : []), v])
    .option('--confirm-s0', 'confirm an S0 (critical) request, which pages on-call at once; the only way to send S0 without a terminal')
    .addOption(new Option('--s0-category <name>', "Sigma's S0 category, recorded at the top of the description (S0 only; asked at a terminal)").choices(S0_CATEGORY_IDS))
    .option('-y, --yes', 'skip the final review question (never skips the S0 confirmation)')
    .option('--no-input', 'never prompt; fail with exit 2 when a required field is missing')
    .option('--dry-run', 'check everything and print exactly what would be sent, without sending it')
    .option('--json', 'print the result as one JSON object on standard output')
    .option('--portal <url>', `the support portal (env SIGMA_SUPPORT_URL; default ${DEFAULT_PORTAL})`)
    .option('--sandbox', 'file into a local sandbox portal started for this command, with its own account')
    .addOption(new Option('--timeout <seconds>', 'how long to wait for the portal at each step (default 30, at most 3600)').argParser(positiveSeconds))
    .addOption(new Option('--retries <n>', 'how many times a failed call may be tried again (default 3)').argParser(retryCount))
    .option('--recover <draft>', 'fill the fields from a draft saved by a failed or interrupted submit')
    .option('--list-drafts', 'list the saved drafts')
    .option('--web', "open the portal's own form in the browser, pre-filled with what is given (no credentials needed)")
    .option('--email-fallback', 'when the portal is down (no answer after the retries, or 5xx), write the request as an email (.eml) beside the draft without asking')
    .option('--open', 'with the email written: hand it to the system mail client (implies --email-fallback)')
    .addOption(new Option('--follow-up <id>', 'file a follow-up of this closed request: a new request linked to it, its subject pre-filled (--subject overrides)').argParser(requestNumber))
    .addHelpText('after', EXAMPLES)
    .action(async (flags: SubmitFlags) => run(flags));
}
