/**
 * SOCKS credentials for circuit isolation. tor's SocksPort isolates by username/password by
 * default (`IsolateSOCKSAuth`, tor(1)): streams whose credentials differ never share a circuit.
 * Burrow uses one credential per peer (docs/ARCHITECTURE.md "Transport"), so no two friends' streams can be
 * linked by sharing a circuit.
 *
 * The credential is a hash of the isolation key (the peer's onion address by default) and a
 * per-transport random salt: it has a bounded length (RFC 1929 allows 1–255 bytes), leaks no
 * address, and two Burrow profiles sharing one tor never share a circuit to the same friend.
 */
import { createHash } from 'node:crypto';

/** An RFC 1929 username/password pair. */
export interface SocksCredential {
  readonly username: string;
  readonly password: string;
}

/** Every credential carries this username; the password does the isolating. */
export const ISOLATION_USERNAME = 'burrow';
/** Hex characters of the hash kept as password (128 bits). */
const PASSWORD_HEX_CHARS = 32;

/**
 * The credential for `isolationKey`. Same salt and key, same credential (streams may share a
 * circuit); anything else differs.
 *
 * @example isolationCredential(salt, friendAddress) // { username: 'burrow', password: '3f1c…' }
 */
export function isolationCredential(salt: Uint8Array, isolationKey: string): SocksCredential {
  if (typeof isolationKey !== 'string' || isolationKey === '')
    throw new TypeError('isolationKey must be a non-empty string');
  const hash = createHash('sha256')
    .update('burrow socks isolation\0')
    .update(salt)
    .update('\0')
    .update(isolationKey, 'utf8')
    .digest('hex');
  return { username: ISOLATION_USERNAME, password: hash.slice(0, PASSWORD_HEX_CHARS) };
}
