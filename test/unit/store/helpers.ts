/**
 * Helpers of the store tests: profiles with the store's own cheap scrypt (its header is what
 * some tests read), sample rows, file snapshots. Temp dirs: test/shared/temp-dirs.ts.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generateIdentity } from '../../../src/crypto/identity.js';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import type { ScryptParams } from '../../../src/store/kdf.js';
import type { ProfileStore } from '../../../src/store/profile-store.js';
import type { NewMessage } from '../../../src/chat/store/messages-repository.js';
import { newProfile as newTestProfile } from '../../shared/profiles.js';

/** scrypt with N = 2^10: ~1 ms, so the suite stays fast (one test uses the real parameters). */
export const FAST_KDF: ScryptParams = { logN: 10, r: 8, p: 1 };
export const PASSPHRASE = 'correct horse battery staple';

/** A new profile (fast KDF) in a fresh temp directory. */
export function newProfile(displayName = 'ada'): Promise<{ dir: string; store: ProfileStore }> {
  return newTestProfile({ displayName, kdf: FAST_KDF, passphrase: PASSPHRASE });
}

/** A random onion address. */
export function randomOnion(): OnionAddress {
  return generateIdentity().onionAddress;
}

/** Adds a friend and returns their address. */
export function addFriend(store: ProfileStore, onion: OnionAddress = randomOnion()): OnionAddress {
  store.contacts.insert({ onion, state: 'friend', createdAt: Date.now() });
  return onion;
}

/** An outgoing message to `conversation`. */
export function outgoing(conversation: OnionAddress, body: string, overrides: Partial<NewMessage> = {}): NewMessage {
  const now = Date.now();
  return {
    id: randomBytes(16),
    conversation,
    direction: 'out',
    body,
    createdAt: now,
    receivedAt: now,
    state: 'sending',
    ...overrides,
  };
}

/** An incoming message from `conversation`. */
export function incoming(conversation: OnionAddress, body: string, overrides: Partial<NewMessage> = {}): NewMessage {
  const now = Date.now();
  return {
    id: randomBytes(16),
    conversation,
    direction: 'in',
    body,
    createdAt: now - 5,
    receivedAt: now,
    state: 'received',
    ...overrides,
  };
}

/** Every file in `dir` with its bytes and mtime, to prove an operation changed nothing. */
export function snapshot(dir: string): Map<string, { bytes: Buffer; mtimeMs: number; mode: number }> {
  const files = new Map<string, { bytes: Buffer; mtimeMs: number; mode: number }>();
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = statSync(path);
    files.set(name, { bytes: readFileSync(path), mtimeMs: stat.mtimeMs, mode: stat.mode });
  }
  return files;
}

/** Runs a store test file's child process helper: `node --import tsx child.ts <args>`. */
export const CHILD_SCRIPT = join(import.meta.dirname, 'child.ts');
