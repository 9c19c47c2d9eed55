// The prompts (src/terminal/prompter.ts), and the parts of @inquirer/core that src/terminal/line-prompt.ts
// builds its text prompt from. See README.md here.
export { confirm, input, password, select } from '@inquirer/prompts';
export { createPrompt, isBackspaceKey, isEnterKey, isTabKey, makeTheme, useKeypress, usePrefix, useRef, useState } from '@inquirer/core';
