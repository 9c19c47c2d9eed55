// The prompts (src/terminal/prompter.ts). See README.md here.
export { confirm, input, password, select } from '@inquirer/prompts';
