/**
 * Endpoints per friend (endpoint-migrations.ts): ours (a salt and when we made it) and theirs
 * (address, client key, when they made it). The rules — when to make one, which offer wins —
 * are the endpoints feature's; this only stores their outcome.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import { blob, type Query, type Sql } from '../../store/sql.js';
import { assertBytes, assertTime, checkedOnion } from '../../store/validate.js';
import type { FriendEndpoint } from '../endpoint-offer-check.js';
import { ENDPOINT_SALT_BYTES } from '../endpoint-keys.js';

/** What we keep for one friend. */
export interface EndpointRecord {
  readonly friend: OnionAddress;
  /** The salt of our endpoint for them. */
  readonly salt: Uint8Array;
  /** When we made it (the issued_at of our offers). */
  readonly issuedAt: number;
  /** Their endpoint for us, once they offered one. */
  readonly theirs: FriendEndpoint | undefined;
}

interface EndpointRow {
  onion: string;
  salt: Uint8Array;
  issued_at: number;
  their_address: string | null;
  their_client_key: Uint8Array | null;
  their_issued_at: number | null;
}

const COLUMNS = 'onion, salt, issued_at, their_address, their_client_key, their_issued_at';

/** Reads and writes the endpoints table. */
export class EndpointsRepository {
  readonly #get: Query<EndpointRow>;
  readonly #list: Query<EndpointRow>;
  readonly #insert: Query<never>;
  readonly #setTheirs: Query<never>;
  readonly #delete: Query<never>;

  constructor(sql: Sql) {
    this.#get = sql.prepare(`SELECT ${COLUMNS} FROM endpoints WHERE onion = @onion`);
    this.#list = sql.prepare(`SELECT ${COLUMNS} FROM endpoints ORDER BY onion`);
    this.#insert = sql.prepare(
      'INSERT INTO endpoints (onion, salt, issued_at) VALUES (@onion, @salt, @issuedAt) ON CONFLICT (onion) DO NOTHING',
    );
    this.#setTheirs = sql.prepare(
      `UPDATE endpoints SET their_address = @address, their_client_key = @clientKey, their_issued_at = @issuedAt
       WHERE onion = @onion`,
    );
    this.#delete = sql.prepare('DELETE FROM endpoints WHERE onion = @onion');
  }

  get(friend: OnionAddress): EndpointRecord | undefined {
    const row = this.#get.get({ onion: checkedOnion(friend) });
    return row === undefined ? undefined : fromRow(row);
  }

  list(): EndpointRecord[] {
    return this.#list.all().map(fromRow);
  }

  /** Keeps our endpoint for `friend` unless one is kept already; returns whether it was added. */
  create(friend: OnionAddress, salt: Uint8Array, issuedAt: number): boolean {
    assertBytes(salt, ENDPOINT_SALT_BYTES, 'salt');
    assertTime(issuedAt, 'issuedAt');
    return this.#insert.run({ onion: checkedOnion(friend), salt: blob(salt), issuedAt }) === 1;
  }

  /** Keeps the endpoint `friend` gave us (replacing an earlier one); false if we keep no row for them. */
  setTheirs(friend: OnionAddress, endpoint: FriendEndpoint): boolean {
    assertBytes(endpoint.clientKey, 32, 'clientKey');
    assertTime(endpoint.issuedAt, 'issuedAt');
    return (
      this.#setTheirs.run({
        onion: checkedOnion(friend),
        address: checkedOnion(endpoint.address),
        clientKey: blob(endpoint.clientKey),
        issuedAt: endpoint.issuedAt,
      }) === 1
    );
  }

  /** Forgets both endpoints of `friend` (the friendship ended); returns whether there was a row. */
  delete(friend: OnionAddress): boolean {
    return this.#delete.run({ onion: checkedOnion(friend) }) === 1;
  }
}

function fromRow(row: EndpointRow): EndpointRecord {
  const theirs =
    row.their_address === null || row.their_client_key === null || row.their_issued_at === null
      ? undefined
      : {
          address: row.their_address as OnionAddress,
          clientKey: new Uint8Array(row.their_client_key),
          issuedAt: row.their_issued_at,
        };
  return {
    friend: row.onion as OnionAddress,
    salt: new Uint8Array(row.salt),
    issuedAt: row.issued_at,
    theirs,
  };
}
