/** `--version` tells Support the version, the Node it runs on, the platform and the kind of install. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const LINE = `sigma-support ${version} (node ${process.version}; ${process.platform}-${process.arch}; npm)`;

describe('--version', () => {
  it('alone, as tools call it (answered before the CLI loads), and with other flags, through the CLI', async () => {
    const calls = [['--version'], ['-V'], ['--debug', '--version'], ['--no-color', '-V'], ['--profile', 'work', '--version'], ['--profile=work', '-V']];
    // separate processes that share nothing: started together, not one after the other
    const results = await Promise.all(calls.map((args) => runCli(args)));
    for (const [i, result] of results.entries()) {
      expect(result.exitCode, calls[i]!.join(' ')).toBe(0);
      expect(result.stdout, calls[i]!.join(' ')).toBe(LINE);
    }
  });
});
