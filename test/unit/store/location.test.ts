import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveProfileDir } from '../../../src/store/location.js';

describe('resolveProfileDir', () => {
  const env = { BURROW_HOME: '/srv/burrow-home', XDG_DATA_HOME: '/xdg/data', HOME: '/home/ada' };

  it('prefers --profile, then BURROW_HOME, then $XDG_DATA_HOME/burrow, then ~/.local/share/burrow', () => {
    expect(resolveProfileDir({ profileFlag: '/flag/dir', env })).toBe('/flag/dir');
    expect(resolveProfileDir({ env })).toBe('/srv/burrow-home');
    expect(resolveProfileDir({ env: { ...env, BURROW_HOME: undefined } })).toBe('/xdg/data/burrow');
    expect(resolveProfileDir({ env: { HOME: '/home/ada' } })).toBe('/home/ada/.local/share/burrow');
  });

  it('resolves relative --profile and BURROW_HOME against the working directory', () => {
    expect(resolveProfileDir({ profileFlag: 'rel/p', env })).toBe(resolve('rel/p'));
    expect(resolveProfileDir({ env: { BURROW_HOME: 'rel/h' } })).toBe(resolve('rel/h'));
  });

  it('ignores empty values and a relative XDG_DATA_HOME (XDG Base Directory spec)', () => {
    expect(
      resolveProfileDir({ profileFlag: '', env: { BURROW_HOME: '', XDG_DATA_HOME: 'relative', HOME: '/h' } }),
    ).toBe('/h/.local/share/burrow');
    expect(resolveProfileDir({ env: { XDG_DATA_HOME: '' }, homeDir: '/fallback' })).toBe(
      join('/fallback', '.local/share/burrow'),
    );
  });
});
