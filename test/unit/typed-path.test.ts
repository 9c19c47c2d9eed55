import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { completeTypedPath, parseTypedPath } from '../../src/terminal/typed-path.js';
import { tempDir } from '../helpers/files.js';

describe('a path typed, or pasted by a terminal when a file is dragged in', () => {
  it('takes the quoted, double-quoted and backslash-escaped forms, and ~', () => {
    expect(parseTypedPath(`'/a/with space.txt'`, '/home/u')).toBe('/a/with space.txt');
    expect(parseTypedPath(`"/a/say \\"hi\\".txt"`, '/home/u')).toBe('/a/say "hi".txt');
    expect(parseTypedPath('/a/with\\ space\\ \\(1\\).txt ', '/home/u')).toBe('/a/with space (1).txt');
    expect(parseTypedPath('~/logs/x.log', '/home/u')).toBe('/home/u/logs/x.log');
    expect(parseTypedPath('~', '/home/u')).toBe('/home/u');
    expect(parseTypedPath('a~/b', '/home/u')).toBe('a~/b');
  });

  it('completes to the one match (a folder gets its slash), or to what several share', () => {
    const home = tempDir('home-');
    mkdirSync(join(home, 'My Logs'));
    writeFileSync(join(home, 'My Logs', 'run-1.log'), 'a');
    writeFileSync(join(home, 'My Logs', 'run-2.log'), 'b');
    writeFileSync(join(home, '.hidden'), 'c');
    expect(completeTypedPath('~/My', home)).toEqual({ line: '~/My\\ Logs/', candidates: [] });
    expect(completeTypedPath('~/My\\ Logs/r', home)).toEqual({ line: '~/My\\ Logs/run-', candidates: ['run-1.log', 'run-2.log'] });
    expect(completeTypedPath(`'${home}/My Logs/run-2`, home)).toEqual({ line: `'${home}/My Logs/run-2.log`, candidates: [] });
    expect(completeTypedPath('~/nothing-here', home)).toEqual({ line: '~/nothing-here', candidates: [] });
  });
});
