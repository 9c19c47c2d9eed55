// Injected into the CommonJS bundles by scripts/build.js, which replaces `import.meta.url` (ES
// modules only) with this: the URL of the bundle file itself.
export const import_meta_url = require('node:url').pathToFileURL(__filename).href;
