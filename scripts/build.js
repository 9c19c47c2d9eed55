// Bundles src/ into dist/ with esbuild, as CommonJS: Node starts CommonJS faster than ES modules
// (no module loader to set up, no facade per file), which measured about 16 ms on a scripted submit.
//
//   dist/cli.cjs          the CLI: all of src/ and the small libraries it uses everywhere. Code that
//                         only some commands run is in it but not evaluated until used.
//   dist/help.cjs         the command tree alone, for `--help` (see src/help.ts).
//   dist/auth-status.cjs  `auth status` alone, without commander (see src/fast/auth-status.ts).
//   dist/vendor/*.cjs     one large library each (prompts, spinner, undici, open), read only by
//                         the commands that use it (see src/vendor/README.md).
//   dist/keychain-helper.cjs  the child process that makes one keychain call (src/auth/keychain-helper.ts).
//   dist/*.map            linked source maps: Node reads them only when asked (--debug turns them on
//                         in bin/sigma-support.cjs), so normal start-up never parses them.
//   dist/THIRD-PARTY-NOTICES.md, dist/sbom.cdx.json  every bundled package, its licence text, and
//                         a CycloneDX SBOM of them (scripts/third-party.js), from esbuild's metafiles,
//                         which are kept in build/esbuild-meta.json for the test that checks them.
//
// Type checking is separate: `npm run typecheck` (part of `npm test`).
import { build } from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledPackages, noticesMarkdown, sbomJson } from './third-party.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.18',
  // Linked maps without the sources: stack traces under --debug name src/ files and lines.
  sourcemap: 'linked',
  // Minified: less for Node to read and V8 to deserialise at every start (cli.cjs 860 -> 467 KB:
  // commander alone was 125 KB, mostly comments). keepNames keeps the names of classes and functions:
  // src/errors.ts names each error after its class (new.target.name), and libraries tell errors apart
  // by name. Licence comments stay, at the end of each file (esbuild's legalComments default for
  // bundles); the full licence texts are in THIRD-PARTY-NOTICES.md.
  minify: true,
  keepNames: true,
  sourcesContent: false,
  metafile: true,
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

