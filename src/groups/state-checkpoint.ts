/**
 * A checkpoint of a group's membership log: the resolved state at one of its cuts (resolve.ts
 * `ResolutionBase`), with what the log needs to go on from there without the ops below the cut
 * (membership-log.ts `MembershipLog.resume`): R1 at the cut, who was ever added, the few ops it
 * keeps in memory (create, the cut, the ops that made each admin) and the ops held above the cut
 * when it was written. Only ever written to and read from our own store; the decoder is strict
 * all the same (exact fields, canonical ids and addresses, no duplicates), and whatever it
 * refuses, or the log finds inconsistent, is dropped for a full replay.
 *
 * Encoding (version 2): UTF-8 JSON `{ v: 2, cut, closureSize, state, seniority, everAdded, base,
 * above }`, maps as arrays of entries sorted by key, sets as sorted arrays, ops as base64.
 */
import { isOnionAddress, parseOnionAddress, type OnionAddress } from '../crypto/onion-address.js';
import { malformedInput, type DecodeError } from '../protocol/decode-errors.js';
import type { CutoffFacts, DepartureRecord, GroupState, MemberRecord } from './group-state.js';
import type { HexId } from './ids.js';

/** An op the checkpoint keeps, as its stored bytes (`VerifiedGroupOp.encoded()`), with its depth in the DAG. */
export interface CheckpointOp {
  readonly depth: number;
  readonly op: Uint8Array;
}

/** A cut, the resolved state of its closure, and what a log resumed from it needs. */
export interface StateCheckpoint {
  readonly cut: HexId;
  readonly state: GroupState;
  /** How many ops the cut's closure holds (the cut and its ancestors). */
  readonly closureSize: number;
  /** R1 within the closure: each admin and the id of the op that first made them admin. */
  readonly seniority: ReadonlyMap<OnionAddress, HexId>;
  /** Everyone an op of the closure added, and the creator. */
  readonly everAdded: ReadonlySet<OnionAddress>;
  /** The closure's ops kept in memory: `create`, the cut and the seniority ops. */
  readonly base: readonly CheckpointOp[];
  /** The ops held above the cut when the checkpoint was written (each descends from it). */
  readonly above: readonly Uint8Array[];
}

