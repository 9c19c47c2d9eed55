/** `sigma-support auth login | status | logout`: flags and help. The work is in login.ts, status.ts, logout.ts. */
import { Command, Option } from 'commander';
import { positiveSeconds } from '../flag-parsers.js';
import { exitCodesHelp } from '../../exit-codes.js';
import { UsageError } from '../../errors.js';

export interface LoginFlags {
  portal?: string;
  email?: string;
  withPassword?: boolean;
  withToken?: boolean;
  web?: boolean;
  clientId?: string;
  passwordStdin?: boolean;
  tokenStdin?: boolean;
  insecureStorage?: boolean;
  /** commander's negated --no-browser: false when given. */
  browser: boolean;
  timeout?: number;
  /** Refused on purpose: secrets never travel in argv. */
  token?: string;
  password?: string;
}

export interface LogoutFlags {
  portal?: string;
}

export interface StatusFlags {
  portal?: string;
  json?: boolean;
}


const LOGIN_HELP = `
Methods:
  --web            in the browser (OAuth: authorization code with PKCE), the way to log in. Needs the
                   OAuth client your portal's admin registers (--client-id, SIGMA_SUPPORT_OAUTH_CLIENT_ID
                   or config oauth-client-id). The browser comes back to http://127.0.0.1:17861/callback
                   (or 17862, 17863); over SSH, paste the address the browser ended on.
  --with-password  the Sigma Support account's password, only where the portal's admin turned on
                   password access for customers.
  --with-token     an API token, only for automation your portal admin approved: a token acts for any
                   user of the portal. Zendesk retires API tokens on 2027-04-30.
The credentials are checked against the portal before anything is stored. The secret goes to the OS
keychain (service "sigma-support"); the rest (portal, email, method) to the config folder.

Examples:
  Interactive (asks the method, the email and the secret, masked):
    $ sigma-support auth login

  In the browser:
    $ sigma-support auth login --web --client-id sigma-support-cli

  From a script, the password on stdin (never as a flag; read from stdin when it is not a terminal):
    $ printf %s "$PASSWORD" | sigma-support auth login --email me@corp.com --with-password

  A second account or portal, as its own profile (a profile holds one login: logging it in to another
  portal replaces its login, which is said, and asked first at a terminal):
    $ sigma-support --profile staging auth login --portal https://support.example.com

  Without a keychain (headless Linux, WSL, SSH), in a file only you can read, not encrypted:
    $ sigma-support auth login --web --insecure-storage

The Sigma Support account is separate from the Sigma app account: if you have none, ask your Sigma
Account Manager.

${exitCodesHelp()}
`;

/** The value is not echoed: it is a secret the user should now consider exposed. */
const refuseSecretFlag = (flag: string, stdinFlag: string) => (): never => {
  throw new UsageError(`${flag}: a secret is never accepted as a flag value: it shows in shell history and the process list`, `Pass it on standard input with ${stdinFlag}, and consider that secret exposed.`);
};

export function defineAuth(
  program: Command,
  run: { login: (flags: LoginFlags) => Promise<void>; status: (flags: StatusFlags) => Promise<void>; logout: (flags: LogoutFlags) => Promise<void> },
): Command {
  const auth = program.command('auth').description('Log in to the support portal, see which account is used, and log out');
  auth
    .command('login')
    .description('Check credentials against the portal, then keep them: the secret in the OS keychain')
    .option('--portal <url>', 'the support portal (env SIGMA_SUPPORT_URL; default https://support.sigmacomputing.com)')
    .option('--email <address>', "the Sigma Support account's email")
    .addOption(new Option('--web', 'log in in the browser with OAuth (the way to log in)').conflicts(['withToken', 'withPassword']))
    .addOption(new Option('--with-password', 'log in with the account password, where the portal allows it; read from standard input when that is not a terminal').conflicts(['withToken', 'web']))
    .addOption(new Option('--with-token', 'log in with an API token (automation your portal admin approved); read from standard input when that is not a terminal').conflicts(['withPassword', 'web']))
    .option('--client-id <id>', 'the OAuth client id for --web (env SIGMA_SUPPORT_OAUTH_CLIENT_ID)')
    .addOption(new Option('--token-stdin', 'read the API token from standard input (even from a terminal)').conflicts(['passwordStdin', 'web']))
    .addOption(new Option('--password-stdin', 'read the password from standard input').conflicts(['tokenStdin', 'web']))
    .option('--insecure-storage', 'keep the secret in a 0600 file instead of the OS keychain (not encrypted)')
    .option('--no-browser', 'with --web: print the sign-in URL instead of opening a browser (at a terminal, then paste the address the browser ended on)')
    .addOption(new Option('--timeout <seconds>', 'how long to wait for the portal, and for the browser sign-in (x10)').argParser(positiveSeconds))
    .addOption(new Option('--token <secret>').hideHelp().argParser(refuseSecretFlag('--token', '--token-stdin')))
    .addOption(new Option('--password <secret>').hideHelp().argParser(refuseSecretFlag('--password', '--password-stdin')))
    .addHelpText('after', LOGIN_HELP)
    .action(async (flags: LoginFlags) => run.login(flags));
  auth
    .command('status')
    .description('Show which account, portal and method are used, where the secret comes from, and whether the portal accepts it now')
    .option('--portal <url>', 'the support portal (env SIGMA_SUPPORT_URL)')
    .option('--json', 'print the status as one JSON object')
    .addHelpText('after', `\nThe secret itself is never printed.\n\nExamples:\n  $ sigma-support auth status\n  $ sigma-support --profile staging auth status --json\n\nExit codes: 0 the portal accepts the credentials; 1 the portal could not be reached; 4 no credentials, or refused.\n`)
    .action(async (flags: StatusFlags) => run.status(flags));
  auth
    .command('logout')
    .description("Remove the profile's secret from the OS keychain (or file) and its saved settings")
    .option('--portal <url>', 'log out of this portal: the profile logged in to it')
    .addHelpText('after', `\nExamples:\n  $ sigma-support auth logout\n  $ sigma-support --profile staging auth logout\n  $ sigma-support auth logout --portal https://support.example.com\n`)
    .action(async (flags: LogoutFlags) => run.logout(flags));
  return auth;
}
