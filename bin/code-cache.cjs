'use strict';
// Loads the CLI's files (dist/cli.cjs and the dist/chunk-*.cjs it requires) with a V8 code cache, on
// Node 20, which has no compile cache of its own (module.enableCompileCache() arrived in Node 22.1:
// https://nodejs.org/api/module.html#moduleenablecompilecachecachedir). Without it, V8 parses every
// file a command loads at every start; with it, the compiled code of the functions a command ran is
// read back (https://nodejs.org/api/vm.html#scriptcreatecacheddata).
//
// The cache is one file in the user's cache folder (the same folder the CLI caches in), holding one
// V8 cache per file of dist/ that has been loaded, so a start reads one file however many it
// loads. It is named after everything that makes it valid: the CLI's version, Node's version and
// architecture, and the identity on disk of dist/cli.cjs (device, inode, size, change time; a build
// rewrites it, and the chunk files are named after their content), since V8 itself checks only the
// length of a source. A cache V8 refuses (another V8, other flags) is written again.
const { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } = require('node:fs');
const Module = require('node:module');
const { homedir } = require('node:os');
const { basename, dirname, join } = require('node:path');
const { Script } = require('node:vm');

/** The cache folder, as src/app-paths.ts names it (env-paths' rules for 'sigma-support'), from the environment. */
function cacheFolder(env) {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'sigma-support');
  if (process.platform === 'win32') return join(env.LOCALAPPDATA || join(homedir(), 'AppData', 'Local'), 'sigma-support', 'Cache');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'sigma-support');
}

// The cache file: a 4-byte length, a JSON index { file name: [offset, length] } and the V8 caches.
function readCaches(cacheFile) {
  try {
    const data = readFileSync(cacheFile);
    const indexLength = data.readUInt32LE(0);
    const index = JSON.parse(data.toString('utf8', 4, 4 + indexLength));
    const base = 4 + indexLength;
    return new Map(Object.entries(index).map(([name, [offset, length]]) => [name, data.subarray(base + offset, base + offset + length)]));
  } catch {
    return new Map(); // no cache yet (or an unreadable one): compile from the sources
  }
}

function writeCaches(cacheFile, caches) {
  const index = {};
  let offset = 0;
  for (const [name, data] of caches) {
    index[name] = [offset, data.length];
    offset += data.length;
  }
  const indexBytes = Buffer.from(JSON.stringify(index));
  const header = Buffer.alloc(4);
  header.writeUInt32LE(indexBytes.length, 0);
  const temp = `${cacheFile}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    for (const part of [header, indexBytes, ...caches.values()]) writeSync(fd, part);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, cacheFile);
}

/**
 * Makes every .cjs file directly in `dist` load with the cache from now on. Returns `save()`, which
 * writes the cache when a file had none or V8 refused it (call it once the command has run, so the
 * functions it compiled are in the cache).
 */
function useCodeCache(dist, version) {
  const stat = statSync(join(dist, 'cli.cjs'));
  const folder = cacheFolder(process.env);
  const key = ['cli', version, process.version, process.arch, stat.dev, stat.ino, stat.size, Math.round(stat.ctimeMs)].join('-').replace(/[^\w.-]/g, '_');
  const cacheFile = join(folder, `${key}.v8cache`);
  const caches = readCaches(cacheFile);
  const loaded = new Map(); // file name: its Script, for the files loaded without a usable cache
  const loadJs = Module._extensions['.js'];
  // A file ending in .cjs is loaded by the handler of its extension when there is one
  // (https://github.com/nodejs/node/blob/v20.x/lib/internal/modules/cjs/loader.js, findLongestRegisteredExtension).
  Module._extensions['.cjs'] = function loadWithCache(mod, filename) {
    if (dirname(filename) !== dist) return loadJs(mod, filename);
    const name = basename(filename);
    const cachedData = caches.get(name);
    const script = new Script(Module.wrap(readFileSync(filename, 'utf8')), { filename, cachedData });
    if (!cachedData || script.cachedDataRejected) loaded.set(name, script);
    script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(filename), mod, filename, dist);
  };
  const save = () => {
    if (loaded.size === 0) return;
    try {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      for (const [name, script] of loaded) caches.set(name, script.createCachedData());
      writeCaches(cacheFile, caches);
      // caches of earlier builds, versions or Node versions are of no more use
      for (const name of readdirSync(folder)) {
        if (name.startsWith('cli-') && name.endsWith('.v8cache') && name !== basename(cacheFile)) rmSync(join(folder, name), { force: true });
      }
    } catch {
      // a cache that cannot be written only costs the next start its compile time
    }
  };
  return { save };
}

module.exports = { useCodeCache };
