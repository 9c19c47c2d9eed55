#!/usr/bin/env node
// `--version` alone is answered here, before loading anything else: it is the call that tools make
// most often just to see whether the CLI is there.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { readFileSync } = await import('node:fs');
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  // Node 22 and later keep compiled code between runs; Node 20 has no such cache.
  const { default: module } = await import('node:module');
  module.enableCompileCache?.();
  const { main } = await import('../dist/cli.js');
  // A reader that stops early (`| head`) is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  const code = await main(args);
  process.exitCode = code;
  // Everything the CLI opened is closed by now, so the process ends at once. The one exception is
  // a native keychain call that outlived its timeout (a hung Secret Service): don't wait for it.
  setTimeout(() => process.exit(code), 1000).unref();
}
