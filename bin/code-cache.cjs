'use strict';
// Loads dist/cli.cjs with a V8 code cache. Without one, V8 parses the bundle at every start; with
// it, the compiled code of the functions a command ran is read back
// (https://nodejs.org/api/vm.html#scriptcreatecacheddata). Node 20 has no compile cache of its own
// (module.enableCompileCache() arrived in Node 22.1:
// https://nodejs.org/api/module.html#moduleenablecompilecachecachedir); on Node 22 and 24 this one,
// written once a command has run, measured faster than Node's for a scripted submit (bench/notes.md).
//
// The cache is a file in the user's cache folder (the same folder the CLI caches in), named after
// everything that makes it valid: the CLI's version, Node's version and architecture, and the
// bundle's identity on disk (device, inode, size, change time), since V8 itself checks only the
// length of the source. A cache V8 refuses (another V8, other flags) is written again.
//
// Each command has a cache of its own (`label`: `submit`, `requests-list`, ...). A cache holds the
// code of the functions the run that made it compiled, and reading it back costs in proportion to
// its size: `requests list` read a 530 KB cache made by a submit, of which it needed about 400 KB,
// and compiled its own functions that were not in it (bench/notes.md).
const { closeSync, constants, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeSync } = require('node:fs');
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

/** Node's CommonJS wrapper (https://nodejs.org/api/modules.html#the-module-wrapper): the text before and after a module's source. */
const WRAPPER = Module.wrap('\0').split('\0');

/** Reads up to `length` bytes of a file (a path or an open descriptor) into `buffer` from `offset`; returns how many it read. */
function readWhole(file, buffer, offset, length) {
  const fd = typeof file === 'number' ? file : openSync(file, 'r');
  try {
    let done = 0;
    for (let n = -1; done < length && n !== 0; done += n) n = readSync(fd, buffer, offset + done, length - done, done);
    return done;
  } finally {
    if (fd !== file) closeSync(fd);
  }
}

/** The commands that have subcommands (src/program.ts): their label names the subcommand too. */
const GROUPS = new Set(['auth', 'config', 'drafts', 'requests']);

/**
 * The cache's label for a command line: its command word, and for a group its subcommand word
 * (`requests-list`), skipping flags and the value of --profile (the one global flag with a value).
 * Anything else (a value, a typo) gives no new label, so there are no more caches than commands.
 * Any label is safe: it only chooses which of the caches is read.
 */
function commandLabel(args) {
  const words = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--profile') i++;
    else if (!args[i].startsWith('-')) {
      if (!/^[a-z]{1,20}$/.test(args[i])) break;
      words.push(args[i]);
      if (words.length === 2 || !GROUPS.has(words[0])) break;
    }
  }
  return words.join('-') || 'none';
}

/**
 * Requires `file` (a CommonJS bundle) as `require` would, compiled with the cache for this command
 * line when there is a valid one. Returns its exports and `save(code)`, which writes the cache when
 * there was none (call it once the command has run, so the functions it compiled are in the cache),
 * if the command ended with exit code 0: a mistyped command makes no cache of its own.
 */
function requireWithCodeCache(file, version, args) {
  const stat = statSync(file);
  const folder = cacheFolder(process.env);
  // The installed bundle (the CLI's version and the file's identity) first, so that the caches of
  // other installs can be told apart from those of this one made by other Node versions.
  const install = `${basename(file, '.cjs')}-${[version, stat.dev, stat.ino, stat.size, Math.round(stat.ctimeMs)].join('-').replace(/[^\w.-]/g, '_')}-`;
  const cacheFile = join(folder, `${install}${[process.version, process.arch, commandLabel(args)].join('-').replace(/[^\w.-]/g, '_')}.v8cache`);
  // The source, in Node's CommonJS wrapper, and then the cache are read into one buffer: every page
  // of memory touched for the first time is costly (about 14 µs on the machine bench/notes.md
  // measured), and the string Module.wrap() concatenates is copied again when V8 flattens it. The
  // source is a string of its own before the cache is read over it.
  let cacheFd;
  let cacheSize = 0;
  try {
    // without waiting for a writer, should a FIFO be in its place: anything but a file is no cache
    cacheFd = openSync(cacheFile, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const info = fstatSync(cacheFd);
    if (info.isFile()) cacheSize = info.size;
  } catch {
    // no cache yet (or an unreadable one): compile from the source
  }
  let cachedData;
  let source;
  try {
    const buffer = Buffer.allocUnsafeSlow(Math.max(WRAPPER[0].length + stat.size + WRAPPER[1].length, cacheSize));
    const start = buffer.write(WRAPPER[0], 0, 'latin1');
    const read = readWhole(file, buffer, start, stat.size);
    if (read === stat.size) source = buffer.toString('utf8', 0, start + read + buffer.write(WRAPPER[1], start + read, 'latin1'));
    else source = Module.wrap(readFileSync(file, 'utf8')); // the file changed since it was looked at
    try {
      if (cacheSize > 0 && readWhole(cacheFd, buffer, 0, cacheSize) === cacheSize) cachedData = buffer.subarray(0, cacheSize);
    } catch {
      // an unreadable cache: compile from the source
    }
  } finally {
    if (cacheFd !== undefined) closeSync(cacheFd);
  }
  const script = new Script(source, { filename: file, cachedData });
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(dirname(file));
  Module._cache[file] = mod;
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dirname(file));
  mod.loaded = true;
  const save = (code) => {
    if (code !== 0 || (cachedData && !script.cachedDataRejected)) return;
    try {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      const data = script.createCachedData();
      const temp = `${cacheFile}.${process.pid}.tmp`;
      const fd = openSync(temp, 'w', 0o600);
      try {
        writeSync(fd, data);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, cacheFile);
      // Caches of other installs (an earlier version, a reinstall) are of no more use. Those of this
      // install made by another Node stay, as do other commands': one HOME used with two Nodes (a
      // version manager, a script pinned to another) would otherwise delete each other's at every
      // run, and every run would compile the bundle again.
      for (const name of readdirSync(folder)) {
        if (name.startsWith(`${basename(file, '.cjs')}-`) && name.endsWith('.v8cache') && !name.startsWith(install)) rmSync(join(folder, name), { force: true });
      }
    } catch {
      // a cache that cannot be written only costs the next start its compile time
    }
  };
  return { exports: mod.exports, save };
}

module.exports = { commandLabel, requireWithCodeCache };
