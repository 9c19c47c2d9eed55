// Starting the user's editor (src/terminal/editor.ts): shell-quote splits $EDITOR into words (and
// quotes the paths in the commands hints print),
// cross-spawn runs it (batch files too, on Windows). See README.md here.
export { parse as parseShellWords, quote as quoteShellWords } from 'shell-quote';
export { default as crossSpawn } from 'cross-spawn';
