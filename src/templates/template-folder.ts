/**
 * Named templates: `<name>.toml` files in the config folder's `templates/`. `--template` takes a
 * name (looked up there) or a path (anything with a slash, or ending in .toml).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { readTemplate, type Template } from './template-file.js';

export function templatesDir(configDir: string): string {
  return join(configDir, 'templates');
}

/** A path, not a name: it has a slash (or a backslash on Windows), or ends in .toml. */
export function isTemplatePath(argument: string, platform: NodeJS.Platform = process.platform): boolean {
  return argument.includes('/') || (platform === 'win32' && argument.includes('\\')) || argument.toLowerCase().endsWith('.toml');
}

/** The names of the templates in the folder, sorted; none when it does not exist. */
export async function templateNames(configDir: string): Promise<string[]> {
  const names = await readdir(templatesDir(configDir), { withFileTypes: true }).catch(() => []);
  return names
    .filter((d) => (d.isFile() || d.isSymbolicLink()) && d.name.toLowerCase().endsWith('.toml') && d.name.length > 5)
    .map((d) => d.name.slice(0, -5))
    .sort();
}

/** Loads the template `--template` names. */
export async function loadTemplate(argument: string, configDir: string): Promise<Template> {
  if (argument.trim() === '') throw new UsageError('--template: give a template name or a path', 'See the named templates with `sigma-support submit --list-templates`.');
  if (isTemplatePath(argument)) return readTemplate(argument);
  const dir = templatesDir(configDir);
  const names = await templateNames(configDir);
  if (!names.includes(argument)) {
    const known = names.length ? `its templates are ${names.join(', ')}` : 'there are none yet';
    throw new UsageError(
      `--template: no template "${argument}" in ${dir} (${known})`,
      `Nothing was sent. Put a TOML file there as ${join(dir, `${argument}.toml`)}, or give a path to one (such as ./${argument}.toml).`,
    );
  }
  return readTemplate(join(dir, `${argument}.toml`));
}

export interface ListedTemplate {
  name: string;
  path: string;
  about?: string | undefined;
  /** Why it cannot be used, when it cannot. */
  problem?: string | undefined;
}

/** Every named template, with its `about` line, or the problem that keeps it from loading. */
export async function listTemplates(configDir: string): Promise<{ dir: string; templates: ListedTemplate[] }> {
  const dir = templatesDir(configDir);
  const templates = await Promise.all(
    (await templateNames(configDir)).map(async (name): Promise<ListedTemplate> => {
      const path = join(dir, `${name}.toml`);
      try {
        const t = await readTemplate(path);
        return { name, path, about: t.about };
      } catch (error) {
        // the first problem, without the file's name (listed beside it)
        const [first, ...more] = (error as Error).message.split('\n');
        const problem = more.length ? `${more[0]!.replace(/^\s*- /, '')} (and ${more.length - 1} more)` : [`--template ${path}: `, `template ${path}: `].reduce((text, head) => (text.startsWith(head) ? text.slice(head.length) : text), first!);
        return { name, path, problem: more.length === 1 ? problem.replace(/ \(and 0 more\)$/, '') : problem };
      }
    }),
  );
  return { dir, templates };
}
