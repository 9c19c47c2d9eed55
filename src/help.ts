/**
 * `--help` from a small CommonJS bundle (dist/help.cjs). The bin hands it any command line that
 * mentions help; it prints exactly what the full CLI would, without starting Node's ES module
 * loader or loading any command's code (about 11 ms less, measured in BENCHMARKS.md). A command
 * line that turns out to ask for something else (`--description --help` gives a description; a
 * help topic; a mistake) is left to the full CLI, with nothing printed here.
 */
import { CommanderError } from 'commander';
import { buildProgram, type ProgramActions } from './program.js';
import { writeToFd } from './terminal/fd-output.js';

/** Writes the text to standard output, in one go and without setting up process.stdout (a reader that stopped early is fine). */
function writeOut(text: string): void {
  writeToFd(1, text);
}

/** Prints the help this command line asks for and resolves to true; resolves to false, having printed nothing, otherwise. */
export async function printHelp(argv: readonly string[], write: (text: string) => void = writeOut): Promise<boolean> {
  let out = '';
  let other = false;
  const sink = { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream;
  const elsewhere = async () => {
    other = true;
  };
  const actions: ProgramActions = {
    submit: elsewhere,
    sandbox: elsewhere,
    requests: { list: elsewhere, view: elsewhere, reply: elsewhere, solve: elsewhere },
    config: { get: elsewhere, set: elsewhere, unset: elsewhere, list: elsewhere },
    auth: { login: elsewhere, status: elsewhere, logout: elsewhere },
    status: elsewhere,
    completion: elsewhere,
    profiles: elsewhere,
    drafts: { list: elsewhere, show: elsewhere, delete: elsewhere },
    draftPaths: elsewhere,
    templateNames: elsewhere,
    topic: elsewhere,
  };
  try {
    await buildProgram(actions, sink, sink).parseAsync([...argv], { from: 'user' });
  } catch (error) {
    const shown = error instanceof CommanderError && (error.code === 'commander.helpDisplayed' || error.code === 'commander.help');
    if (!shown) return false;
  }
  // `help <command>` prints and returns without an action
  if (other || out === '') return false;
  write(out);
  return true;
}
