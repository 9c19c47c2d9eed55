/**
 * Shows upload progress: on a capable terminal one ora spinner whose text lists every file with
 * bytes sent, size and rate; elsewhere one plain line per finished file. Nothing goes to stdout.
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
  sent: number;
  started: number;
  done: boolean;
}

function describe(state: FileState, now: number): string {
  const { attachment, sent, started, done } = state;
  const seconds = (now - started) / 1000;
  const rate = seconds > 0.2 ? sent / seconds : 0;
  const left = rate > 0 && !done ? ` ~${Math.ceil((attachment.size - sent) / rate)} s left` : '';
  return `${sanitize(attachment.name)}  ${prettyBytes(sent)} / ${prettyBytes(attachment.size)}${rate && !done ? `  ${prettyBytes(rate)}/s${left}` : done ? '  done' : ''}`;
}

export async function startUploadProgress(io: IOStreams, attachments: readonly Attachment[], now: () => number = () => performance.now()): Promise<UploadProgress> {
  const states = new Map<string, FileState>(attachments.map((a) => [a.realPath, { attachment: a, sent: 0, started: now(), done: false }]));
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
  return {
    uploaded(attachment) {
      const state = states.get(attachment.realPath);
      if (state) state.done = true;
      render();
    },
    update(attachment, sent) {
      const state = states.get(attachment.realPath);
      if (state) state.sent = sent;
      const t = now();
      if (t - last > 100) {
        last = t;
        render();
      }
    },
    stage(text) {
      spinner.text = text;
    },
    note(line) {
      spinner.clear();
      io.stderr.write(`${line}\n`);
      spinner.render();
    },
    stop() {
      spinner.stop();
    },
  };
}
