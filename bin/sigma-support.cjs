#!/usr/bin/env node
'use strict';
// CommonJS on purpose: `--version` alone is answered here before any module loader starts (it is
// the call tools make most often, just to see whether the CLI is there), and help from one CommonJS
// bundle (dist/help.cjs), `auth status` with no credentials from another (dist/auth-status.cjs);
// everything else loads dist/cli.cjs.
// The standalone executable is this file bundled with dist/ (scripts/package.js), which defines
// SIGMA_SUPPORT_STANDALONE; installed from npm it is not defined.
const args = process.argv.slice(2);
const kind = typeof SIGMA_SUPPORT_STANDALONE === 'undefined' ? 'npm' : 'standalone';
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // What Support needs to know: the version, the Node it runs on, the platform, and how it was installed.
  process.stdout.write(`sigma-support ${require('../package.json').version} (node ${process.version}; ${process.platform}-${process.arch}; ${kind})\n`);
} else if (kind === 'standalone' && args.length === 1 && args[0] === '__keychain-helper') {
  // The keychain helper (src/auth/secret-store.ts runs it): a hidden mode of the executable, which
  // has no separate file to run.
  require('../dist/keychain-helper.cjs');
} else {
  // Stack traces under --debug point into src/ through the linked maps in dist/; without it no
  // map is read, so normal start-up is not slowed.
  if (args.includes('--debug')) process.setSourceMapsEnabled(true);
  // Node 22 and later keep compiled code between runs (in the system's temporary folder): for the
  // help, `auth status` and vendor bundles. dist/cli.cjs has a code cache of its own (below).
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 22) require('node:module').enableCompileCache?.();
  // A reader that stops early (`| head`) is not an error.
  let watching = false;
  const onEpipe = () => {
    if (watching) return;
    watching = true;
    for (const stream of [process.stdout, process.stderr]) {
      stream.on('error', (error) => {
        if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
        throw error;
      });
    }
  };
  // Everything the CLI opened is closed by now, so the process ends at once. The one exception
  // is a native keychain call that outlived its timeout (a hung Secret Service): don't wait for it.
  const finish = (code) => {
    process.exitCode = code;
    // Once stdout and stderr (created by onEpipe) have handed every byte to the system, end now:
    // left to end by itself, Node first frees its whole heap, about 10 ms of CPU on a scripted
    // submit (bench/notes.md) that nothing needs. 'exit' listeners still run
    // (https://nodejs.org/api/process.html#processexitcode). Output still queued (a slow reader of
    // a pipe) drains first, as before.
    if (watching && process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
    setTimeout(() => process.exit(code), 1000).unref();
  };
  const run = () => {
    onEpipe();
    // dist/cli.cjs with a code cache of its own (bin/code-cache.cjs), one per command, written once
    // the command has run, so it holds the functions the command ran: on Node 22 and 24 too, where
    // Node's compile cache, made as the bundle is compiled, left them to be compiled at every start
    // (bench/notes.md). Not under --debug, whose stack traces need the source map that only
    // require() reads.
    const cached = kind === 'npm' && !args.includes('--debug') ? require('./code-cache.cjs').requireWithCodeCache(require('node:path').join(__dirname, '..', 'dist', 'cli.cjs'), require('../package.json').version, args) : undefined;
    return Promise.resolve(cached ? cached.exports : require('../dist/cli.cjs')).then(async ({ main }) => {
      const code = await main(args);
      process.exitCode = code;
      // Uploads change V8's flags (src/portal/undici-transport.ts), which V8 would hold against a
      // cache made now at the next start.
      if (cached && !Object.keys(require.cache).some((f) => /[\\/]vendor[\\/]undici\.cjs$/.test(f))) cached.save(code);
      finish(code);
    });
  };
  const asksForHelp = args[0] === 'help' || args.some((a) => a === '--help' || a === '-h');
  if (asksForHelp) require('../dist/help.cjs').printHelp(args).then((printed) => printed || run());
  // `auth status`, which scripts run to see whether they are logged in, from a bundle of its own
  // (dist/auth-status.cjs, src/fast/auth-status.ts): the full command's own code without commander,
  // about 40 ms less CPU on Node 20 (bench/notes.md). It answers only when there are no credentials
  // and nothing is configured; for anything else, and for a command line it does not read completely
  // (help and --debug never reach it), it resolves to undefined having printed nothing, and the full
  // CLI runs. It writes to the descriptors itself, without process.stdout/stderr and so without the
  // EPIPE handlers above. No code cache on Node 20: at 33 KB a cache loaded no faster (measured).
  else if (args.includes('auth') && args.includes('status') && !args.includes('--debug')) {
    require('../dist/auth-status.cjs').authStatus(args).then((code) => (code === undefined ? run() : finish(code)));
  } else run();
}
