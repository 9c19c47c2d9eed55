/**
 * What the completion scripts complete, read from the commander definitions themselves, so the
 * scripts cannot drift from the real flags.
 */
import type { Command, Option } from 'commander';
import { LEVELS, LEVEL_INFO } from '../severity/levels.js';

export interface FlagSpec {
  name: string;
  description: string;
  takesValue: boolean;
  /** How its value is completed. */
  values?: { kind: 'files' } | { kind: 'profiles' } | { kind: 'drafts' } | { kind: 'templates' } | { kind: 'words'; words: Array<{ word: string; description: string }> };
}

export interface CommandSpec {
  /** Words from the root: [] for the root, ['requests', 'list'], ... */
  path: string[];
  description: string;
  subcommands: Array<{ name: string; description: string }>;
  flags: FlagSpec[];
  /** Words for the first argument, where they are known (config keys, a choice of shells, help topics). */
  argumentWords?: string[];
  /** Its argument is a saved draft (`drafts show`, `drafts delete`): completed from `__drafts`, or files. */
  argumentIsDraft?: boolean;
}

const FILE_FLAGS = new Set(['--attach', '--no-scrub', '--description-file', '--message-file', '--data-dir']);

const SEVERITY_WORDS = [
  ...LEVELS.map((l) => ({ word: l, description: `${LEVEL_INFO[l].label}: ${LEVEL_INFO[l].description}` })),
  ...LEVELS.map((l) => ({ word: LEVEL_INFO[l].word, description: `same as ${l}` })),
];

function flagOf(option: Option): FlagSpec | undefined {
  if (option.hidden || !option.long) return undefined;
  const takesValue = option.required || option.optional;
  const spec: FlagSpec = { name: option.long, description: option.description.replace(/\s+/g, ' '), takesValue };
  if (option.long === '--severity') spec.values = { kind: 'words', words: SEVERITY_WORDS };
  else if (option.long === '--profile') spec.values = { kind: 'profiles' };
  else if (option.long === '--recover') spec.values = { kind: 'drafts' };
  else if (option.long === '--template') spec.values = { kind: 'templates' };
  else if (FILE_FLAGS.has(option.long)) spec.values = { kind: 'files' };
  else if (option.argChoices) spec.values = { kind: 'words', words: option.argChoices.map((word) => ({ word, description: '' })) };
  return spec;
}

export function completionModel(program: Command, argumentWords: Record<string, string[]> = {}): CommandSpec[] {
  const globals = program.options.map(flagOf).filter((f): f is FlagSpec => f !== undefined);
  const specs: CommandSpec[] = [];
  const visit = (command: Command, path: string[]) => {
    const visible = command.commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden);
    const words = argumentWords[path.join(' ')] ?? command.registeredArguments[0]?.argChoices;
    specs.push({
      path,
      description: command.description(),
      subcommands: visible.map((c) => ({ name: c.name(), description: c.description() })),
      flags: [...(path.length ? command.options.map(flagOf).filter((f): f is FlagSpec => f !== undefined) : []), ...globals, { name: '--help', description: 'show help', takesValue: false }],
      ...(words ? { argumentWords: [...words] } : {}),
      ...(command.registeredArguments[0]?.name() === 'draft' ? { argumentIsDraft: true } : {}),
    });
    for (const c of visible) visit(c, [...path, c.name()]);
  };
  visit(program, []);
  return specs;
}
