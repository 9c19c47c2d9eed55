// Bundles src/ into dist/ with esbuild. Code that only some commands need (prompts, HTTP,
// the sandbox) sits behind dynamic imports, so esbuild splits it into chunks that load on use.
// Type checking is separate: `npm run typecheck` (part of `npm test`).
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.18',
  // Dependencies are bundled too (tree-shaken, fewer files to resolve at startup), except the
  // keychain library (a native addon) and `open` (it runs a helper script that ships beside it).
  external: ['@napi-rs/keyring', 'open'],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: false,
  logLevel: 'warning',
  define: { __VERSION__: JSON.stringify(version) },
});

// `--help` (any command line that mentions it) is answered from this one CommonJS file when it can
// be: no ES module loader, no command code. See src/help.ts.
await build({
  absWorkingDir: root,
  entryPoints: ['src/help.ts'],
  outfile: 'dist/help.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.18',
  sourcemap: false,
  logLevel: 'warning',
  define: { __VERSION__: JSON.stringify(version) },
});
