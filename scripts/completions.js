// Writes completions/ from the built CLI (`sigma-support completion <shell>`), so the committed
// scripts are exactly what the command prints. A test fails when they are stale.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

export const FILES = { bash: 'completions/sigma-support.bash', zsh: 'completions/_sigma-support', fish: 'completions/sigma-support.fish', powershell: 'completions/sigma-support.ps1' };

const root = new URL('..', import.meta.url);
mkdirSync(new URL('completions', root), { recursive: true });
for (const [shell, file] of Object.entries(FILES)) {
  const script = execFileSync(process.execPath, ['bin/sigma-support.cjs', 'completion', shell], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH } });
  writeFileSync(new URL(file, root), script);
}
