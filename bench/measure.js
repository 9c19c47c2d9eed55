// How bench/run.js measures: processes timed with a clean environment, interleaved side by side,
// peak memory and CPU time from GNU time, sandboxes on loopback, curl making the same calls as
// the CLI in one process (the floor a portal command is held against), and the files it uploads.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, mkdirSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const MB = 1024 * 1024;
export const ACCOUNT = { email: 'sandbox@example.com', token: 'sandbox-api-token' };

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
export const fmt = (n, d = 1) => n.toFixed(d);
/** A figure as `median (min–max) unit`. */
export const spread = (xs, unit = 'ms', d = 1) => `${fmt(median(xs), d)} ${unit} (${fmt(Math.min(...xs), d)}–${fmt(Math.max(...xs), d)})`;

export function bench(work, cli) {
  const children = [];
  const cleanEnv = (extra = {}) => ({ PATH: process.env.PATH, HOME: join(work, 'home'), XDG_CONFIG_HOME: join(work, 'home', 'config'), XDG_STATE_HOME: join(work, 'home', 'state'), XDG_CACHE_HOME: join(work, 'home', 'cache'), LANG: 'C.UTF-8', ...extra });

  /** Runs a command to its end; `status` is the exit code it must give (0 unless told). */
  function timed(cmd, argv, options = {}) {
    const t = process.hrtime.bigint();
    const r = spawnSync(cmd, argv, { env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * MB });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== (options.status ?? 0)) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
    return { ms, stdout: r.stdout, stderr: r.stderr };
  }

  /** A measurement: [cmd, argv, options] timed as a process, or a function returning ms. */
  const once = (c) => (typeof c === 'function' ? c() : timed(c[0], c[1], c[2]).ms);

  /** Runs each named measurement `runs` times, interleaved, after one warm-up; returns every time of each. */
  function sideBySide(commands, runs) {
    const times = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
    for (const c of Object.values(commands)) once(c);
    for (let i = 0; i < runs; i++) for (const [k, c] of Object.entries(commands)) times[k].push(once(c));
    return times;
  }

  /** Several processes one after another, timed as one: the floor `node -e 0` + one curl. */
  const chain = (...steps) => () => {
    const t = process.hrtime.bigint();
    for (const [cmd, argv, options] of steps) timed(cmd, argv, options);
    return Number(process.hrtime.bigint() - t) / 1e6;
  };

  /**
   * Peak RSS (MB) and CPU time (user + system, s) of one run. The peak is GNU time's; the CPU time is
   * bash's `times` for the command it ran (getrusage(RUSAGE_CHILDREN), printed to the millisecond),
   * since GNU time prints CPU in hundredths of a second: too coarse for the 20-50 ms an upload of
   * 50 MB costs (the CPU-per-GB row is the difference of two runs).
   */
  function usage(cmd, argv, env) {
    const script = '"$@"; s=$?; times >&2; exit $s';
    const r = spawnSync('/usr/bin/time', ['-f', 'bench-usage %M', 'bash', '-c', script, 'bash', cmd, ...argv], { env: cleanEnv(env), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * MB });
    if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')}: exit ${r.status}: ${r.stderr.slice(-500)}`);
    const [, kb] = /bench-usage (\d+)/.exec(r.stderr);
    // `times` prints the shell's own user and system time, then its children's: `0m0.047s 0m0.012s`
    const seconds = (m, s) => Number(m) * 60 + Number(s);
    const lines = [...r.stderr.matchAll(/^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/gm)];
    const children = lines.at(-1);
    if (!children) throw new Error(`${cmd}: no CPU times in its output`);
    return { rssMb: Number(kb) / 1024, cpuS: seconds(children[1], children[2]) + seconds(children[3], children[4]), stderr: r.stderr };
  }

  /** A sandbox portal on loopback; `data` is a folder to start from (copied). Each has its own rate limit. */
  async function startSandbox(extra = [], data) {
    const dir = mkdtempSync(join(work, 'sandbox-'));
    if (data) cpSync(data, dir, { recursive: true });
    const child = spawn(process.execPath, [cli, 'sandbox', '--port', '0', '--data-dir', dir, ...extra], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'ignore'] });
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

  function makeFile(name, bytes) {
    const path = join(work, name);
    const fd = openSync(path, 'w');
    const chunk = Buffer.alloc(MB);
    for (let i = 0; i < MB; i += 4) chunk.writeUInt32LE((i * 2654435761) >>> 0, i);
    for (let written = 0; written < bytes; written += MB) writeSync(fd, chunk, 0, Math.min(MB, bytes - written));
    closeSync(fd);
    return path;
  }

  return { cleanEnv, timed, sideBySide, chain, usage, startSandbox, makeFile, stopAll: () => children.forEach((c) => c.kill()) };
}

