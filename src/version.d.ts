/** Replaced at build time by scripts/build.js with the version in package.json. */
declare const __VERSION__: string;
