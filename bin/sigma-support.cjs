#!/usr/bin/env node
'use strict';
// CommonJS on purpose: `--version` alone is answered here before any module loader starts (it is
// the call tools make most often, just to see whether the CLI is there), and help from one CommonJS
// bundle (dist/help.cjs); everything else loads dist/cli.cjs.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${require('../package.json').version}\n`);
} else {
  // Node 22 and later keep compiled code between runs; Node 20 has no such cache (and loading
  // node:module there only costs time).
  if (Number(process.versions.node.split('.')[0]) >= 22) require('node:module').enableCompileCache?.();
  const run = () => {
    // A reader that stops early (`| head`) is not an error.
    for (const stream of [process.stdout, process.stderr]) {
      stream.on('error', (error) => {
        if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
        throw error;
      });
    }
    return Promise.resolve(require('../dist/cli.cjs')).then(async ({ main }) => {
      const code = await main(args);
      process.exitCode = code;
      // Everything the CLI opened is closed by now, so the process ends at once. The one exception
      // is a native keychain call that outlived its timeout (a hung Secret Service): don't wait for it.
      setTimeout(() => process.exit(code), 1000).unref();
    });
  };
  const asksForHelp = args[0] === 'help' || args.some((a) => a === '--help' || a === '-h');
  if (asksForHelp) require('../dist/help.cjs').printHelp(args).then((printed) => printed || run());
  else run();
}
