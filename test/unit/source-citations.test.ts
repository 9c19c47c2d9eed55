// Comments and docs cite public sources (Zendesk's documentation by URL), never files that are not
// in this repository: the next maintainer cannot follow those.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const OUTSIDE = /PORTAL-API|\/work\/|MACHINE-NOTES/;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.(ts|js|cjs|md)$/.test(e.name) ? [join(dir, e.name)] : []));
}

it('no source, test or doc cites a file outside the repository', () => {
  const all = [...files(join(ROOT, 'src')), ...files(join(ROOT, 'test')), ...files(join(ROOT, 'scripts')), ...files(join(ROOT, 'docs')), join(ROOT, 'README.md')];
  expect(all.length).toBeGreaterThan(100);
  const citing = all.filter((f) => f !== import.meta.filename).filter((f) => OUTSIDE.test(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f));
  expect(citing).toEqual([]);
});
