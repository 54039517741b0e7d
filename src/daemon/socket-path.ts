import { join } from 'node:path';

/** Where a profile's daemon listens: inside the profile directory, which only its owner can enter. */
export function daemonSocketPath(profileDir: string): string {
  return join(profileDir, 'burrow.sock');
}
