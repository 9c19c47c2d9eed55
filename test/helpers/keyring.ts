/**
 * A real Secret Service for the keychain tests: a private D-Bus session bus and a GNOME Keyring
 * daemon in it, unlocked with a throw-away password and a fresh data folder. It never touches the
 * keyring of the person running the tests.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './files.js';

const run = promisify(execFile);
const TOOLS = ['dbus-daemon', 'dbus-send', 'gnome-keyring-daemon', 'secret-tool'];

export interface PrivateKeyring {
  /** The variables that point a process at this keyring. */
  env: Record<string, string>;
  /** `secret-tool` against this keyring: an independent reader of the store. */
  secretTool(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export async function missingKeyringTools(): Promise<string[]> {
  const missing: string[] = [];
  for (const tool of TOOLS) {
    try {
      await run('sh', ['-c', `command -v ${tool}`]);
    } catch {
      missing.push(tool);
    }
  }
  return missing;
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (d: Buffer) => {
      text += d.toString();
      const nl = text.indexOf('\n');
      if (nl >= 0) resolve(text.slice(0, nl).trim());
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing`)));
  });
}

export async function startPrivateKeyring(): Promise<PrivateKeyring> {
  const home = tempDir('keyring-');
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--nopidfile', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const address = await firstLine(bus);
  const env = { DBUS_SESSION_BUS_ADDRESS: address, XDG_DATA_HOME: join(home, 'data'), HOME: home };
  const keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  keyring.stdin!.end('test-password');
  await firstLine(keyring);
  // Wait until the daemon owns the Secret Service name, so no client call starts a second one.
  for (let i = 0; ; i++) {
    const { stdout } = await run('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'], { env: { ...process.env, ...env } });
    if (stdout.includes('boolean true')) break;
    if (i > 100) throw new Error('the keyring daemon never took the Secret Service name');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    env: { DBUS_SESSION_BUS_ADDRESS: address },
    async secretTool(args) {
      try {
        const { stdout, stderr } = await run('secret-tool', args, { env: { ...process.env, ...env } });
        return stdout + stderr;
      } catch (error) {
        // `secret-tool search` exits 1 when nothing matches
        const e = error as { stdout?: string; stderr?: string };
        return (e.stdout ?? '') + (e.stderr ?? '');
      }
    },
    async stop() {
      keyring.kill();
      bus.kill();
    },
  };
}
