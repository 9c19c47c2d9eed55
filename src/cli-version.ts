/** The CLI's version, put in by scripts/build.js from package.json; a module of its own, so entries without commander (src/fast/) have it too. */
export const VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';
