// What the README tells a new user to run or rely on, checked against the real thing.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/files.js';

const run = promisify(execFile);
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('the README', () => {
  it('names the Node.js version that package.json requires', () => {
    const engines = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    const minimum = /^>=(\d+\.\d+\.\d+)$/.exec(engines)![1]!;
    const named = [...readme.matchAll(/Node\.js (\d+(?:\.\d+)*) or newer/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(0);
    for (const version of named) expect(version).toBe(minimum);
  });

  it('its completion install lines work on a fresh HOME', async () => {
    const block = /Shell completion[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    // the PowerShell line needs PowerShell ($PROFILE): the three Unix shells' lines are run here
    const lines = block.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l && !l.includes('powershell'));
    expect(lines).toHaveLength(3);
    const home = tempDir('fresh-home-');
    const bin = join(tempDir('bin-'), 'sigma-support');
    writeFileSync(bin, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(bin, 0o755);
    const env = { PATH: `${join(bin, '..')}:${process.env.PATH}`, HOME: home };
    for (const line of lines) await run('sh', ['-ec', line], { env, cwd: home });
    for (const file of ['.local/share/bash-completion/completions/sigma-support', '.zfunc/_sigma-support', '.config/fish/completions/sigma-support.fish']) {
      expect(existsSync(join(home, file)), file).toBe(true);
      expect(readFileSync(join(home, file), 'utf8')).toContain('completion for sigma-support');
    }
  });

  it('says prompts check on Enter, as they do, not "as you type"', () => {
    expect(readme).not.toMatch(/\bas you type/);
  });

  it('the completion command\'s own install lines create the folders too', async () => {
    const help = await runCli(['completion', '--help']);
    for (const folder of ['~/.local/share/bash-completion/completions', '~/.config/fish/completions']) expect(help.stdout).toContain(`mkdir -p ${folder}`);
  });
});
