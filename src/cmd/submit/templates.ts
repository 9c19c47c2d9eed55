/**
 * `submit --template` and `--list-templates`: a template (templates/) fills what the flags and a
 * recovered draft did not give. Its S0 is never confirmed by it: the typed confirmation at a
 * terminal, or --confirm-s0 in a script, is still needed.
 */
import { UsageError } from '../../errors.js';
import type { Template } from '../../templates/template-file.js';
import { prefixedSubject } from '../../templates/subject-prefix.js';
import { listTemplates } from '../../templates/template-folder.js';
import { safeJson, sanitize } from '../../terminal/sanitize.js';
import type { CommandContext } from '../context.js';
import { withGlobalFlags } from '../hints.js';
import type { FormState } from './ask.js';

/**
 * Fills what is still missing from the template: CCs, severity, and the subject's prefix (put
 * before a subject already given; one typed at the prompt gets it there).
 */
export function fillFromTemplate(form: FormState, template: Template, confirmedLater: boolean): void {
  form.cc ??= template.cc;
  if (form.severity === undefined && template.severity !== undefined) {
    form.severity = template.severity;
    // In a script an S0 from a template is refused like any unconfirmed S0, naming where it came
    // from; at a terminal the S0 guard asks for it to be typed (ask.ts).
    if (template.severity === 'S0' && !form.s0Confirmed && !confirmedLater) {
      throw new UsageError(
        `the template ${template.path} sets severity S0 (critical), which pages the on-call Sigma Support engineers immediately, and it was not confirmed`,
        'Nothing was sent. Add --confirm-s0 if the issue meets the S0 criteria; otherwise give --severity S1, S2 or S3, which wins over the template.',
      );
    }
  }
  if (form.subject !== undefined) form.subject = prefixedSubject(form.subject, template.subjectPrefix);
}

/** The template's fields as --field arguments: before any --field, which win over them. */
export function templateFieldFlags(template: Template | undefined): string[] {
  return template?.fields.map((f) => f.flag) ?? [];
}

/** `submit --list-templates`: the named templates, and where they live. */
export async function runListTemplates(flags: { json?: boolean | undefined }, ctx: CommandContext): Promise<void> {
  const { dir, templates } = await listTemplates(ctx.configDir);
  if (flags.json) {
    ctx.io.stdout.write(`${safeJson({ folder: dir, templates: templates.map((t) => ({ name: t.name, path: t.path, about: t.about ?? null, ...(t.problem ? { problem: t.problem } : {}) })) })}\n`);
    return;
  }
  if (templates.length === 0) {
    ctx.io.stderr.write(
      `No templates yet. Put them in ${sanitize(dir)} as <name>.toml files (such as ${sanitize(dir)}/exports.toml),\nthen use one with \`sigma-support submit --template exports\`. What a template may set: \`sigma-support submit --help\`.\n`,
    );
    return;
  }
  const width = Math.max(...templates.map((t) => t.name.length)) + 2;
  for (const t of templates) {
    const about = t.problem ? `(cannot be used: ${t.problem})` : (t.about ?? '');
    ctx.io.stdout.write(`${sanitize(t.name).padEnd(width)}${sanitize(about)}`.trimEnd() + '\n');
  }
  ctx.io.stderr.write(`${withGlobalFlags(`Templates in ${sanitize(dir)}.\nUse one with \`sigma-support submit --template <name>\`.`, ctx.globalFlags)}\n`);
}
