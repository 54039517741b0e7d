/**
 * The offline relay's saved state (src/relay/engine-state.ts; schema in relay/store/migrations.ts):
 * held envelopes with their provenance, the ids addressed to us, and our own outgoing envelopes
 * with their receipt secrets. The node loads it once when it starts and writes what changed
 * after every relay event, in the same transaction as the chat message a delivery stored.
 *
 * Loading is defensive although the rows are our own: a row that does not decode (a damaged
 * page the codec let through, or a bug in an older Burrow) is skipped and counted, never
 * allowed to stop the node.
 */
import { parseOnionAddress, type OnionAddress } from '../../crypto/onion-address.js';
import { decodeEnvelope, encodeEnvelope } from '../../protocol/relay/envelope-codec.js';
import { RECEIPT_MAC_BYTES } from '../../protocol/relay/limits.js';
import type { DropReason } from '../../protocol/relay/release-codec.js';
import type {
  DurablePeerMark,
  RelayStateChanges,
  RelayStateSnapshot,
  SavedHeld,
  SavedInboxEntry,
  SavedOutgoing,
} from '../engine-state.js';
import type { OutgoingState } from '../outgoing-tracker.js';
import type { Release, TrackedState } from '../tracked-envelope.js';
import { blob, type Query, type Sql } from '../../store/sql.js';
import { assertBytes, checkedOnion } from '../../store/validate.js';

/** Bytes of an envelope id. */
const ID_BYTES = 16;

/** What {@link RelayRepository.load} found. */
export interface LoadedRelayState {
  readonly state: RelayStateSnapshot;
  /** Rows that did not decode and were left out. */
  readonly skipped: number;
}

/** Sizes of what is saved, for `relay status`. */
export interface RelayStoreTotals {
  /** Rows of tracked ids (held or remembered). */
  readonly tracked: number;
  /** Encoded bytes of the envelopes held (ours and friends'). */
  readonly envelopeBytes: number;
}

interface HeldRow {
  id: Buffer;
  tag: Buffer;
  expiry: number;
  commitment: Buffer;
  size: number;
  owner: string | null;
  pass_on_hops: number;
  state: TrackedState;
  envelope: Buffer | null;
  gone_reason: DropReason | null;
  release_kind: 'receipt' | 'withdrawal' | null;
  release_secret: Buffer | null;
  release_signature: Buffer | null;
  provenance: string;
}

interface InboxRow {
  id: Buffer;
  state: 'delivered' | 'rejected';
  expiry: number;
  receipt_secret: Buffer | null;
  receipt_signature: Buffer | null;
}

interface OutgoingRow {
  envelope_id: Buffer;
  ref: string;
  recipient: string;
  recipient_key: Buffer;
  commitment: Buffer;
  expiry: number;
  state: OutgoingState['state'];
  drop_reason: DropReason | null;
  holders: string;
  receipt_secret: Buffer | null;
}

interface Provenance {
  readonly peers: readonly (readonly [OnionAddress, DurablePeerMark])[];
  readonly releasedTo: readonly OnionAddress[];
  readonly dropNotice: { readonly reason: DropReason; readonly pending: readonly OnionAddress[] } | null;
}

const DURABLE_MARKS: readonly string[] = ['gave', 'holds', 'has', 'declined'];
const DROP_REASONS: readonly string[] = ['expired', 'evicted', 'rejected'];

const bytes = (buffer: Buffer): Uint8Array => new Uint8Array(buffer);
const nullableBlob = (value: Uint8Array | undefined): Buffer | null => (value === undefined ? null : blob(value));

/** Reads and writes the relay's tables. */
export class RelayRepository {
  readonly #sql: Sql;
  readonly #heldAll: Query<HeldRow>;
  readonly #heldInsert: Query<never>;
  readonly #heldUpdate: Query<never>;
  readonly #heldDelete: Query<never>;
  readonly #inboxAll: Query<InboxRow>;
  readonly #inboxDelete: Query<never>;
  readonly #inboxInsert: Query<never>;
  readonly #outgoingAll: Query<OutgoingRow>;
  readonly #outgoingUpsert: Query<never>;
  readonly #outgoingDelete: Query<never>;
  readonly #totals: Query<{ tracked: number; bytes: number | null }>;

