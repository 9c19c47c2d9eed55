/**
 * One run at a time per draft: a lock file next to the draft (`<draft>.lock`), created with O_EXCL
 * (`wx`), holding the owner's pid and host. A lock whose process is gone (kill -9, a crash) is
 * taken over, so a crash never blocks a draft for good. The file is removed when the run ends,
 * even through process.exit. Taken and removed with node:fs's synchronous calls on every submit,
 * as the draft is written (draft-store.ts says why).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { UsageError } from '../errors.js';

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

/** A lock file with no owner written in it yet, older than this, was left by a crash mid-write. */
const EMPTY_LOCK_STALE_MS = 10_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, but belongs to someone else
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    return typeof value.pid === 'number' && typeof value.host === 'string' ? { pid: value.pid, host: value.host, since: String(value.since ?? '') } : undefined;
  } catch {
    return undefined;
  }
}

export class DraftLock {
  private released = false;
  private readonly onExit = () => this.releaseSync();

  private constructor(readonly path: string) {
    process.once('exit', this.onExit);
  }

  /** Takes the lock of this draft, or throws a UsageError saying which run holds it. */
  static async acquire(draftPath: string, now: Date): Promise<DraftLock> {
    const path = `${draftPath}.lock`;
    const me: LockOwner = { pid: process.pid, host: hostname(), since: now.toISOString() };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        writeFileSync(path, `${JSON.stringify(me)}\n`, { flag: 'wx', mode: 0o600 });
        return new DraftLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const text = await readFile(path, 'utf8').catch(() => undefined);
      if (text === undefined) continue; // released meanwhile: try again
      const owner = parseOwner(text);
      const stale = owner ? owner.host === me.host && !alive(owner.pid) : await emptyAndOld(path, now);
      if (!stale) throw inUse(draftPath, owner);
      // Taken over only if it still holds what was judged stale (another run may have taken it meanwhile).
      if ((await readFile(path, 'utf8').catch(() => undefined)) === text) await rm(path, { force: true });
    }
    throw inUse(draftPath, undefined);
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    process.off('exit', this.onExit);
    rmSync(this.path, { force: true });
  }

  private releaseSync(): void {
    if (this.released) return;
    this.released = true;
    rmSync(this.path, { force: true });
  }
}

async function emptyAndOld(path: string, now: Date): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info !== undefined && now.getTime() - info.mtimeMs > EMPTY_LOCK_STALE_MS;
}

function inUse(draftPath: string, owner: LockOwner | undefined): UsageError {
  const who = owner ? `sigma-support process ${owner.pid}${owner.host !== hostname() ? ` on ${owner.host}` : ''}, since ${owner.since}` : 'another sigma-support run';
  return new UsageError(
    `the draft ${draftPath} is in use by ${who}. Nothing was sent.`,
    'Two runs of one draft could file it twice. Let the other run finish (or stop it), then run this again if the draft is still there.',
  );
}
