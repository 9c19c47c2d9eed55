/**
 * The status page, checked before an S0 or S1 request (Sigma asks customers to look there before
 * reporting an outage). Bounded to STATUS_CHECK_MS; when the page cannot be read, one line says so
 * and filing goes on.
 *
 * At a terminal, unresolved incidents are shown and the user is asked whether theirs is one of them;
 * if so they may stop (exit 3) with the page's address to subscribe to updates. In scripts nothing
 * blocks: the incidents are named on stderr, and `--json` carries them as "status_incidents".
 */
import type { ChalkInstance } from 'chalk';
import { CancelledError } from '../../errors.js';
import type { Level } from '../../severity/levels.js';
import { fetchStatus } from '../../status/fetch-status.js';
import type { StatusIncident } from '../../status/status-summary.js';
import { sanitize } from '../../terminal/sanitize.js';
import type { CommandContext } from '../context.js';
import { userAgent } from '../session.js';
import { incidentLines } from '../status/render.js';
import { resolveStatusUrl } from '../status/status-url.js';

export const STATUS_CHECK_MS = 2000;

const checked = (level: Level) => level === 'S0' || level === 'S1';

export interface StatusGate {
  /** Starts reading the page for this level (S0 and S1 only), once per run; never rejects. */
  start(level: Level): void;
  /** At a terminal, before the confirmation: shows incidents and may stop the run (CancelledError). */
  askAtTerminal(level: Level): Promise<void>;
  /** In scripts: names the incidents (or that the page was unreachable) on stderr. */
  noteForScript(level: Level): Promise<void>;
  /** What --json adds: "status_incidents" when the page lists unresolved incidents. */
  json(): { status_incidents?: StatusIncident[] };
}

export function statusGate(ctx: CommandContext, portal: URL, style: ChalkInstance, statusFlag?: string): StatusGate {
  const url = resolveStatusUrl(ctx, statusFlag, portal);
  let reading: Promise<StatusIncident[] | Error> | undefined;
  let incidents: StatusIncident[] | undefined;
  let told = false;
  const start = (level: Level) => {
    if (!checked(level) || reading) return;
    reading = fetchStatus(url, { timeoutMs: STATUS_CHECK_MS, userAgent: userAgent(ctx), signal: ctx.signal }).then(
      (summary) => (incidents = summary.incidents),
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    );
  };
  /** The incidents, or undefined after saying in one line that the page could not be read. */
  const result = async (level: Level): Promise<StatusIncident[] | undefined> => {
    start(level);
    if (!reading) return undefined;
    const outcome = await reading;
    if (ctx.signal.aborted) throw ctx.signal.reason;
    if (!(outcome instanceof Error)) return outcome;
    if (!told) ctx.io.stderr.write(`${style.dim(`Sigma's status page (${url.toString()}) could not be checked: ${sanitize(outcome.message)}. Going on.`)}\n`);
    told = true;
    return undefined;
  };
  const list = (found: StatusIncident[]) => [
    style.yellow(`Sigma's status page lists ${found.length} unresolved incident${found.length === 1 ? '' : 's'} (${url.toString()}):`),
    ...incidentLines(found, style),
  ];
  return {
    start,
    json: () => (incidents?.length ? { status_incidents: incidents } : {}),
    async noteForScript(level) {
      const found = await result(level);
      if (found?.length && !told) ctx.io.stderr.write(`${list(found).join('\n')}\n`);
      told = true;
    },
    async askAtTerminal(level) {
      if (!checked(level) || told) return;
      const found = await result(level);
      told = true;
      if (!found?.length) return;
      ctx.io.stderr.write(`\n${list(found).join('\n')}\n\n`);
      const prompter = ctx.prompter();
      const same = await prompter.confirm({ message: found.length === 1 ? 'Is your problem this incident?' : 'Is your problem one of these incidents?', default: false });
      if (!same) return;
      const choice = await prompter.select<'stop' | 'file'>({
        message: 'Sigma already knows about it. Stop here?',
        choices: [
          { value: 'stop', name: 'Stop here, and follow the incident on the status page' },
          { value: 'file', name: 'File the request anyway (for example, to add details of your case)' },
        ],
        default: 'stop',
      });
      if (choice === 'file') return;
      ctx.io.stderr.write(`Follow it, and subscribe to updates ("Subscribe to updates"), at ${url.toString()}\n`);
      throw new CancelledError('Stopped: Sigma is already working on this incident. Nothing was sent.');
    },
  };
}