  constructor(sql: Sql) {
    this.#sql = sql;
    this.#heldAll = sql.prepare('SELECT * FROM relay_held ORDER BY seq');
    this.#heldInsert = sql.prepare(
      `INSERT INTO relay_held (id, tag, expiry, commitment, size, owner, pass_on_hops, state, envelope, gone_reason, release_kind, release_secret, release_signature, provenance)
       VALUES (@id, @tag, @expiry, @commitment, @size, @owner, @passOnHops, @state, @envelope, @goneReason, @releaseKind, @releaseSecret, @releaseSignature, @provenance)`,
    );
    // The envelope bytes are written once, with the row; afterwards a copy can only go away.
    this.#heldUpdate = sql.prepare(
      `UPDATE relay_held SET state = @state, envelope = CASE WHEN @state = 'held' THEN envelope END, gone_reason = @goneReason,
         release_kind = @releaseKind, release_secret = @releaseSecret, release_signature = @releaseSignature, provenance = @provenance
       WHERE id = @id`,
    );
    this.#heldDelete = sql.prepare('DELETE FROM relay_held WHERE id = @id');
    this.#inboxAll = sql.prepare(
      'SELECT id, state, expiry, receipt_secret, receipt_signature FROM relay_inbox ORDER BY seq',
    );
    this.#inboxDelete = sql.prepare('DELETE FROM relay_inbox WHERE id = @id');
    this.#inboxInsert = sql.prepare(
      'INSERT INTO relay_inbox (id, state, expiry, receipt_secret, receipt_signature) VALUES (@id, @state, @expiry, @receiptSecret, @receiptSignature)',
    );
    this.#outgoingAll = sql.prepare(
      'SELECT envelope_id, ref, recipient, recipient_key, commitment, expiry, state, drop_reason, holders, receipt_secret FROM relay_outgoing ORDER BY seq',
    );
    this.#outgoingUpsert = sql.prepare(
      `INSERT INTO relay_outgoing (envelope_id, ref, recipient, recipient_key, commitment, expiry, state, drop_reason, holders, receipt_secret)
       VALUES (@envelopeId, @ref, @recipient, @recipientKey, @commitment, @expiry, @state, @dropReason, @holders, @receiptSecret)
       ON CONFLICT (envelope_id) DO UPDATE SET state = excluded.state, drop_reason = excluded.drop_reason, holders = excluded.holders, receipt_secret = excluded.receipt_secret`,
    );
    this.#outgoingDelete = sql.prepare('DELETE FROM relay_outgoing WHERE envelope_id = @id');
    this.#totals = sql.prepare('SELECT count(*) AS tracked, sum(length(envelope)) AS bytes FROM relay_held');
  }

  /** Everything saved, oldest first, to start an engine from. */
  load(): LoadedRelayState {
    let skipped = 0;
    const keep = <T>(decode: () => T): T[] => {
      try {
        return [decode()];
      } catch {
        skipped++;
        return [];
      }
    };
    const held = this.#heldAll.all().flatMap((row) => keep(() => heldFromRow(row)));
    const inbox = this.#inboxAll.all().flatMap((row) => keep(() => inboxFromRow(row)));
    const outgoing = this.#outgoingAll.all().flatMap((row) => keep(() => outgoingFromRow(row)));
    return { state: { held, inbox, outgoing }, skipped };
  }

  /** Writes what the engine changed (one transaction; nested in the caller's if there is one). */
  apply(changes: RelayStateChanges): void {
    this.#sql.transaction(() => {
      for (const id of changes.heldForgotten) this.#heldDelete.run({ id: checkedId(id) });
      for (const record of changes.held) this.#saveHeld(record);
      for (const id of changes.inboxForgotten) this.#inboxDelete.run({ id: checkedId(id) });
      for (const saved of changes.inbox) this.#saveInbox(saved);
      for (const id of changes.outgoingForgotten) this.#outgoingDelete.run({ id: checkedId(id) });
      for (const saved of changes.outgoing) this.#saveOutgoing(saved);
    });
  }

  /** Rows and envelope bytes saved. */
  totals(): RelayStoreTotals {
    const row = this.#totals.get();
    return { tracked: row?.tracked ?? 0, envelopeBytes: row?.bytes ?? 0 };
  }

  #saveHeld(record: SavedHeld): void {
    const provenance: Provenance = {
      peers: record.peers.map(([friend, mark]) => [checkedOnion(friend), mark] as const),
      releasedTo: record.releasedTo.map(checkedOnion),
      dropNotice:
        record.dropNotice === undefined
          ? null
          : { reason: record.dropNotice.reason, pending: record.dropNotice.pending.map(checkedOnion) },
    };
    const release = releaseColumns(record.release);
    const changing = {
      id: checkedId(record.id),
      state: record.state,
      goneReason: record.goneReason ?? null,
      ...release,
      provenance: JSON.stringify(provenance),
    };
    if (this.#heldUpdate.run(changing) === 1) return;
    if (record.state === 'held' && record.envelope === undefined)
      throw new TypeError('a held record must carry its envelope');
    this.#heldInsert.run({
      ...changing,
      tag: blob(record.tag),
      expiry: record.expiry,
      commitment: blob(record.commitment),
      size: record.size,
      owner: record.owner === undefined ? null : checkedOnion(record.owner),
      passOnHops: record.passOnHops,
      envelope: record.state === 'held' && record.envelope !== undefined ? blob(encodeEnvelope(record.envelope)) : null,
    });
  }

  #saveInbox({ id, entry }: SavedInboxEntry): void {
    // Delete and insert, not update: an entry written again moves to the newest end, as in the engine.
    this.#inboxDelete.run({ id: checkedId(id) });
    this.#inboxInsert.run({
      id: blob(id),
      state: entry.state,
      expiry: entry.expiry,
      receiptSecret: entry.state === 'delivered' ? blob(entry.receipt.secret) : null,
      receiptSignature: entry.state === 'delivered' ? blob(entry.receipt.mac) : null,
    });
  }

  #saveOutgoing(saved: SavedOutgoing): void {
    const { entry, state } = saved;
    this.#outgoingUpsert.run({
      envelopeId: checkedId(entry.envelopeId),
      ref: entry.ref,
      recipient: checkedOnion(entry.recipient),
      recipientKey: blob(entry.recipientKey),
      commitment: blob(entry.commitment),
      expiry: entry.expiry,
      state: state.state,
      dropReason: state.state === 'dropped' ? state.reason : null,
      holders: JSON.stringify(saved.holders.map(checkedOnion)),
      receiptSecret: nullableBlob(saved.receiptSecret),
    });
  }
}

