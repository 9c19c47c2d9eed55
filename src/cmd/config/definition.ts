/** `sigma-support config get | set | unset | list`. */
import { Command } from 'commander';
import { CONFIG_KEY_DOCS, CONFIG_KEY_NAMES, envOf } from '../../config/config-key-docs.js';

export function defineConfig(
  program: Command,
  run: { get: (key: string) => Promise<void>; set: (key: string, value: string) => Promise<void>; unset: (key: string) => Promise<void>; list: (flags: { json?: boolean }) => Promise<void> },
): Command {
  const keys = CONFIG_KEY_NAMES.map((k) => `  ${k.padEnd(20)}${CONFIG_KEY_DOCS[k].description}${envOf(k) ? ` (env ${envOf(k)})` : ''}`).join('\n');
  const config = program
    .command('config')
    .description('Read and change the settings in the config file')
    .addHelpText('after', `\nKeys:\n${keys}\n\nPrecedence: flags, then environment variables, then the config file, then defaults.\n\nExamples:\n  $ sigma-support config set cc support-team@example.com\n  $ sigma-support config set timeout 60\n  $ sigma-support config list\n`);
  config.command('get').description('Print the value of a key, wherever it comes from').argument('<key>').action(async (key: string) => run.get(key));
  config.command('set').description('Write a key to the config file').argument('<key>').argument('<value>').action(async (key: string, value: string) => run.set(key, value));
  config.command('unset').description('Remove a key from the config file').argument('<key>').action(async (key: string) => run.unset(key));
  config.command('list').description('Every key, its value, and where the value comes from').option('--json', 'print one JSON object').action(async (flags: { json?: boolean }) => run.list(flags));
  return config;
}
