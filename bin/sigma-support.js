#!/usr/bin/env node
import { main } from '../dist/cli.js';

// A reader that stops early (`| head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
// Everything the CLI opened is closed by now, so the process ends at once. The one exception is a
// native keychain call that outlived its timeout (a hung Secret Service): don't wait for it.
setTimeout(() => process.exit(code), 1000).unref();
