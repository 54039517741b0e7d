// Where the ctl socket lives: short enough for a Unix socket whatever the profile path, in the
// user's runtime directory when there is one, else in a private directory under /tmp.
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { daemonSocketPath, MAX_SOCKET_PATH_BYTES, prepareSocketDir } from '../../../src/daemon/socket-path.js';
import { errorNamed } from '../../shared/errors.js';
import { removeTempDirs, tempDir } from '../../shared/temp-dirs.js';

afterAll(removeTempDirs);

describe('daemonSocketPath', () => {
  it('fits a Unix socket for a profile path of any length, and differs per profile', () => {
    const long = `/home/someone/${'deep/'.repeat(60)}profile`;
    const path = daemonSocketPath(long, {});
    expect(Buffer.byteLength(path)).toBeLessThanOrEqual(MAX_SOCKET_PATH_BYTES);
    expect(daemonSocketPath(`${long}2`, {})).not.toBe(path);
    expect(daemonSocketPath('/p', {})).toBe(daemonSocketPath('/q/../p', {}));
  });

  it('uses $XDG_RUNTIME_DIR/burrow, and /tmp/burrow-<uid> when that is unset or too long', () => {
    expect(daemonSocketPath('/p', { XDG_RUNTIME_DIR: '/run/user/1000' })).toMatch(/^\/run\/user\/1000\/burrow\//);
    const fallback = `/tmp/burrow-${process.getuid?.() ?? 'user'}/`;
    expect(daemonSocketPath('/p', {}).startsWith(fallback)).toBe(true);
    expect(daemonSocketPath('/p', { XDG_RUNTIME_DIR: `/${'r'.repeat(100)}` }).startsWith(fallback)).toBe(true);
  });
});

describe('prepareSocketDir', () => {
  it('creates a private directory, and refuses one others can enter or a symlink', () => {
    const root = tempDir();
    prepareSocketDir(join(root, 'fresh', 'x.sock'));
    const open = join(root, 'open');
    mkdirSync(open);
    chmodSync(open, 0o755);
    expect(() => prepareSocketDir(join(open, 'x.sock'))).toThrow(errorNamed('SocketDirUnsafeError'));
    symlinkSync(join(root, 'fresh'), join(root, 'link'));
    expect(() => prepareSocketDir(join(root, 'link', 'x.sock'))).toThrow(errorNamed('SocketDirUnsafeError'));
  });
});
