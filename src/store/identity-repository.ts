/**
 * The profile's own identity: one row holding the ed25519 seed (docs/ARCHITECTURE.md "Identity": the seed
 * is the only identity secret; the onion address and x25519 keys derive from it).
 */
import { identityFromSeed, type IdentityKeyPair } from '../crypto/identity.js';
import { StoreConstraintError } from './errors.js';
import { blob, type Query, type Sql } from './sql.js';
import { assertBytes, assertText, assertTime } from './validate.js';

/** The identity as stored. Secret: never log it. */
export interface StoredIdentity {
  readonly keyPair: IdentityKeyPair;
  /** The name shown to friends. */
  readonly displayName: string;
  readonly createdAt: number;
}

interface IdentityRow {
  seed: Buffer;
  display_name: string;
  created_at: number;
}

/** Reads and updates the single identity row. */
export class IdentityRepository {
  readonly #select: Query<IdentityRow>;
  readonly #insert: Query<never>;
  readonly #rename: Query<never>;

  constructor(sql: Sql) {
    this.#select = sql.prepare('SELECT seed, display_name, created_at FROM identity WHERE id = 1');
    this.#insert = sql.prepare(
      'INSERT INTO identity (id, seed, display_name, created_at) VALUES (1, @seed, @displayName, @createdAt)',
    );
    this.#rename = sql.prepare('UPDATE identity SET display_name = @displayName WHERE id = 1');
  }

  /** The identity. Every opened profile has one (createProfile writes it before the header). */
  get(): StoredIdentity {
    const row = this.#select.get();
    if (row === undefined) throw new StoreConstraintError('the profile has no identity row');
    return {
      keyPair: identityFromSeed(new Uint8Array(row.seed)),
      displayName: row.display_name,
      createdAt: row.created_at,
    };
  }

  /** Writes the identity; only `createProfile` calls this, once. */
  create(seed: Uint8Array, displayName: string, createdAt: number): void {
    assertBytes(seed, 32, 'seed');
    assertText(displayName, 'displayName');
    assertTime(createdAt, 'createdAt');
    this.#insert.run({ seed: blob(seed), displayName, createdAt });
  }

  /** Changes the display name friends see. */
  setDisplayName(displayName: string): void {
    assertText(displayName, 'displayName');
    this.#rename.run({ displayName });
  }
}
