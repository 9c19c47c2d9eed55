// Opening a browser (src/terminal/browser.ts). See README.md here. The build copies open's own
// `xdg-open` beside the bundle, where open looks for it. Named, not default (see ora.ts).
export { default as open } from 'open';
