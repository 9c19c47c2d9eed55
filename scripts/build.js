// Bundles src/ into dist/ with esbuild, as CommonJS: Node starts CommonJS faster than ES modules
// (no module loader to set up, no facade per file), which measured about 16 ms on a scripted submit.
//
//   dist/cli.cjs          the CLI: all of src/ and the small libraries it uses everywhere. Code that
//                         only some commands run is in it but not evaluated until used.
//   dist/help.cjs         the command tree alone, for `--help` (see src/help.ts).
//   dist/vendor/*.cjs     one large library each (prompts, spinner, undici, open), read only by
//                         the commands that use it (see src/vendor/README.md).
//
// Type checking is separate: `npm run typecheck` (part of `npm test`).
import { build } from 'esbuild';
import { chmodSync, copyFileSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.18',
  sourcemap: false,
  logLevel: 'warning',
  // import.meta.url is ES-module-only; these bundles are CommonJS (scripts/import-meta-url.js).
  inject: ['scripts/import-meta-url.js'],
  define: { __VERSION__: JSON.stringify(version), 'import.meta.url': 'import_meta_url' },
  // A dynamic import becomes a require() when its module is first needed.
  supported: { 'dynamic-import': false },
  // The keychain library is a native addon with its own prebuilt binaries: installed, not bundled.
  external: ['@napi-rs/keyring'],
};

const vendors = readdirSync(new URL('../src/vendor', import.meta.url)).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));

// src/vendor/<name>.js, imported from anywhere in src/, is dist/vendor/<name>.cjs, built on its own.
const vendorFiles = {
  name: 'vendor-files',
  setup(b) {
    b.onResolve({ filter: /[\\/]vendor[\\/][\w-]+\.js$/ }, (args) => {
      const name = /([\w-]+)\.js$/.exec(args.path)[1];
      return vendors.includes(name) ? { path: `./vendor/${name}.cjs`, external: true } : undefined;
    });
  },
};

// commander loads node:child_process as it loads, only to run `<program>-<command>` executables,
// which this CLI never has: it gets the module on first use instead (3 ms off every start).
const lazyChildProcessForCommander = {
  name: 'lazy-child-process-for-commander',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) => (/[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-builtin' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({ contents: "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });", loader: 'js' }));
  },
};

await build({ ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.cjs', plugins: [vendorFiles, lazyChildProcessForCommander] });
await build({ ...common, entryPoints: ['src/help.ts'], outfile: 'dist/help.cjs', plugins: [lazyChildProcessForCommander] });
await build({ ...common, entryPoints: vendors.map((v) => `src/vendor/${v}.ts`), outdir: 'dist/vendor', outExtension: { '.js': '.cjs' } });

// open runs its own copy of xdg-open (Linux without xdg-utils) from beside its code.
copyFileSync(new URL('../node_modules/open/xdg-open', import.meta.url), new URL('../dist/vendor/xdg-open', import.meta.url));
chmodSync(new URL('../dist/vendor/xdg-open', import.meta.url), 0o755);
