// The completion scripts, loaded in their real shells. With CI=true the shells must be there.
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { tempDir } from '../helpers/files.js';

const run = promisify(execFile);
const FILES = { bash: 'completions/sigma-support.bash', zsh: 'completions/_sigma-support', fish: 'completions/sigma-support.fish' } as const;

async function has(tool: string): Promise<boolean> {
  return run('sh', ['-c', `command -v ${tool}`]).then(() => true, () => false);
}
const shells = { bash: (await has('bash')) && (await run('sh', ['-c', 'test -f /usr/share/bash-completion/bash_completion']).then(() => true, () => false)), zsh: await has('zsh'), fish: await has('fish') };
const missing = Object.entries(shells).filter(([, ok]) => !ok).map(([s]) => s);
if (missing.length && process.env.CI === 'true') throw new Error(`CI=true but these shells are missing for the completion tests: ${missing.join(', ')} (apt-get install bash-completion zsh fish)`);
if (missing.length) console.warn(`\n!! COMPLETION TESTS SKIPPED for ${missing.join(', ')}: install bash-completion, zsh and fish to run them.\n`);

// `sigma-support` on PATH, as an installed CLI would be, with a home of its own.
const home = tempDir('sigma-completion-');
const shimDir = join(home, 'bin');
const draftsFolder = join(home, '.local', 'state', 'sigma-support', 'drafts');
const DRAFT = join(draftsFolder, 'draft-2026-11-28T21-00-00-000Z.json');
/** compinit's dump, written by the first zsh call and read by the others. */
const zshDump = tempDir('zcompdump-');
const TOPICS_AND_COMMANDS = ['auth', 'completion', 'config', 'drafts', 'environment', 'exit-codes', 'requests', 'sandbox', 'status', 'submit'];
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  mkdirSync(shimDir);
  writeFileSync(join(shimDir, 'sigma-support'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(shimDir, 'sigma-support'), 0o755);
  env = { PATH: `${shimDir}:${process.env.PATH}`, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_STATE_HOME: join(home, '.local', 'state'), TERM: 'dumb' };
  // a saved draft, for --recover completion (only its name matters to completion)
  mkdirSync(draftsFolder, { recursive: true });
  writeFileSync(join(draftsFolder, 'draft-2026-11-28T21-00-00-000Z.json'), '{}');
  // a saved profile, for profile-name completion
  mkdirSync(join(home, '.config', 'sigma-support'), { recursive: true });
  // named templates, for --template completion
  mkdirSync(join(home, '.config', 'sigma-support', 'templates'));
  for (const name of ['exports', 'outage']) writeFileSync(join(home, '.config', 'sigma-support', 'templates', `${name}.toml`), 'about = "x"\n');
  writeFileSync(join(home, '.config', 'sigma-support', 'profiles.json'), JSON.stringify({ profiles: { staging: { portal: 'https://s.example.com', email: 'a@example.com', method: 'token', storage: 'keychain' }, work: { portal: 'https://w.example.com', email: 'b@example.com', method: 'token', storage: 'keychain' } } }));
});

/**
 * Each shell completes all of a test's lines in one process, one line after the other, and prints
 * <<next>> after each line's candidates: starting a shell (and loading bash-completion, or zsh's
 * compinit) once per line cost more than the completions themselves. Returns each line's candidates.
 */
function perLine(stdout: string, lines: readonly string[]): string[][] {
  const groups: string[][] = [[]];
  for (const l of stdout.split('\n')) {
    if (l === '<<next>>') groups.push([]);
    else if (l) groups.at(-1)!.push(l);
  }
  // one group per line, and nothing after the last marker
  expect(groups.at(-1)).toEqual([]);
  expect(groups.length - 1).toBe(lines.length);
  return groups.slice(0, -1);
}
async function bash(...lines: string[]): Promise<string[][]> {
  const complete = (line: string) => `COMP_LINE=${JSON.stringify(line)}; COMP_POINT=\${#COMP_LINE}; read -ra COMP_WORDS <<< "$COMP_LINE"; [[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _sigma_support; printf '%s\\n' "\${COMPREPLY[@]}"; echo '<<next>>'`;
  const script = `source /usr/share/bash-completion/bash_completion; source ${join(ROOT, FILES.bash)}
${lines.map(complete).join('\n')}`;
  const { stdout } = await run('bash', ['-c', script], { env, cwd: home });
  return perLine(stdout, lines);
}
async function zsh(...lines: string[]): Promise<string[][]> {
  const { stdout } = await run('zsh', [join(ROOT, 'test/helpers/zsh-complete.zsh'), join(ROOT, 'completions'), zshDump, ...lines], { env, cwd: home, timeout: 60_000 });
  return perLine(stdout, lines);
}
async function fish(...lines: string[]): Promise<string[][]> {
  const script = `source ${join(ROOT, FILES.fish)}; ${lines.map((line) => `complete -C${JSON.stringify(line)}; echo '<<next>>'`).join('; ')}`;
  const { stdout } = await run('fish', ['-c', script], { env, cwd: home });
  return perLine(stdout, lines);
}

const SEVERITIES = ['S0', 'S1', 'S2', 'S3', 'critical', 'high', 'low', 'medium'];

