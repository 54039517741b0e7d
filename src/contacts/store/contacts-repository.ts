/**
 * Contacts: everyone we sent a request to, got one from, befriended, blocked or rejected
 * (docs/ARCHITECTURE.md "Services/Contacts"). The state machine lives in the contacts service; this only
 * stores its outcome. Nicknames are local and never leave the device.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import type { Query, Sql } from '../../store/sql.js';
import { assertOneOf, assertText, assertTime, checkedOnion } from '../../store/validate.js';

/** Where a contact stands. */
export type ContactState = 'outgoing-request' | 'incoming-request' | 'friend' | 'blocked' | 'rejected';
/** Every {@link ContactState}, for validation and UI menus. */
export const CONTACT_STATES: readonly ContactState[] = Object.freeze([
  'outgoing-request',
  'incoming-request',
  'friend',
  'blocked',
  'rejected',
]);

/** A stored contact. */
export interface Contact {
  readonly onion: OnionAddress;
  readonly state: ContactState;
  /** Our local name for them, if we set one. */
  readonly nickname: string | undefined;
  /** The name they announced (their choice, untrusted), if any. */
  readonly displayName: string | undefined;
  /** The message sent with the contact request (theirs if incoming, ours if outgoing). */
  readonly requestMessage: string | undefined;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** When an authenticated connection with them was last open. */
  readonly lastSeen: number | undefined;
}

/** What {@link ContactsRepository.insert} takes. */
export interface NewContact {
  readonly onion: OnionAddress;
  readonly state: ContactState;
  readonly requestMessage?: string | undefined;
  readonly nickname?: string | undefined;
  readonly displayName?: string | undefined;
  readonly createdAt: number;
}

interface ContactRow {
  onion: string;
  state: ContactState;
  nickname: string | null;
  display_name: string | null;
  request_message: string | null;
  created_at: number;
  updated_at: number;
  last_seen: number | null;
}

const COLUMNS = 'onion, state, nickname, display_name, request_message, created_at, updated_at, last_seen';