/**
 * curl arguments for several calls in one process (`--next` between them; the connection is kept),
 * each as the CLI sends it: { method, path, json } or { method, path, file } (streamed with -T, as
 * the CLI streams, without `Expect: 100-continue`, which the CLI does not send).
 */
export function curlCalls(url, calls) {
  return calls.flatMap((c, i) => [
    ...(i ? ['--next'] : []),
    '-s', '-f', '-o', '/dev/null', '-u', `${ACCOUNT.email}/token:${ACCOUNT.token}`, '-H', 'Accept: application/json', '-X', c.method,
    ...(c.json ? ['-H', 'Content-Type: application/json', '--data', JSON.stringify(c.json)] : []),
    ...(c.file ? ['-H', 'Content-Type: application/octet-stream', '-H', 'Expect:', '-T', c.file] : []),
    `${url}${c.path}`,
  ]);
}

/** `curl -T` of one file to the upload endpoint; its own time for the call (ms). */
export function curlUpload(url, file) {
  const r = execFileSync('curl', [...curlCalls(url, [{ method: 'POST', path: '/api/v2/uploads?filename=bench.bin', file }]), '-w', '%{time_total}'], { encoding: 'utf8' });
  return Number(r.trim()) * 1000;
}

/** The calls a CLI run made, from its --debug log (`> GET /path ...`), for curlCalls. */
export function callsFromDebug(stderr, bodies) {
  return [...stderr.matchAll(/^\[debug\] > (GET|POST|PUT|DELETE) (\S+)/gm)].map(([, method, path]) => ({ method, path, ...(method === 'POST' ? bodies(path) : {}) }));
}

/** A sandbox data folder holding `count` requests, as the sandbox stores them (src/sandbox/store.ts). */
export function seededRequests(work, count) {
  const dir = join(work, 'seeded');
  mkdirSync(join(dir, 'requests'), { recursive: true });
  mkdirSync(join(dir, 'uploads'), { recursive: true });
  for (let id = 1; id <= count; id++) {
    const at = new Date(Date.UTC(2026, 0, 1) + id * 60_000).toISOString();
    const record = {
      id, subject: `Seeded request ${id}`, description: 'seeded for the benchmark', status: 'open', requester_id: 9001, email_cc_ids: [], cc_emails: [],
      custom_fields: [{ id: 48151623420, value: 'sandbox_severity_low' }], ticket_form_id: 36000111333, priority: null, created_at: at, updated_at: at,
      comments: [{ id: 10_000 + id, author_id: 9001, body: 'seeded for the benchmark', created_at: at, attachments: [] }],
    };
    const fd = openSync(join(dir, 'requests', `${id}.json`), 'w');
    writeSync(fd, JSON.stringify(record));
    closeSync(fd);
  }
  return dir;
}

/** A HAR file of about `megabytes`, every entry carrying cookies, tokens and a 20 KB response to scrub. */
export function makeHar(path, megabytes) {
  const fd = openSync(path, 'w');
  writeSync(fd, '{"log":{"version":"1.2","creator":{"name":"bench","version":"1"},"pages":[],"entries":[');
  const body = 'row,value\n'.repeat(2000);
  for (let i = 0, size = 0; size < megabytes * MB - 40_000; i++) {
    const entry = {
      startedDateTime: '2026-11-28T10:00:00.000Z', time: 42.5,
      request: { method: 'POST', url: `https://app.sigmacomputing.com/api/v2/query?workbook=wb-${i}&access_token=secret-${i}`, httpVersion: 'HTTP/1.1',
        headers: [{ name: 'Cookie', value: `sigma_session=sess-${i}` }, { name: 'Authorization', value: `Bearer tok-${i}` }, { name: 'Accept', value: 'application/json' }],
        cookies: [{ name: 'sigma_session', value: `sess-${i}` }], queryString: [{ name: 'access_token', value: `secret-${i}` }],
        postData: { mimeType: 'application/json', text: JSON.stringify({ query: 'select 1', password: `pw-${i}` }) }, headersSize: -1, bodySize: 40 },
      response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [{ name: 'Set-Cookie', value: `sigma_session=new-${i}; HttpOnly` }], cookies: [],
        content: { size: body.length, mimeType: 'text/plain', text: body }, redirectURL: '', headersSize: -1, bodySize: body.length },
      cache: {}, timings: { blocked: 1, dns: 2, connect: 3, send: 4, wait: 30, receive: 2.5 },
    };
    const text = `${i ? ',' : ''}${JSON.stringify(entry)}`;
    writeSync(fd, text);
    size += text.length;
  }
  writeSync(fd, ']}}');
  closeSync(fd);
  return path;
}
