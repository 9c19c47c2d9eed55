// One entry point bundled into CommonJS files that a command loads only as far as it runs them
// (scripts/build.js, for dist/cli.cjs). esbuild splits code only in ES module output
// (https://esbuild.github.io/api/#splitting), so the bundle is made as ES modules first, then each
// file is turned into CommonJS on its own (esbuild's transform, format 'cjs'):
//   - every module is in exactly one file, so a class is one class everywhere (`instanceof` holds);
//   - a static import of another file becomes a require() at the top, a dynamic import() a require()
//     when it is first reached, as in the single bundle before;
//   - the source map of each step is chained (esbuild reads the inline map of its input), so stack
//     traces under --debug still name src/ files and lines.
// The shared files are dist/chunk-<hash>.cjs, beside the entry, so the entry's relative paths to
// dist/vendor/ hold in every file.
import { build, transform } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Builds `entry` (options as for a CommonJS build, with outfile) into split CommonJS files; returns esbuild's result. */
export async function buildSplitCommonJs({ outfile, supported, sourcemap, plugins = [], ...options }) {
  const outdir = join(outfile, '..');
  const result = await build({
    ...options,
    plugins,
    format: 'esm',
    splitting: true,
    sourcemap: 'inline',
    outdir,
    entryNames: basename(outfile, '.cjs'),
    chunkNames: 'chunk-[hash]',
    outExtension: { '.js': '.cjs' },
  });
  for (const out of Object.keys(result.metafile.outputs)) {
    const file = join(options.absWorkingDir, out);
    const name = basename(out);
    const { code, map } = await transform(readFileSync(file, 'utf8'), {
      format: 'cjs',
      platform: 'node',
      target: options.target,
      minify: options.minify,
      sourcemap: 'external',
      sourcefile: name,
      supported,
    });
    writeFileSync(file, `${code}//# sourceMappingURL=${name}.map\n`);
    writeFileSync(`${file}.map`, map);
  }
  return result;
}