function checkedId(id: Uint8Array): Buffer {
  assertBytes(id, ID_BYTES, 'envelope id');
  return blob(id);
}

function releaseColumns(release: Release | undefined): {
  releaseKind: string | null;
  releaseSecret: Buffer | null;
  releaseSignature: Buffer | null;
} {
  if (release === undefined) return { releaseKind: null, releaseSecret: null, releaseSignature: null };
  if (release.kind === 'receipt')
    return {
      releaseKind: 'receipt',
      releaseSecret: blob(release.receipt.secret),
      releaseSignature: blob(release.receipt.mac),
    };
  return { releaseKind: 'withdrawal', releaseSecret: blob(release.withdrawal.secret), releaseSignature: null };
}

/**
 * A receipt's MAC from its column (named `*_signature` since receipts were signed). A row
 * written by a Burrow that signed receipts holds 64 bytes: it is refused, so the row is
 * skipped (its envelope was in the old format, which is no longer read anyway).
 */
function receiptMacOf(column: Buffer): Uint8Array {
  if (column.length !== RECEIPT_MAC_BYTES) throw new TypeError('a receipt in the old (signed) format');
  return bytes(column);
}

function heldFromRow(row: HeldRow): SavedHeld {
  const id = bytes(row.id);
  const provenance = parseProvenance(row.provenance);
  let release: Release | undefined;
  if (row.release_kind === 'receipt' && row.release_secret !== null && row.release_signature !== null) {
    release = {
      kind: 'receipt',
      receipt: { id, secret: bytes(row.release_secret), mac: receiptMacOf(row.release_signature) },
    };
  } else if (row.release_kind === 'withdrawal' && row.release_secret !== null) {
    release = { kind: 'withdrawal', withdrawal: { id, secret: bytes(row.release_secret) } };
  }
  const envelope = row.state === 'held' && row.envelope !== null ? decodeEnvelope(bytes(row.envelope)) : undefined;
  if (row.state === 'held' && envelope === undefined) throw new TypeError('a held row without its envelope');
  return {
    id,
    tag: bytes(row.tag),
    expiry: row.expiry,
    commitment: bytes(row.commitment),
    size: row.size,
    owner: row.owner === null ? undefined : parseOnionAddress(row.owner),
    passOnHops: row.pass_on_hops,
    state: row.state,
    envelope,
    goneReason: row.gone_reason ?? undefined,
    release,
    peers: provenance.peers,
    releasedTo: provenance.releasedTo,
    dropNotice: provenance.dropNotice ?? undefined,
  };
}

