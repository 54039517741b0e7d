/**
 * A checkpoint of a group's membership log: the resolved state at one of its cuts (resolve.ts
 * `ResolutionBase`) and that cut's op id, so a restore need not replay every op below the cut
 * (membership-log.ts). Only ever written to and read from our own store; the decoder is strict
 * all the same (exact fields, canonical ids and addresses, no duplicates), and whatever it
 * refuses, or the log finds inconsistent with the ops it holds, is dropped for a full replay.
 *
 * Encoding (version 1): UTF-8 JSON `{ v: 1, cut, state }`, maps as arrays of entries sorted
 * by key, sets as sorted arrays.
 */
import { isOnionAddress, parseOnionAddress, type OnionAddress } from '../crypto/onion-address.js';
import { DecodeError, malformedInput } from '../protocol/decode-errors.js';
import type { CutoffFacts, DepartureRecord, GroupState, MemberRecord } from './group-state.js';
import type { HexId } from './ids.js';

/** A cut and the resolved state of its closure. */
export interface StateCheckpoint {
  readonly cut: HexId;
  readonly state: GroupState;
}

const VERSION = 1;
/** Far above any honest checkpoint (a full group's members, names and departures). */
export const MAX_CHECKPOINT_BYTES = 4 * 1024 * 1024;
const HEX_ID = /^[0-9a-f]{64}$/;

const byKey = <T>(entries: Iterable<[string, T]>): [string, T][] =>
  [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** The bytes of a checkpoint (deterministic: the same state always encodes the same). */
export function encodeStateCheckpoint(checkpoint: StateCheckpoint): Uint8Array {
  const { state } = checkpoint;
  const json = {
    v: VERSION,
    cut: checkpoint.cut,
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

/** A checkpoint from its bytes. Throws `DecodeError` on anything but a well-formed version-1 checkpoint. */
export function decodeStateCheckpoint(bytes: Uint8Array): StateCheckpoint {
  if (bytes.length > MAX_CHECKPOINT_BYTES) throw bad('bytes', 'too long');
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw malformedInput('group checkpoint', 'not UTF-8 JSON', error);
  }
  const root = object(parsed, 'root', ['v', 'cut', 'state']);
  if (root['v'] !== VERSION) throw bad('version', 'unknown version');
  const state = object(root['state'], 'state', ['groupId', 'name', 'members', 'epoch', 'departed', 'names']);
  const epoch = object(state['epoch'], 'epoch', ['id', 'recipients']);
  const recipients = array(epoch['recipients'], 'recipients').map((item) => member(item, 'recipient'));
  if (recipients.some((item, index) => index > 0 && item <= recipients[index - 1]!))
    throw bad('recipients', 'not strictly increasing');
  const members = sortedMap(state['members'], 'members', memberRecord);
  const names = sortedMap(state['names'], 'names', (item) => {
    const [id, name] = array(item, 'name', 2);
    return [member(id, 'named'), text(name, 'name')] as const;
  });
  return {
    cut: hexId(root['cut'], 'cut'),
    state: {
      groupId: hexId(state['groupId'], 'groupId'),
      name: text(state['name'], 'name'),
      members,
      epoch: { id: hexId(epoch['id'], 'epoch id'), recipients: new Set(recipients) },
      departed: sortedMap(state['departed'], 'departed', departure),
      names,
    },
  };
}

/** A checkpoint's bytes as our store holds them, and who hears why one was ignored. */
export interface StoredCheckpoint {
  readonly bytes: Uint8Array;
  readonly onIgnored: (reason: string) => void;
}

/** The membership-log.ts restore options for a stored checkpoint: none if it does not decode (a full replay). */
export function checkpointOption(stored: StoredCheckpoint | undefined): {
  checkpoint?: StateCheckpoint;
  onCheckpointIgnored?: (reason: string) => void;
} {
  if (stored === undefined) return {};
  try {
    return { checkpoint: decodeStateCheckpoint(stored.bytes), onCheckpointIgnored: stored.onIgnored };
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    stored.onIgnored(`it does not decode: ${error.message}`);
    return {};
  }
}
