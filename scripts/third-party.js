// The third-party packages a build ships, their licence notices (THIRD-PARTY-NOTICES.md) and a
// CycloneDX SBOM (sbom.cdx.json, https://cyclonedx.org/specification/overview/), made with the
// CycloneDX library rather than written by hand. Used by scripts/build.js (the npm package) and
// scripts/package.js (the standalone executables, which also carry Node.js and the keychain addon).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import * as CDX from '@cyclonedx/cyclonedx-library';
import { PackageURL } from 'packageurl-js';

/** The package folder that holds a bundled file: the nearest package.json with a name, below node_modules. */
function packageDirOf(file) {
  for (let dir = dirname(file); dir.includes(`node_modules${sep}`); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name) return dir;
  }
  throw new Error(`${file} is in no package`);
}

/** Every npm package with a file in one of esbuild's metafiles, as { name, version, dir }. */
export function bundledPackages(metafiles, root) {
  const found = new Map();
  for (const meta of metafiles) {
    for (const input of Object.keys(meta.inputs)) {
      if (!input.split(/[\\/]/).includes('node_modules')) continue;
      const dir = packageDirOf(join(root, input));
      const { name, version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      found.set(`${name}@${version}`, { name, version, dir: relative(root, dir) || '.' });
    }
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

const LICENCE_FILE = /^(licen[cs]e|copying|notice)([.-].*)?$/i;

/** The package's licence (SPDX expression from package.json) and the text of its licence files. */
export function licenceOf(root, pkg) {
  const manifest = JSON.parse(readFileSync(join(root, pkg.dir, 'package.json'), 'utf8'));
  // licenceDir: a package that ships no licence file, whose licence files are in another (Node's
  // Windows package has none; its licence is the same file as in the Linux package of that version).
  const dir = join(root, pkg.licenceDir ?? pkg.dir);
  const licence = typeof manifest.license === 'string' ? manifest.license : manifest.license?.type ?? (manifest.licenses ?? []).map((l) => l.type).join(' OR ');
  const files = readdirSync(dir).filter((f) => LICENCE_FILE.test(f)).sort();
  return { licence: licence || 'UNKNOWN', files, text: files.map((f) => readFileSync(join(dir, f), 'utf8').trim()).join('\n\n') };
}

/** The heading each package gets in the notices: a test looks for exactly this. */
export const noticeHeading = (pkg) => `## ${pkg.name}@${pkg.version}`;

export function noticesMarkdown(root, packages, intro) {
  const parts = [`# Third-party notices\n\n${intro}\n`];
  for (const pkg of packages) {
    const { licence, files, text } = licenceOf(root, pkg);
    if (!text) throw new Error(`${pkg.name}@${pkg.version} (${pkg.dir}) has no licence file to ship; add its licence text by hand before shipping it`);
    parts.push(`${noticeHeading(pkg)}\n\nLicence: ${licence} (from ${files.join(', ')}${pkg.licenceDir ? ` of ${pkg.licenceDir.split(/[\\/]/).pop()}` : ''})\n\n\`\`\`text\n${text.replace(/```/g, "'''")}\n\`\`\`\n`);
  }
  return parts.join('\n');
}

export const purlOf = (pkg) => {
  const [namespace, name] = pkg.name.startsWith('@') ? pkg.name.split('/') : [undefined, pkg.name];
  return new PackageURL(pkg.purlType ?? 'npm', namespace, name, pkg.version, undefined, undefined).toString();
};

/** A CycloneDX 1.6 JSON SBOM: the product as metadata.component, each package a library component. */
export function sbomJson(root, product, packages) {
  const licences = new CDX.Contrib.License.Factories.LicenseFactory();
  const bom = new CDX.Models.Bom();
  bom.serialNumber = CDX.Contrib.Bom.Utils.randomSerialNumber();
  bom.metadata.component = new CDX.Models.Component(CDX.Enums.ComponentType.Application, product.name, { version: product.version, bomRef: `${product.name}@${product.version}` });
  for (const pkg of packages) {
    const { licence } = licenceOf(root, pkg);
    const [group, name] = pkg.name.startsWith('@') ? pkg.name.split('/') : [undefined, pkg.name];
    const component = new CDX.Models.Component(CDX.Enums.ComponentType.Library, name, { group, version: pkg.version, bomRef: purlOf(pkg) });
    component.purl = purlOf(pkg);
    if (licence !== 'UNKNOWN') component.licenses.add(licences.makeFromString(licence));
    bom.components.add(component);
  }
  const serializer = new CDX.Serialize.JsonSerializer(new CDX.Serialize.JSON.Normalize.Factory(CDX.Spec.Spec1dot6));
  return `${serializer.serialize(bom, { sortLists: true, space: 2 })}\n`;
}
