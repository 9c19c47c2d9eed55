/**
 * Shows upload progress: on a capable terminal one ora spinner whose text lists every file with
 * bytes sent, size, rate (a moving average) and time left; elsewhere one plain line per finished
 * file. Nothing goes to stdout.
 */
import prettyBytes from 'pretty-bytes';
import type { IOStreams } from './iostreams.js';
import { sanitize } from './sanitize.js';

/** What the display needs of a file being uploaded (the core's Attachment has it). */
export interface Attachment {
  name: string;
  size: number;
  /** Tells two files of the same name apart. */
  realPath: string;
}

export interface UploadProgress {
  update(attachment: Attachment, sentBytes: number): void;
  /** The portal accepted the file. */
  uploaded(attachment: Attachment): void;
  stage(text: string): void;
  /** Prints a line (a retry notice) without breaking the progress display. */
  note(line: string): void;
  stop(): void;
}

interface FileState {
  attachment: Attachment;
  /** Bytes the connection has taken (see core/uploads.ts): the OS may still hold some of them. */
  sent: number;
  done: boolean;
  /** Bytes a second, an exponential moving average weighted by time; undefined before the first measure. */
  rate: number | undefined;
  /** When the rate was last measured, and `sent` then. */
  measuredAt: number;
  measuredSent: number;
  started: number;
}

/** How fast the rate forgets: a change of speed shows fully after a few seconds, a burst fades as fast. */
const RATE_TIME_CONSTANT_MS = 3000;
/** No rate (nor time left) is shown for the first moments: the OS takes the first bytes at once, whatever the link. */
const RATE_WARM_UP_MS = 1000;

/**
 * Folds what was taken since the last measure into the moving average. Called on every update and
 * on a regular tick, so that the rate falls when nothing moves.
 */
function measure(state: FileState, t: number): void {
  const elapsed = t - state.measuredAt;
  if (elapsed <= 0) return;
  if (t - state.started < RATE_WARM_UP_MS) {
    // what the OS took at once is left out of the rate: the rate starts from here
    state.measuredAt = t;
    state.measuredSent = state.sent;
    return;
  }
  const instant = ((state.sent - state.measuredSent) / elapsed) * 1000;
  const weight = 1 - Math.exp(-elapsed / RATE_TIME_CONSTANT_MS);
  state.rate = state.rate === undefined ? instant : state.rate + weight * (instant - state.rate);
  state.measuredAt = t;
  state.measuredSent = state.sent;
}

function describe(state: FileState, t: number): string {
  const { attachment, sent, done, rate } = state;
  const head = `${sanitize(attachment.name)}  ${prettyBytes(sent)} / ${prettyBytes(attachment.size)}`;
  if (done) return `${head}  done`;
  // Every byte is handed over, but the portal has not said it has them all (on a slow link the OS
  // may still hold a few MB): no time is promised for that.
  if (sent >= attachment.size) return `${head}  sent, waiting for the portal`;
  if (rate === undefined || rate <= 0 || t - state.started < RATE_WARM_UP_MS) return head;
  return `${head}  ${prettyBytes(rate)}/s  ~${Math.max(1, Math.ceil((attachment.size - sent) / rate))} s left`;
}

/** A monotonic clock in ms: process.hrtime, since the first use of `performance` loads Node's perf_hooks (about 2 ms). */
const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

export async function startUploadProgress(io: IOStreams, attachments: readonly Attachment[], now: () => number = monotonicMs): Promise<UploadProgress> {
  const start = now();
  const states = new Map<string, FileState>(attachments.map((a) => [a.realPath, { attachment: a, sent: 0, done: false, rate: undefined, measuredAt: start, measuredSent: 0, started: start }]));
  if (!io.fancy) {
    return {
      update() {},
      uploaded(attachment) {
        io.stderr.write(`uploaded ${sanitize(attachment.name)} (${prettyBytes(attachment.size)})\n`);
      },
      stage(text) {
        io.stderr.write(`${text}\n`);
      },
      note(line) {
        io.stderr.write(`${line}\n`);
      },
      stop() {},
    };
  }
  const { ora } = await import('../vendor/ora.js');
  // discardStdin: false, or ora puts the terminal in raw mode without reading it, and Ctrl-C no
  // longer sends SIGINT: the run could not be stopped (see ora's `discardStdin` option,
  // https://github.com/sindresorhus/ora#discardstdin).
  const spinner = ora({ stream: io.stderr as NodeJS.WriteStream, color: 'cyan', isEnabled: true, discardStdin: false }).start('Uploading');
  let last = 0;
  const render = () => {
    const t = now();
    const lines = [...states.values()].map((s) => describe(s, t));
    spinner.text = `Uploading ${lines.length} file${lines.length === 1 ? '' : 's'}\n${lines.map((l) => `  ${l}`).join('\n')}`;
  };
  render();
  // the rate and the time left move on while no byte does (a stalled link shows its rate falling)
  const tick = setInterval(() => {
    const t = now();
    for (const state of states.values()) if (!state.done) measure(state, t);
    render();
  }, 500);
  tick.unref();
  return {
    uploaded(attachment) {
      const state = states.get(attachment.realPath);
      if (state) state.done = true;
      render();
    },
    update(attachment, sent) {
      const state = states.get(attachment.realPath);
      const t = now();
      if (state) {
        // a retry counts from zero again: the rate starts over
        if (sent < state.sent) Object.assign(state, { rate: undefined, measuredAt: t, measuredSent: 0, started: t });
        state.sent = sent;
        measure(state, t);
      }
      // the last byte handed over is shown at once: what follows is the wait for the portal
      if (t - last > 100 || (state && sent >= state.attachment.size)) {
        last = t;
        render();
      }
    },
    stage(text) {
      clearInterval(tick);
      spinner.text = text;
    },
    note(line) {
      spinner.clear();
      io.stderr.write(`${line}\n`);
      spinner.render();
    },
    stop() {
      clearInterval(tick);
      spinner.stop();
    },
  };
}