describe('completion scripts', () => {
  it('the committed scripts are what `sigma-support completion` prints (run `npm run completions`)', async () => {
    for (const [shell, file] of Object.entries(FILES)) {
      const printed = await runCliInProcess(['completion', shell]);
      expect(printed.exitCode).toBe(0);
      expect(`${printed.stdout}\n`, `${file} is stale: run npm run completions`).toBe(readFileSync(join(ROOT, file), 'utf8'));
    }
  });

  describe.skipIf(!shells.bash)('bash', () => {
    it('completes flags, severity values, files and profiles', async () => {
      writeFileSync(join(home, 'crash.log'), 'x');
      const [sev, severity, requests, attach, profile] = await bash('sigma-support submit --sev', 'sigma-support submit --severity ', 'sigma-support requests ', 'sigma-support submit --attach cra', 'sigma-support --profile ');
      expect(sev).toEqual(['--severity']);
      expect(severity!.sort()).toEqual(SEVERITIES);
      expect(requests!.sort()).toEqual(['list', 'reply', 'solve', 'view']);
      expect(attach).toEqual(['crash.log']);
      expect(profile!.sort()).toEqual(['staging', 'work']);
    });

    it('completes shells, help topics, --attach=<Tab> and the saved drafts for --recover, drafts show and drafts delete', async () => {
      writeFileSync(join(home, 'crash.log'), 'x');
      const [shellNames, topics, attach, recover, show, remove] = await bash('sigma-support completion ', 'sigma-support help ', 'sigma-support submit --attach=cra', 'sigma-support submit --recover ', 'sigma-support drafts show ', 'sigma-support drafts delete --yes ');
      expect(shellNames!.sort()).toEqual(['bash', 'fish', 'powershell', 'zsh']);
      expect(topics!.sort()).toEqual(TOPICS_AND_COMMANDS);
      expect(attach).toEqual(['crash.log']);
      expect(recover).toEqual([DRAFT]);
      expect(show).toEqual([DRAFT]);
      expect(remove).toEqual([DRAFT]);
    });

    it('completes the named templates for --template, and files when no name matches', async () => {
      writeFileSync(join(home, 'mine.toml'), 'about = "x"\n');
      const [all, named, file] = await bash('sigma-support submit --template ', 'sigma-support submit --template out', 'sigma-support submit --template min');
      expect(all!.sort()).toEqual(['exports', 'outage']);
      expect(named).toEqual(['outage']);
      expect(file).toEqual(['mine.toml']);
    });
  });

  describe.skipIf(!shells.zsh)('zsh', () => {
    it('completes flags and severity values', async () => {
      const [sev, severity, requests, shellNames, topics, recover, show, remove, profile] = await zsh(
        'sigma-support submit --sev',
        'sigma-support submit --severity ',
        'sigma-support requests ',
        'sigma-support completion ',
        'sigma-support help ',
        'sigma-support submit --recover ',
        'sigma-support drafts show ',
        'sigma-support drafts delete ',
        'sigma-support --profile ',
      );
      expect(sev).toEqual(['--severity']);
      expect(severity).toEqual(SEVERITIES);
      expect(requests).toEqual(['list', 'reply', 'solve', 'view']);
      expect(shellNames).toEqual(['bash', 'fish', 'powershell', 'zsh']);
      expect(topics).toEqual(TOPICS_AND_COMMANDS);
      expect(recover).toContain(DRAFT);
      expect(show).toContain(DRAFT);
      expect(remove).toContain(DRAFT);
      expect(profile).toEqual(['staging', 'work']);
      // the harness once pointed compinit's dump at /dev/null, which as root replaced the device
      expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    });

    it('completes the named templates for --template', async () => {
      const [templates] = await zsh('sigma-support submit --template ');
      expect(templates).toEqual(expect.arrayContaining(['exports', 'outage']));
    });
  });

  describe.skipIf(!shells.fish)('fish', () => {
    it('completes flags, and severity values with their meanings', async () => {
      const [sev, values, shellNames, topics, recover, show, remove, profile, templates] = await fish(
        'sigma-support submit --sev',
        'sigma-support submit --severity ',
        'sigma-support completion ',
        'sigma-support help ',
        'sigma-support submit --recover ',
        'sigma-support drafts show ',
        'sigma-support drafts delete ',
        'sigma-support --profile ',
        'sigma-support submit --template ',
      );
      const names = (candidates: string[] | undefined) => candidates!.map((v) => v.split('\t')[0]);
      expect(sev).toEqual(['--severity\tS0, S1, S2 or S3, or critical, high, medium, low (required)']);
      expect(names(values).sort()).toEqual(SEVERITIES);
      // the portal's own words for S0, written out here: the completions are built from LEVEL_INFO, so comparing with it proves nothing
      expect(values!.find((v) => v.startsWith('S0\t'))).toBe('S0\tS0 (critical): Sigma service is inaccessible for one or more major product components and affects crucial business processes.');
      expect(names(shellNames).sort()).toEqual(['bash', 'fish', 'powershell', 'zsh']);
      expect(names(topics).sort()).toEqual(TOPICS_AND_COMMANDS);
      expect(names(recover)).toContain(DRAFT);
      expect(names(show)).toContain(DRAFT);
      expect(names(remove)).toContain(DRAFT);
      expect(names(profile).sort()).toEqual(['staging', 'work']);
      expect(names(templates)).toEqual(expect.arrayContaining(['exports', 'outage']));
    });
  });
});
