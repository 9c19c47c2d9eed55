// The upload spinner (src/terminal/upload-progress.ts). See README.md here. Named, not default: a
// default export would not survive the trip through CommonJS.
export { default as ora } from 'ora';
