/** `sigma-support drafts list | show | delete`: flags and help. The work is in run.ts, loaded on use. */
import type { Command } from 'commander';

export interface DraftsListFlags {
  json?: boolean;
}
export interface DraftsShowFlags {
  json?: boolean;
}
export interface DraftsDeleteFlags {
  yes?: boolean;
  /** commander's negated --no-input: false when given. */
  input: boolean;
}

export function defineDrafts(
  program: Command,
  run: {
    list: (f: DraftsListFlags) => Promise<void>;
    show: (ref: string, f: DraftsShowFlags) => Promise<void>;
    delete: (ref: string, f: DraftsDeleteFlags) => Promise<void>;
  },
): Command {
  const drafts = program.command('drafts').description('List, show and delete the drafts kept by failed or interrupted submits');
  drafts.addHelpText(
    'after',
    `
A draft is saved when a submit fails or is interrupted, and before every create is sent; it is deleted once the request is confirmed. Drafts saved more than 30 days ago are deleted when drafts are listed and when a failed submit keeps its draft, except a draft whose create was sent (the request may exist: \`submit --recover\` settles it) and a draft a run is using.

Examples:
  $ sigma-support drafts list
  $ sigma-support drafts show 1f0c9a2e
  $ sigma-support submit --recover 1f0c9a2e
  $ sigma-support drafts delete 1f0c9a2e
`,
  );
  drafts
    .command('list')
    .description('List the saved drafts, newest last (also: submit --list-drafts)')
    .option('--json', 'print an array of objects on standard output')
    .action(async (flags: DraftsListFlags) => run.list(flags));
  drafts
    .command('show')
    .description('Show what a draft holds')
    .argument('<draft>', 'the draft: its id (as `drafts list` shows it) or its file')
    .option('--json', 'print the draft as one JSON object')
    .action(async (ref: string, flags: DraftsShowFlags) => run.show(ref, flags));
  drafts
    .command('delete')
    .description('Delete a draft')
    .argument('<draft>', 'the draft: its id (as `drafts list` shows it) or its file')
    .option('-y, --yes', 'delete a draft whose create was sent without asking (the request may exist)')
    .option('--no-input', 'never prompt')
    .action(async (ref: string, flags: DraftsDeleteFlags) => run.delete(ref, flags));
  return drafts;
}
