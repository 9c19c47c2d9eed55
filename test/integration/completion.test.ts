// The completion scripts, loaded in their real shells. With CI=true the shells must be there.
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli } from '../helpers/cli.js';
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

async function bash(line: string): Promise<string[]> {
  const script = `source /usr/share/bash-completion/bash_completion; source ${join(ROOT, FILES.bash)}
COMP_LINE=${JSON.stringify(line)}; COMP_POINT=\${#COMP_LINE}; read -ra COMP_WORDS <<< "$COMP_LINE"; [[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _sigma_support; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const { stdout } = await run('bash', ['-c', script], { env, cwd: home });
  return stdout.split('\n').filter(Boolean);
}
async function zsh(line: string): Promise<string[]> {
  const { stdout } = await run('zsh', [join(ROOT, 'test/helpers/zsh-complete.zsh'), join(ROOT, 'completions'), line, zshDump], { env, cwd: home, timeout: 30_000 });
  return stdout.split('\n').filter(Boolean);
}
async function fish(line: string): Promise<string[]> {
  const { stdout } = await run('fish', ['-c', `source ${join(ROOT, FILES.fish)}; complete -C${JSON.stringify(line)}`], { env, cwd: home });
  return stdout.split('\n').filter(Boolean);
}

const SEVERITIES = ['S0', 'S1', 'S2', 'S3', 'critical', 'high', 'low', 'medium'];

describe('completion scripts', () => {
  it('the committed scripts are what `sigma-support completion` prints (run `npm run completions`)', async () => {
    for (const [shell, file] of Object.entries(FILES)) {
      const printed = await runCli(['completion', shell]);
      expect(printed.exitCode).toBe(0);
      expect(`${printed.stdout}\n`, `${file} is stale: run npm run completions`).toBe(readFileSync(join(ROOT, file), 'utf8'));
    }
  });

  describe.skipIf(!shells.bash)('bash', () => {
    it('completes flags, severity values, files and profiles', async () => {
      expect(await bash('sigma-support submit --sev')).toEqual(['--severity']);
      expect((await bash('sigma-support submit --severity ')).sort()).toEqual(SEVERITIES);
      expect((await bash('sigma-support requests ')).sort()).toEqual(['list', 'reply', 'solve', 'view']);
      writeFileSync(join(home, 'crash.log'), 'x');
      expect(await bash('sigma-support submit --attach cra')).toEqual(['crash.log']);
      expect((await bash('sigma-support --profile ')).sort()).toEqual(['staging', 'work']);
    });

    it('completes shells, help topics, --attach=<Tab> and the saved drafts for --recover, drafts show and drafts delete', async () => {
      expect((await bash('sigma-support completion ')).sort()).toEqual(['bash', 'fish', 'powershell', 'zsh']);
      expect((await bash('sigma-support help ')).sort()).toEqual(TOPICS_AND_COMMANDS);
      writeFileSync(join(home, 'crash.log'), 'x');
      expect(await bash('sigma-support submit --attach=cra')).toEqual(['crash.log']);
      expect(await bash('sigma-support submit --recover ')).toEqual([DRAFT]);
      expect(await bash('sigma-support drafts show ')).toEqual([DRAFT]);
      expect(await bash('sigma-support drafts delete --yes ')).toEqual([DRAFT]);
    });

    it('completes the named templates for --template, and files when no name matches', async () => {
      expect((await bash('sigma-support submit --template ')).sort()).toEqual(['exports', 'outage']);
      expect(await bash('sigma-support submit --template out')).toEqual(['outage']);
      writeFileSync(join(home, 'mine.toml'), 'about = "x"\n');
      expect(await bash('sigma-support submit --template min')).toEqual(['mine.toml']);
    });
  });

  describe.skipIf(!shells.zsh)('zsh', () => {
    it('completes flags and severity values', async () => {
      expect(await zsh('sigma-support submit --sev')).toEqual(['--severity']);
      expect(await zsh('sigma-support submit --severity ')).toEqual(SEVERITIES);
      expect(await zsh('sigma-support requests ')).toEqual(['list', 'reply', 'solve', 'view']);
      expect(await zsh('sigma-support completion ')).toEqual(['bash', 'fish', 'powershell', 'zsh']);
      expect(await zsh('sigma-support help ')).toEqual(TOPICS_AND_COMMANDS);
      expect(await zsh('sigma-support submit --recover ')).toContain(DRAFT);
      expect(await zsh('sigma-support drafts show ')).toContain(DRAFT);
      expect(await zsh('sigma-support drafts delete ')).toContain(DRAFT);
      expect(await zsh('sigma-support --profile ')).toEqual(['staging', 'work']);
      // the harness once pointed compinit's dump at /dev/null, which as root replaced the device
      expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    });

    it('completes the named templates for --template', async () => {
      expect(await zsh('sigma-support submit --template ')).toEqual(expect.arrayContaining(['exports', 'outage']));
    });
  });

  describe.skipIf(!shells.fish)('fish', () => {
    it('completes flags, and severity values with their meanings', async () => {
      expect(await fish('sigma-support submit --sev')).toEqual(['--severity\tS0, S1, S2 or S3, or critical, high, medium, low (required)']);
      const values = await fish('sigma-support submit --severity ');
      expect(values.map((v) => v.split('\t')[0]).sort()).toEqual(SEVERITIES);
      // the portal's own words for S0, written out here: the completions are built from LEVEL_INFO, so comparing with it proves nothing
      expect(values.find((v) => v.startsWith('S0\t'))).toBe('S0\tS0 (critical): Sigma service is inaccessible for one or more major product components and affects crucial business processes.');
      expect((await fish('sigma-support completion ')).map((v) => v.split('\t')[0]).sort()).toEqual(['bash', 'fish', 'powershell', 'zsh']);
      expect((await fish('sigma-support help ')).map((v) => v.split('\t')[0]).sort()).toEqual(TOPICS_AND_COMMANDS);
      expect((await fish('sigma-support submit --recover ')).map((v) => v.split('\t')[0])).toContain(DRAFT);
      expect((await fish('sigma-support drafts show ')).map((v) => v.split('\t')[0])).toContain(DRAFT);
      expect((await fish('sigma-support drafts delete ')).map((v) => v.split('\t')[0])).toContain(DRAFT);
      expect((await fish('sigma-support --profile ')).map((v) => v.split('\t')[0]).sort()).toEqual(['staging', 'work']);
      expect((await fish('sigma-support submit --template ')).map((v) => v.split('\t')[0])).toEqual(expect.arrayContaining(['exports', 'outage']));
    });
  });
});
