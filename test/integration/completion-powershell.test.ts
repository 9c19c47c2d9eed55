/**
 * `completion powershell`. PowerShell cannot be installed on these machines (neither apt nor npm
 * has it), so the script is not run here: it is parsed with the tree-sitter PowerShell grammar
 * (a syntax check, not PowerShell's own parser) and its tables are checked against the CLI's
 * commands and flags. What a real PowerShell would do with it is untested.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { ROOT, runCli } from '../helpers/cli.js';

let parser: Parser;
beforeAll(async () => {
  await Parser.init();
  parser = new Parser();
  parser.setLanguage(await Language.load(createRequire(import.meta.url).resolve('tree-sitter-powershell/tree-sitter-powershell.wasm')));
});

/** Where the grammar could not parse: ERROR and MISSING nodes, with their line. */
function syntaxErrors(script: string): string[] {
  const errors: string[] = [];
  const walk = (node: Node) => {
    if (node.isError || node.isMissing) errors.push(`line ${node.startPosition.row + 1}: ${node.text.slice(0, 80)}`);
    for (const child of node.children) if (child) walk(child);
  };
  walk(parser.parse(script)!.rootNode);
  return errors;
}

describe('completion powershell', () => {
  let script: string;
  beforeAll(async () => {
    const result = await runCli(['completion', 'powershell']);
    expect(result.exitCode).toBe(0);
    script = `${result.stdout}\n`;
  });

  it('is the committed completions/sigma-support.ps1', () => {
    expect(script, 'completions/sigma-support.ps1 is stale: run npm run completions').toBe(readFileSync(join(ROOT, 'completions', 'sigma-support.ps1'), 'utf8'));
  });

  it('parses as PowerShell, and the check does catch a broken script', () => {
    expect(syntaxErrors(script)).toEqual([]);
    expect(syntaxErrors(script.replace('-ScriptBlock {', '-ScriptBlock ')).length).toBeGreaterThan(0);
    expect(syntaxErrors(script.replace("@('--subject', ", "@('--subject, ")).length).toBeGreaterThan(0);
  });

  it('registers a native completer with the commands, flags and values of the CLI', () => {
    expect(script).toContain("Register-ArgumentCompleter -Native -CommandName @('sigma-support', 'sigma-support.exe')");
    expect(script).toMatch(/^ {4}'' = @\(@\('submit', /m);
    expect(script).toMatch(/^ {4}'requests' = @\(@\('list', .*@\('view', .*@\('reply', /m);
    expect(script).toMatch(/^ {4}'submit' = @\(.*@\('--severity', .*@\('--attach', /m);
    expect(script).toMatch(/^ {4}'--severity' = @\(@\('S0', /m);
    expect(script).toMatch(/\$__sigmaSupportValueFlags = @\(.*'--attach'.*'--severity'/);
    expect(script).toContain("$__sigmaSupportProfileFlags = @(,'--profile')");
    expect(script).toContain("$__sigmaSupportDraftCommands = @('drafts show', 'drafts delete')");
    // a quote in a description is doubled, as single-quoted PowerShell strings need
    expect(script).toContain("the portal''s");
  });
});
