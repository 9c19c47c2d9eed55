/** `--version` tells Support the version, the Node it runs on, the platform and the kind of install. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const LINE = `sigma-support ${version} (node ${process.version}; ${process.platform}-${process.arch}; npm)`;

describe('--version', () => {
  it('alone, as tools call it (answered before the CLI loads), and with other flags, through the CLI', async () => {
    for (const args of [['--version'], ['-V'], ['--debug', '--version'], ['--no-color', '-V'], ['--profile', 'work', '--version'], ['--profile=work', '-V']]) {
      const result = await runCli(args);
      expect(result.exitCode, args.join(' ')).toBe(0);
      expect(result.stdout, args.join(' ')).toBe(LINE);
    }
  });
});
