// The prompts (src/terminal/prompter.ts), and the parts of @inquirer/core that src/terminal/line-prompt.ts
// builds its text prompt from. See README.md here.
// Each prompt from its own package, not from @inquirer/prompts: that one also brings its editor
// prompt, whose encoding detection and conversion (chardet, iconv-lite) were 540 of the 610 KB
// of this bundle, though the CLI opens the editor itself (src/terminal/editor.ts).
export { default as confirm } from '@inquirer/confirm';
export { default as input } from '@inquirer/input';
export { default as password } from '@inquirer/password';
export { default as select } from '@inquirer/select';
export { createPrompt, isBackspaceKey, isEnterKey, isTabKey, makeTheme, useKeypress, usePrefix, useRef, useState } from '@inquirer/core';