function parseProvenance(text: string): Provenance {
  const value = JSON.parse(text) as { peers?: unknown; releasedTo?: unknown; dropNotice?: unknown };
  const onions = (list: unknown): OnionAddress[] => {
    if (!Array.isArray(list)) throw new TypeError('provenance: not a list');
    return list.map((item) => parseOnionAddress(String(item)));
  };
  if (!Array.isArray(value.peers)) throw new TypeError('provenance: no peers');
  const peers = value.peers.map((pair: unknown): [OnionAddress, DurablePeerMark] => {
    if (!Array.isArray(pair) || !DURABLE_MARKS.includes(String(pair[1])))
      throw new TypeError('provenance: bad peer mark');
    return [parseOnionAddress(String(pair[0])), pair[1] as DurablePeerMark];
  });
  let dropNotice: Provenance['dropNotice'] = null;
  if (value.dropNotice !== null && value.dropNotice !== undefined) {
    const notice = value.dropNotice as { reason?: unknown; pending?: unknown };
    if (!DROP_REASONS.includes(String(notice.reason))) throw new TypeError('provenance: bad drop reason');
    dropNotice = { reason: notice.reason as DropReason, pending: onions(notice.pending) };
  }
  return { peers, releasedTo: onions(value.releasedTo), dropNotice };
}

function inboxFromRow(row: InboxRow): SavedInboxEntry {
  const id = bytes(row.id);
  if (row.state === 'rejected') return { id, entry: { state: 'rejected', expiry: row.expiry } };
  if (row.receipt_secret === null || row.receipt_signature === null)
    throw new TypeError('a delivered inbox row without its receipt');
  return {
    id,
    entry: {
      state: 'delivered',
      expiry: row.expiry,
      receipt: { id, secret: bytes(row.receipt_secret), mac: receiptMacOf(row.receipt_signature) },
    },
  };
}

function outgoingFromRow(row: OutgoingRow): SavedOutgoing {
  const holders = JSON.parse(row.holders) as unknown;
  if (!Array.isArray(holders)) throw new TypeError('outgoing holders: not a list');
  let state: OutgoingState;
  switch (row.state) {
    case 'waiting-on-sender':
    case 'delivered':
      state = { state: row.state };
      break;
    case 'held-by-friends':
      state = { state: 'held-by-friends', holders: holders.length };
      break;
    case 'dropped':
      if (row.drop_reason === null) throw new TypeError('a dropped outgoing row without its reason');
      state = { state: 'dropped', reason: row.drop_reason };
      break;
  }
  return {
    entry: {
      envelopeId: bytes(row.envelope_id),
      ref: row.ref,
      recipient: parseOnionAddress(row.recipient),
      recipientKey: bytes(row.recipient_key),
      commitment: bytes(row.commitment),
      expiry: row.expiry,
    },
    holders: holders.map((item) => parseOnionAddress(String(item))),
    state,
    receiptSecret: row.receipt_secret === null ? undefined : bytes(row.receipt_secret),
  };
}
