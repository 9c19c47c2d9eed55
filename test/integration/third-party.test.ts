/**
 * Every package esbuild bundled (its metafiles, kept by the build in build/esbuild-meta.json) has
 * its notice, with licence text, in THIRD-PARTY-NOTICES.md, and its component in the CycloneDX SBOM,
 * which must also be valid against the CycloneDX 1.6 schema. The notices `--licenses` prints are
 * the shipped file. With SIGMA_SUPPORT_RELEASE_DIR set (.ci/run sets it after `npm run package`),
 * the release's notices and SBOM are checked the same way, and must also cover Node.js and the
 * keychain addon of each built platform.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as CDX from '@cyclonedx/cyclonedx-library';
import { ROOT } from '../helpers/cli.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';

interface Metafile {
  inputs: Record<string, unknown>;
}

/** name@version of each package with a file in the metafiles, read from its own package.json. */
function bundled(): string[] {
  const metafiles = JSON.parse(readFileSync(join(ROOT, 'build', 'esbuild-meta.json'), 'utf8')) as Metafile[];
  const found = new Set<string>();
  for (const input of metafiles.flatMap((m) => Object.keys(m.inputs))) {
    const parts = input.split('/');
    const at = parts.lastIndexOf('node_modules');
    if (at < 0) continue;
    const nameParts = parts[at + 1]!.startsWith('@') ? parts.slice(at + 1, at + 3) : parts.slice(at + 1, at + 2);
    const manifest = JSON.parse(readFileSync(join(ROOT, ...parts.slice(0, at + 1), ...nameParts, 'package.json'), 'utf8')) as { name: string; version: string };
    found.add(`${manifest.name}@${manifest.version}`);
  }
  return [...found].sort();
}

const purl = (id: string) => {
  const at = id.lastIndexOf('@');
  return `pkg:npm/${id.slice(0, at).replace(/^@/, '%40')}@${id.slice(at + 1)}`;
};

/** The licence text under each package's heading, by name@version (licence texts may hold headings of their own). */
function notices(text: string): Map<string, string> {
  const sections = new Map<string, string>();
  for (const m of text.matchAll(/^## (\S+@\S+)\n\nLicence: .*\n\n```text\n([\s\S]*?)\n```$/gm)) sections.set(m[1]!, m[2]!);
  return sections;
}

async function checkSbom(file: string, expected: string[]): Promise<void> {
  const text = readFileSync(file, 'utf8');
  const invalid = await new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot6).validate(text);
  expect(invalid, 'the SBOM is not valid CycloneDX 1.6').toBeNull();
  const sbom = JSON.parse(text) as { metadata: { component: { name: string } }; components: { purl: string }[] };
  expect(sbom.metadata.component.name).toBe('sigma-support');
  const purls = new Set(sbom.components.map((c) => c.purl));
  expect(expected.filter((id) => !purls.has(purl(id))), 'packages without an SBOM component').toEqual([]);
}

function checkNotices(file: string, expected: string[]): void {
  const sections = notices(readFileSync(file, 'utf8'));
  expect(expected.filter((id) => !sections.has(id)), 'packages without a notice').toEqual([]);
  expect(expected.filter((id) => !/\S/.test(sections.get(id) ?? '')), 'notices without licence text').toEqual([]);
}

describe('third-party notices and SBOM', () => {
  const packages = bundled();

  it('cover every bundled package in dist/, with its licence text', async () => {
    expect(packages.length).toBeGreaterThan(10);
    expect(packages).toContain(`smol-toml@${(JSON.parse(readFileSync(join(ROOT, 'node_modules', 'smol-toml', 'package.json'), 'utf8')) as { version: string }).version}`);
    checkNotices(join(ROOT, 'dist', 'THIRD-PARTY-NOTICES.md'), packages);
    await checkSbom(join(ROOT, 'dist', 'sbom.cdx.json'), packages);
  });

  it('--licenses prints the shipped notices, global flags before it or not', async () => {
    for (const args of [['--licenses'], ['--profile', 'work', '--licenses'], ['--profile=work', '--debug', '--licenses']]) {
      const result = await runCliInProcess(args);
      expect(result.exitCode, args.join(' ')).toBe(0);
      // (the test's runner drops the last newline of what it captures)
      expect(result.stdout, args.join(' ')).toBe(readFileSync(join(ROOT, 'dist', 'THIRD-PARTY-NOTICES.md'), 'utf8').replace(/\n$/, ''));
    }
  });

  const release = process.env.SIGMA_SUPPORT_RELEASE_DIR;
  it.runIf(release)('cover the release too: the bundled packages, Node.js and the keychain addons', async () => {
    const dir = join(ROOT, release!);
    const executables = readdirSync(dir).filter((f) => f.startsWith('sigma-support-'));
    expect(executables.length).toBeGreaterThan(0);
    const platforms = executables.map((f) => /-(\w+-\w+?)(\.exe)?$/.exec(f)![1]);
    const nodes = platforms.map((p) => `node-${p}@`);
    const sections = [...notices(readFileSync(join(dir, 'THIRD-PARTY-NOTICES.md'), 'utf8')).keys()];
    for (const prefix of [...nodes, '@napi-rs/keyring@']) expect(sections.some((s) => s.startsWith(prefix)), `no notice for ${prefix}`).toBe(true);
    const extra = sections.filter((s) => !packages.includes(s));
    checkNotices(join(dir, 'THIRD-PARTY-NOTICES.md'), [...packages, ...extra]);
    await checkSbom(join(dir, 'sbom.cdx.json'), [...packages, ...extra]);
    const sums = readFileSync(join(dir, 'SHA256SUMS'), 'utf8');
    for (const f of [...executables, 'THIRD-PARTY-NOTICES.md', 'sbom.cdx.json']) expect(sums).toContain(`  ${f}\n`);
    expect(existsSync(join(dir, 'SHA256SUMS'))).toBe(true);
  });
});
