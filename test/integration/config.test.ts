import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { SEVERITY_FIELD_ID } from '../../src/sandbox/fixtures.js';
import { tempDir } from '../helpers/files.js';

let sandbox: TestSandbox;
let home: string;
const env = (extra: Record<string, string> = {}) => ({ HOME: home, XDG_CONFIG_HOME: join(home, '.config'), ...extra });
const configFile = () => join(home, '.config', 'sigma-support', 'config.toml');
const cli = (args: string[], extra: Record<string, string> = {}) => runCliInProcess(args, { env: env(extra) });

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => {
  home = tempDir('config-');
});

describe('config', () => {
  it('sets, gets, lists with sources, and unsets', async () => {
    expect((await cli(['config', 'set', 'timeout', '45'])).exitCode).toBe(0);
    expect((await cli(['config', 'set', 'cc', 'team@example.com, lead@example.com'])).exitCode).toBe(0);
    expect(statSync(configFile()).mode & 0o777).toBe(0o600);
    expect(readFileSync(configFile(), 'utf8')).toMatch(/^timeout = 45\ncc = \[ "team@example\.com", "lead@example\.com" \]$/m);
    expect((await cli(['config', 'get', 'cc'])).stdout).toBe('team@example.com,lead@example.com');

    const list = JSON.parse((await cli(['config', 'list', '--json'], { SIGMA_SUPPORT_RETRIES: '5' })).stdout);
    expect(list.timeout).toEqual({ value: 45, source: 'config' });
    expect(list.retries).toEqual({ value: 5, source: 'environment (SIGMA_SUPPORT_RETRIES)' });
    expect(list['upload-concurrency']).toEqual({ value: 3, source: 'default' });
    expect(list['severity-field-id']).toEqual({ value: null, source: 'unset' });

    expect((await cli(['config', 'unset', 'timeout'])).exitCode).toBe(0);
    expect((await cli(['config', 'get', 'timeout'])).stdout).toBe('30');
  });

  it('refuses unknown keys and bad values, naming them', async () => {
    const unknown = await cli(['config', 'set', 'colour', 'red']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/"colour" is not a config key\nKeys: portal, profile, cc/);
    const bad = await cli(['config', 'set', 'upload-concurrency', '99']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/error: upload-concurrency: give a whole number from 1 to 8/);
    const portal = await cli(['config', 'set', 'portal', 'http://support.example.com']);
    expect(portal.exitCode).toBe(2);
    expect(portal.stderr).toMatch(/plain http is refused/);
  });

  it('a broken config file is named, with the line, or the key', async () => {
    mkdirSync(join(home, '.config', 'sigma-support'), { recursive: true });
    writeFileSync(configFile(), 'timeout = 30\n\ncc = [oops]\n');
    const syntax = await cli(['config', 'list']);
    expect(syntax.exitCode).toBe(2);
    expect(syntax.stderr).toMatch(/config\.toml: line 3, column \d+: not valid TOML/);
    writeFileSync(configFile(), 'cc = ["a@example.com"]\ntimeout = -1\n');
    const value = await cli(['submit', '--sandbox', '--subject', 's', '--description', 'd', '--severity', 'S3']);
    expect(value.exitCode).toBe(2);
    expect(value.stderr).toMatch(/config\.toml: line 2: key "timeout": give a number above 0 and at most 3600 \(seconds\)/);
    writeFileSync(configFile(), 'colour = "red"\n');
    expect((await cli(['config', 'list'])).stderr).toMatch(/key "colour": unknown key \(known: portal, profile/);
  });

  it('precedence: flag, then environment, then config, then default', async () => {
    await cli(['config', 'set', 'portal', 'https://from-config.example.com']);
    const fromConfig = JSON.parse((await cli(['config', 'list', '--json'])).stdout);
    expect(fromConfig.portal).toEqual({ value: 'https://from-config.example.com', source: 'config' });
    const fromEnv = JSON.parse((await cli(['config', 'list', '--json'], { SIGMA_SUPPORT_URL: sandbox.url.origin })).stdout);
    expect(fromEnv.portal.source).toBe('environment (SIGMA_SUPPORT_URL)');
    // the flag wins over both: the dry run reaches the sandbox, not the config's portal
    const dry = await cli(['submit', '--portal', sandbox.url.origin, '--subject', 's', '--description', 'd', '--severity', 'S3', '--dry-run', '--json'], { ...sandbox.env, SIGMA_SUPPORT_URL: 'https://from-env.example.com' });
    expect(dry.exitCode).toBe(0);
    expect(JSON.parse(dry.stdout).portal).toBe(sandbox.url.origin);
  });

  it('default CCs from the config apply when --cc is not given', async () => {
    await cli(['config', 'set', 'cc', 'team@example.com']);
    const result = await cli(['submit', '--subject', 'With team', '--description', 'd', '--severity', 'S3', '--json'], sandbox.env);
    expect(JSON.parse(result.stdout).cc).toEqual(['team@example.com']);
    const given = await cli(['submit', '--subject', 'Without team', '--description', 'd', '--severity', 'S3', '--cc', 'me@example.com', '--json'], sandbox.env);
    expect(JSON.parse(given.stdout).cc).toEqual(['me@example.com']);
  });

  it('a severity override replaces discovery', async () => {
    await cli(['config', 'set', 'severity-field-id', '777']);
    await cli(['config', 'set', 'severity-tags', 'S0=p0,S1=p1,S2=p2,S3=p3']);
    const dry = JSON.parse((await cli(['submit', '--subject', 's', '--description', 'd', '--severity', 'S1', '--dry-run', '--json'], sandbox.env)).stdout);
    expect(dry.severityField).toEqual({ id: 777, tag: 'p1', sentAs: 'custom_fields' });
    expect(dry.request.request.custom_fields).toEqual([{ id: 777, value: 'p1' }]);
    expect(dry.severityField.id).not.toBe(SEVERITY_FIELD_ID);
  });
});