const VERSION = 2;
/** Far above any honest checkpoint (a full group's members, names and departures, and a few ops). */
export const MAX_CHECKPOINT_BYTES = 16 * 1024 * 1024;
const HEX_ID = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const byKey = <T>(entries: Iterable<[string, T]>): [string, T][] =>
  [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** The bytes of a checkpoint (deterministic: the same state always encodes the same). */
export function encodeStateCheckpoint(checkpoint: StateCheckpoint): Uint8Array {
  const { state } = checkpoint;
  const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
  const json = {
    v: VERSION,
    cut: checkpoint.cut,
    closureSize: checkpoint.closureSize,
    seniority: byKey(checkpoint.seniority),
    everAdded: [...checkpoint.everAdded].sort(),
    base: checkpoint.base.map((kept) => [kept.depth, base64(kept.op)]),
    above: checkpoint.above.map(base64),
    state: {
      groupId: state.groupId,
      name: state.name,
      members: byKey(state.members).map(([id, member]) => [id, member.name, member.isAdmin]),
      epoch: { id: state.epoch.id, recipients: [...state.epoch.recipients].sort() },
      departed: byKey(state.departed).map(([id, record]) => [
        id,
        record.opId,
        byKey(record.cutoffs).map(([epoch, cutoff]) => [epoch, cutoff.seq, cutoff.last]),
      ]),
      names: byKey(state.names),
    },
  };
  return new TextEncoder().encode(JSON.stringify(json));
}

const bad = (field: string, reason: string): DecodeError => malformedInput(`group checkpoint ${field}`, reason);

function object(value: unknown, field: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(field, 'not an object');
  const own = Object.keys(value).sort();
  if (own.join() !== [...keys].sort().join()) throw bad(field, 'unexpected fields');
  return value as Record<string, unknown>;
}

function array(value: unknown, field: string, length?: number): unknown[] {
  if (!Array.isArray(value) || (length !== undefined && value.length !== length))
    throw bad(field, length === undefined ? 'not an array' : `not a ${length}-tuple`);
  return value;
}

function hexId(value: unknown, field: string): HexId {
  if (typeof value !== 'string' || !HEX_ID.test(value)) throw bad(field, 'not a hex id');
  return value;
}

function member(value: unknown, field: string): OnionAddress {
  if (typeof value !== 'string' || !isOnionAddress(value) || parseOnionAddress(value) !== value)
    throw bad(field, 'not a canonical onion address');
  return value as OnionAddress;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string') throw bad(field, 'not a string');
  return value;
}

function natural(value: unknown, field: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw bad(field, 'not a natural number');
  return value as number;
}

/** Canonical base64 (what the encoder writes), as bytes. */
function bytesOf(value: unknown, field: string): Uint8Array {
  if (typeof value !== 'string' || value.length % 4 !== 0 || !BASE64.test(value)) throw bad(field, 'not base64');
  const bytes = new Uint8Array(Buffer.from(value, 'base64'));
  if (Buffer.from(bytes).toString('base64') !== value) throw bad(field, 'not canonical base64');
  return bytes;
}

/** A map from entries whose keys must be strictly increasing (sorted, no duplicates). */
function sortedMap<K extends string, V>(
  value: unknown,
  field: string,
  entry: (item: unknown) => readonly [K, V],
): Map<K, V> {
  const map = new Map<K, V>();
  let previous: string | undefined;
  for (const item of array(value, field)) {
    const [key, mapped] = entry(item);
    if (previous !== undefined && key <= previous) throw bad(field, 'keys not strictly increasing');
    previous = key;
    map.set(key, mapped);
  }
  return map;
}

function cutoff(item: unknown): readonly [HexId, CutoffFacts] {
  const [epoch, seq, last] = array(item, 'cutoff', 3);
  if (!Number.isSafeInteger(seq) || (seq as number) < 0) throw bad('cutoff', 'bad seq');
  return [hexId(epoch, 'cutoff epoch'), { seq: seq as number, last: hexId(last, 'cutoff last') }];
}

function departure(item: unknown): readonly [OnionAddress, DepartureRecord] {
  const [id, opId, cutoffs] = array(item, 'departure', 3);
  return [
    member(id, 'departed'),
    { opId: hexId(opId, 'departure op'), cutoffs: sortedMap(cutoffs, 'cutoffs', cutoff) },
  ];
}

function memberRecord(item: unknown): readonly [OnionAddress, MemberRecord] {
  const [id, name, isAdmin] = array(item, 'member', 3);
  if (typeof isAdmin !== 'boolean') throw bad('member', 'isAdmin not a boolean');
  const address = member(id, 'member');
  return [address, { id: address, name: text(name, 'member name'), isAdmin }];
}

/** A checkpoint from its bytes. Throws `DecodeError` on anything but a well-formed version-2 checkpoint. */
export function decodeStateCheckpoint(bytes: Uint8Array): StateCheckpoint {
  if (bytes.length > MAX_CHECKPOINT_BYTES) throw bad('bytes', 'too long');
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw malformedInput('group checkpoint', 'not UTF-8 JSON', error);
  }
  const root = object(parsed, 'root', ['v', 'cut', 'closureSize', 'state', 'seniority', 'everAdded', 'base', 'above']);
  if (root['v'] !== VERSION) throw bad('version', 'unknown version');
  const state = object(root['state'], 'state', ['groupId', 'name', 'members', 'epoch', 'departed', 'names']);
  const epoch = object(state['epoch'], 'epoch', ['id', 'recipients']);
  const recipients = sortedSet(epoch['recipients'], 'recipients');
  const members = sortedMap(state['members'], 'members', memberRecord);
  const names = sortedMap(state['names'], 'names', (item) => {
    const [id, name] = array(item, 'name', 2);
    return [member(id, 'named'), text(name, 'name')] as const;
  });
  return {
    cut: hexId(root['cut'], 'cut'),
    closureSize: natural(root['closureSize'], 'closureSize'),
    state: {
      groupId: hexId(state['groupId'], 'groupId'),
      name: text(state['name'], 'name'),
      members,
      epoch: { id: hexId(epoch['id'], 'epoch id'), recipients },
      departed: sortedMap(state['departed'], 'departed', departure),
      names,
    },
    seniority: sortedMap(root['seniority'], 'seniority', (item) => {
      const [admin, opId] = array(item, 'seniority', 2);
      return [member(admin, 'admin'), hexId(opId, 'seniority op')] as const;
    }),
    everAdded: sortedSet(root['everAdded'], 'everAdded'),
    base: array(root['base'], 'base').map((item) => {
      const [depth, op] = array(item, 'base op', 2);
      return { depth: natural(depth, 'base op depth'), op: bytesOf(op, 'base op') };
    }),
    above: array(root['above'], 'above').map((item) => bytesOf(item, 'above op')),
  };
}

/** A set of onion addresses, strictly increasing. */
function sortedSet(value: unknown, field: string): Set<OnionAddress> {
  const items = array(value, field).map((item) => member(item, field));
  if (items.some((item, index) => index > 0 && item <= items[index - 1]!)) throw bad(field, 'not strictly increasing');
  return new Set(items);
}
