// The standalone executable's one script: bin/sigma-support.cjs bundled with everything it loads
// from dist/ (the CLI, help, the lazily loaded vendor bundles and the keychain helper), since a
// single executable application can only require() Node's built-in modules
// (https://nodejs.org/api/single-executable-applications.html#requireid). Each dist/ file stays a
// lazily evaluated module inside it, so commands still load only what they use.
import { build } from 'esbuild';

export async function bundleForSea(root, outfile) {
  await build({
    absWorkingDir: root,
    entryPoints: ['bin/sigma-support.cjs'],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node22',
    logLevel: 'warning',
    // bin/sigma-support.cjs tells the two installs apart by this name.
    define: { SIGMA_SUPPORT_STANDALONE: 'true' },
  });
  return outfile;
}
