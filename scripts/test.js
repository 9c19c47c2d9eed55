// `npm test`: the type check (tsc --noEmit) and the tests (vitest run, given this script's arguments)
// at the same time, since neither reads what the other writes; fails if either fails. tsc's output is
// held until the tests end, so it does not land in the middle of vitest's.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const node = process.execPath;

/** The script a package names as its command (package.json "bin"). */
function bin(pkg, name) {
  const manifest = require.resolve(`${pkg}/package.json`);
  const { bin: bins } = JSON.parse(readFileSync(manifest, 'utf8'));
  return join(dirname(manifest), typeof bins === 'string' ? bins : bins[name]);
}

function run(args, stdio) {
  const child = spawn(node, args, { stdio });
  let output = '';
  if (stdio[1] === 'pipe') {
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
  }
  return new Promise((resolve) => {
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

const [types, tests] = await Promise.all([
  run([bin('typescript', 'tsc'), '--noEmit'], ['ignore', 'pipe', 'pipe']),
  run([bin('vitest', 'vitest'), 'run', ...process.argv.slice(2)], 'inherit'),
]);
if (types.code !== 0) process.stderr.write(`\ntsc --noEmit failed (exit ${types.code}):\n${types.output}`);
else process.stdout.write('tsc --noEmit: no type errors\n');
process.exitCode = types.code || tests.code;