// undici loads node:http2 (and with it tls) as it loads, for HTTP/2, which it speaks only when
// asked (allowH2), and this CLI never asks: its uploads get what undici itself falls back to where
// Node has no http2. Half of undici's loading time and 2 MB of memory for every command that uploads.
const undiciWithoutHttp2 = {
  name: 'undici-without-http2',
  setup(b) {
    b.onResolve({ filter: /^node:http2$/ }, (args) => (/[\\/]undici[\\/]/.test(args.importer) ? { path: 'http2', namespace: 'no-http2' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'no-http2' }, () => ({ contents: 'module.exports = { constants: {} };', loader: 'js' }));
  },
};

// ora bundles every spinner of cli-spinners (32 of its 62 KB); it draws only `dots`, or `line` where the
// terminal has no Unicode (ora's own choice: src/terminal/upload-progress.ts names none).
const oraSpinnersUsed = {
  name: 'ora-spinners-used',
  setup(b) {
    b.onLoad({ filter: /[\\/]cli-spinners[\\/]spinners\.json$/ }, (args) => {
      const { dots, line } = JSON.parse(readFileSync(args.path, 'utf8'));
      return { contents: JSON.stringify({ dots, line }), loader: 'json' };
    });
  },
};

// Libraries that cost time as they load, and that most runs never call: chalk (made only when
// something is coloured: src/terminal/style.ts), wrap-ansi (its string-width builds an
// Intl.Segmenter as it loads; only prompts, the review and `requests view` wrap text), mime's
// table (attachments only) and @hapi/address (CC addresses only). Imported from src/, each is a
// small module that loads the bundled library on first use.
const LAZY_LIBRARIES = {
  chalk: "module.exports = { get Chalk() { return require('chalk').Chalk; } };",
  'wrap-ansi': "module.exports = function wrapAnsi(...args) { return require('wrap-ansi').default(...args); };",
  'mime/lite': "module.exports = { getType: (name) => require('mime/lite').default.getType(name) };",
  '@hapi/address/esm/email.js': "module.exports = { analyzeEmail: (...args) => require('@hapi/address/esm/email.js').analyzeEmail(...args) };",
};
const lazyLibraries = {
  name: 'lazy-libraries',
  setup(b) {
    b.onResolve({ filter: /^(chalk|wrap-ansi|mime\/lite|@hapi\/address\/esm\/email\.js)$/ }, (args) => (/[\\/]src[\\/]/.test(args.importer) ? { path: args.path, namespace: 'lazy-library' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy-library' }, (args) => ({ contents: LAZY_LIBRARIES[args.path], loader: 'js', resolveDir: root }));
  },
};

// The fast `auth status` answers when nothing is configured, which is where it is fast: without
// zod and the TOML reader (two thirds of its bundle, which V8 would compile at every start). A run
// that would load them (a config file, profiles.json, a setting in the environment) loads this
// instead, which hands the command line over to the full CLI (src/fast/hand-over.ts) before
// anything is printed.
const handOverForSettings = {
  name: 'hand-over-for-settings',
  setup(b) {
    b.onResolve({ filter: /^(\.\/(toml-text|config-schemas|profile-schema)\.js|smol-toml)$/ }, (args) => ({ path: args.path, namespace: 'hand-over' }));
    b.onLoad({ filter: /.*/, namespace: 'hand-over' }, () => ({ contents: "import { HandOver } from './hand-over.ts';\nthrow new HandOver();\n", loader: 'ts', resolveDir: join(root, 'src', 'fast') }));
  },
};

const results = [
  await build({ ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.cjs', plugins: [vendorFiles, lazyChildProcessForCommander, lazyLibraries] }),
  await build({ ...common, entryPoints: ['src/help.ts'], outfile: 'dist/help.cjs', plugins: [lazyChildProcessForCommander] }),
  // `auth status` without commander (src/fast/auth-status.ts), tried first by bin/sigma-support.cjs;
  // minified like the others, since V8 compiles the whole file at every start.
  await build({ ...common, entryPoints: ['src/fast/auth-status.ts'], outfile: 'dist/auth-status.cjs', plugins: [handOverForSettings, vendorFiles, lazyLibraries] }),
  await build({ ...common, entryPoints: vendors.map((v) => `src/vendor/${v}.ts`), outdir: 'dist/vendor', outExtension: { '.js': '.cjs' }, plugins: [undiciWithoutHttp2, oraSpinnersUsed] }),
  await build({
    ...common,
    stdin: { contents: "import { runKeychainHelper } from './src/auth/keychain-helper.ts';\nrunKeychainHelper();\n", resolveDir: root, sourcefile: 'keychain-helper-main.ts', loader: 'ts' },
    outfile: 'dist/keychain-helper.cjs',
  }),
];

const metafiles = results.map((r) => r.metafile);
mkdirSync(new URL('../build', import.meta.url), { recursive: true });
writeFileSync(new URL('../build/esbuild-meta.json', import.meta.url), JSON.stringify(metafiles));
const packages = bundledPackages(metafiles, root);
const intro = `sigma-support ${version} bundles these ${packages.length} packages into dist/. Each is listed with its version, its licence and the text of its licence files.`;
writeFileSync(new URL('../dist/THIRD-PARTY-NOTICES.md', import.meta.url), noticesMarkdown(root, packages, intro));
writeFileSync(new URL('../dist/sbom.cdx.json', import.meta.url), sbomJson(root, { name: 'sigma-support', version }, packages));

// open runs its own copy of xdg-open (Linux without xdg-utils) from beside its code.
copyFileSync(new URL('../node_modules/open/xdg-open', import.meta.url), new URL('../dist/vendor/xdg-open', import.meta.url));
chmodSync(new URL('../dist/vendor/xdg-open', import.meta.url), 0o755);