/** Reads and writes contacts. */
export class ContactsRepository {
  readonly #get: Query<ContactRow>;
  readonly #list: Query<ContactRow>;
  readonly #listByState: Query<ContactRow>;
  readonly #insert: Query<never>;
  readonly #setState: Query<never>;
  readonly #setNickname: Query<never>;
  readonly #setDisplayName: Query<never>;
  readonly #setRequestMessage: Query<never>;
  readonly #setLastSeen: Query<never>;
  readonly #deleteMessages: Query<never>;
  readonly #delete: Query<never>;
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#get = sql.prepare(`SELECT ${COLUMNS} FROM contacts WHERE onion = @onion`);
    this.#list = sql.prepare(`SELECT ${COLUMNS} FROM contacts ORDER BY created_at, onion`);
    this.#listByState = sql.prepare(`SELECT ${COLUMNS} FROM contacts WHERE state = @state ORDER BY created_at, onion`);
    this.#insert = sql.prepare(
      `INSERT INTO contacts (onion, state, nickname, display_name, request_message, created_at, updated_at)
       VALUES (@onion, @state, @nickname, @displayName, @requestMessage, @createdAt, @createdAt) ON CONFLICT (onion) DO NOTHING`,
    );
    this.#setState = sql.prepare('UPDATE contacts SET state = @state, updated_at = @at WHERE onion = @onion');
    this.#setNickname = sql.prepare('UPDATE contacts SET nickname = @nickname, updated_at = @at WHERE onion = @onion');
    this.#setDisplayName = sql.prepare(
      'UPDATE contacts SET display_name = @displayName, updated_at = @at WHERE onion = @onion',
    );
    this.#setRequestMessage = sql.prepare(
      'UPDATE contacts SET request_message = @requestMessage, updated_at = @at WHERE onion = @onion',
    );
    this.#setLastSeen = sql.prepare(
      'UPDATE contacts SET last_seen = max(coalesce(last_seen, 0), @at) WHERE onion = @onion',
    );
    // Outbox rows go with their messages (ON DELETE CASCADE).
    this.#deleteMessages = sql.prepare('DELETE FROM messages WHERE conversation = @onion');
    this.#delete = sql.prepare('DELETE FROM contacts WHERE onion = @onion');
    this.#sql = sql;
  }

  /** The contact with this address, or undefined. */
  get(onion: OnionAddress): Contact | undefined {
    const row = this.#get.get({ onion: checkedOnion(onion) });
    return row === undefined ? undefined : fromRow(row);
  }

  /** All contacts (optionally only those in `state`), oldest first. */
  list(filter: { readonly state?: ContactState } = {}): Contact[] {
    if (filter.state === undefined) return this.#list.all().map(fromRow);
    assertOneOf(filter.state, CONTACT_STATES, 'state');
    return this.#listByState.all({ state: filter.state }).map(fromRow);
  }

  /** Adds a contact if the address is not known yet; returns whether it was added. */
  insert(contact: NewContact): boolean {
    assertOneOf(contact.state, CONTACT_STATES, 'state');
    assertTime(contact.createdAt, 'createdAt');
    if (contact.requestMessage !== undefined) assertText(contact.requestMessage, 'requestMessage');
    if (contact.nickname !== undefined) assertText(contact.nickname, 'nickname');
    if (contact.displayName !== undefined) assertText(contact.displayName, 'displayName');
    return (
      this.#insert.run({
        onion: checkedOnion(contact.onion),
        state: contact.state,
        nickname: contact.nickname ?? null,
        displayName: contact.displayName ?? null,
        requestMessage: contact.requestMessage ?? null,
        createdAt: contact.createdAt,
      }) === 1
    );
  }

  /** Moves a contact to `state`; returns false if the address is unknown. */
  setState(onion: OnionAddress, state: ContactState, at: number): boolean {
    assertOneOf(state, CONTACT_STATES, 'state');
    assertTime(at, 'at');
    return this.#setState.run({ onion: checkedOnion(onion), state, at }) === 1;
  }

  /** Sets (or, with undefined, clears) our local nickname; returns false if the address is unknown. */
  setNickname(onion: OnionAddress, nickname: string | undefined, at: number): boolean {
    if (nickname !== undefined) assertText(nickname, 'nickname');
    assertTime(at, 'at');
    return this.#setNickname.run({ onion: checkedOnion(onion), nickname: nickname ?? null, at }) === 1;
  }

  /** Sets (or, with undefined, clears) the name they announced; returns false if the address is unknown. */
  setDisplayName(onion: OnionAddress, displayName: string | undefined, at: number): boolean {
    if (displayName !== undefined) assertText(displayName, 'displayName');
    assertTime(at, 'at');
    return this.#setDisplayName.run({ onion: checkedOnion(onion), displayName: displayName ?? null, at }) === 1;
  }

  /** Replaces the stored request message (a repeated request may carry a new one). */
  setRequestMessage(onion: OnionAddress, requestMessage: string | undefined, at: number): boolean {
    if (requestMessage !== undefined) assertText(requestMessage, 'requestMessage');
    assertTime(at, 'at');
    return (
      this.#setRequestMessage.run({ onion: checkedOnion(onion), requestMessage: requestMessage ?? null, at }) === 1
    );
  }

  /** Records that a connection with them was open at `at` (never moves last-seen backwards). */
  recordSeen(onion: OnionAddress, at: number): boolean {
    assertTime(at, 'at');
    return this.#setLastSeen.run({ onion: checkedOnion(onion), at }) === 1;
  }

  /**
   * Forgets a contact with its whole conversation and pending outbox, in one transaction:
   * they become a stranger again. Returns false if the address is unknown.
   */
  remove(onion: OnionAddress): boolean {
    const checked = checkedOnion(onion);
    return this.#sql.transaction(() => {
      this.#deleteMessages.run({ onion: checked });
      return this.#delete.run({ onion: checked }) > 0;
    });
  }
}

function fromRow(row: ContactRow): Contact {
  return {
    onion: row.onion as OnionAddress,
    state: row.state,
    nickname: row.nickname ?? undefined,
    displayName: row.display_name ?? undefined,
    requestMessage: row.request_message ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastSeen: row.last_seen ?? undefined,
  };
}
