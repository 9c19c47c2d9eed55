import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { BIN, cleanEnv, type CliResult, type RunOptions } from './cli.js';

/** GNU time reports a child's peak resident set size (Linux); elsewhere the RSS tests are skipped. */
export const CAN_MEASURE_RSS = process.platform === 'linux' && existsSync('/usr/bin/time');

const MARK = 'sigma-test-peak-rss-kb=';

/** Runs the built CLI under GNU time and returns its result with its peak RSS in megabytes. */
export async function runCliMeasured(args: readonly string[], options: Pick<RunOptions, 'env'> = {}): Promise<CliResult & { peakRssMb: number }> {
  const result = await execa('/usr/bin/time', ['-f', `${MARK}%M`, process.execPath, BIN, ...args], {
    env: cleanEnv(options.env),
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    timeout: 120_000,
  });
  const stderr = String(result.stderr);
  const at = stderr.lastIndexOf(MARK);
  if (at < 0) throw new Error(`GNU time reported no peak RSS:\n${stderr}`);
  // GNU time prints "Command exited with non-zero status N" before its format line
  const own = stderr.slice(0, at).replace(/Command (exited with non-zero status \d+|terminated by signal \d+)\n$/, '');
  return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: own, timedOut: result.timedOut, peakRssMb: Number(stderr.slice(at + MARK.length).trim()) / 1024 };
}
