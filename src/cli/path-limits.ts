/**
 * Path limits checked before anything starts (tor, the passphrase prompt): a profile path that
 * Linux cannot use would otherwise fail deep inside tor or SQLite with a stack trace.
 */
import { resolve } from 'node:path';
import { MAX_SOCKET_PATH_BYTES } from '../daemon/socket-path.js';
import { UsageError } from './usage-error.js';

/** PATH_MAX on Linux is 4096 bytes; the deepest file Burrow writes adds under 100 bytes to the profile path. */
const MAX_PROFILE_PATH_BYTES = 4096 - 128;
/** NAME_MAX: one path component. */
const MAX_NAME_BYTES = 255;

/** Throws a {@link UsageError} naming the limit when the profile directory or the socket path is too long. */
export function checkPathLimits(profileDir: string, socketPath?: string): void {
  const absolute = resolve(profileDir);
  if (Buffer.byteLength(absolute) > MAX_PROFILE_PATH_BYTES)
    throw new UsageError(
      `the profile path is ${Buffer.byteLength(absolute)} bytes long; Linux allows ${MAX_PROFILE_PATH_BYTES} here. Choose a shorter --profile.`,
    );
  const longName = absolute.split('/').find((name) => Buffer.byteLength(name) > MAX_NAME_BYTES);
  if (longName !== undefined)
    throw new UsageError(
      `a folder name in the profile path is over ${MAX_NAME_BYTES} bytes ("${longName.slice(0, 20)}…"). Choose a shorter --profile.`,
    );
  if (socketPath !== undefined && Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES)
    throw new UsageError(
      `the ctl socket path ${socketPath} is over ${MAX_SOCKET_PATH_BYTES} bytes. Set XDG_RUNTIME_DIR to a shorter directory.`,
    );
}
