// The prompts (src/terminal/prompter.ts). See README.md here.
export { confirm, editor, input, password, select } from '@inquirer/prompts';
