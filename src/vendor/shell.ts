// Starting the user's editor (src/terminal/editor.ts): shell-quote splits $EDITOR into words,
// cross-spawn runs it (batch files too, on Windows). See README.md here.
export { parse as parseShellWords } from 'shell-quote';
export { default as crossSpawn } from 'cross-spawn';
