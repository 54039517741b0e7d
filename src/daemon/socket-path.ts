/**
 * Where a profile's daemon listens. Not inside the profile: a Unix socket path is limited to
 * 107 bytes, and profile paths are often longer. The socket goes to the user's runtime directory
 * ($XDG_RUNTIME_DIR/burrow, private to them by the XDG spec), else to /tmp/burrow-<uid>, a
 * directory only the user can enter (checked before use). Its name is a digest of the profile's
 * absolute path, so `burrow ctl --profile DIR` finds the daemon of DIR.
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BurrowFailure } from '../errors.js';

/** sockaddr_un.sun_path is 108 bytes on Linux, including the terminating NUL. */
export const MAX_SOCKET_PATH_BYTES = 107;

/** The socket of the daemon serving the profile in `profileDir`. */
export function daemonSocketPath(profileDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const digest = createHash('sha256').update(resolve(profileDir)).digest('hex').slice(0, 20);
  const name = `${digest}.sock`;
  const runtime = env['XDG_RUNTIME_DIR'];
  if (runtime !== undefined && runtime.startsWith('/')) {
    const path = join(runtime, 'burrow', name);
    if (Buffer.byteLength(path) <= MAX_SOCKET_PATH_BYTES) return path;
  }
  return join('/tmp', `burrow-${process.getuid?.() ?? 'user'}`, name);
}

/** 'SocketDirUnsafeError': the socket's directory is not the user's own private directory. */
function socketDirUnsafe(dir: string, why: string): BurrowFailure {
  return new BurrowFailure(
    'SocketDirUnsafeError',
    `Cannot serve \`burrow ctl\` from ${dir}: ${why}. Remove it, or set XDG_RUNTIME_DIR to a directory only you can use.`,
    { action: 'tell-user' },
  );
}

/**
 * Creates the socket's directory (mode 700) and checks that it is a real directory owned by
 * this user that nobody else can enter: another user must not be able to plant or read it.
 */
export function prepareSocketDir(socketPath: string): void {
  const dir = join(socketPath, '..');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = lstatSync(dir);
  if (!stat.isDirectory()) throw socketDirUnsafe(dir, 'it is not a directory');
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) throw socketDirUnsafe(dir, 'another user owns it');
  if ((stat.mode & 0o077) !== 0) throw socketDirUnsafe(dir, 'other users can enter it');
}
