/**
 * Checked membership operations (docs/ARCHITECTURE.md "Conventions", arti's tor-checkable: parsed-but-unverified data has
 * its own type). An `UnverifiedGroupOp` from the wire becomes a {@link VerifiedGroupOp} only
 * through {@link verifyGroupOp}, which checks, in this order:
 *
 * 1. it belongs to the group (a `create` op *is* the group: its id must be the group id);
 * 2. its member keys are usable identity keys (the creator's, an added member's);
 * 3. the author's signature (ed25519 over a domain label ‖ the signed bytes);
 * 4. the group's rules against the state of the op's causal past (group-state.ts `checkOp`,
 *    strict mode): the author was a member / an admin there, the target makes sense, a new
 *    epoch key is sealed to exactly the members after the op.
 *
 * {@link signGroupOp} is how a local author makes one; the result goes through the same check.
 */
import { isValidIdentityPublicKey } from '../crypto/identity-key-check.js';
import { signWithIdentity, verifyIdentitySignature, type IdentityKeyPair } from '../crypto/identity.js';
import type { OnionAddress } from '../crypto/onion-address.js';
import {
  encodeGroupOp,
  encodeGroupOpBody,
  type GroupOpBody,
  type GroupOpKind,
  type GroupOpPayload,
  type UnverifiedGroupOp,
} from '../protocol/groups/group-op-codec.js';
import { opIdOf, OP_SIGNATURE_LABEL } from './domains.js';
import { GroupOpRefusedError, groupOpSignatureInvalid } from './errors.js';
import { checkOp, type CutoffFacts, type GroupState } from './group-state.js';
import { fromHexId, memberFromKey, toHexId, type HexId } from './ids.js';

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

let construct: (wire: UnverifiedGroupOp, id: Uint8Array, groupId: HexId) => VerifiedGroupOp;

/**
 * A membership operation whose signature and authority were checked. Only
 * {@link verifyGroupOp} makes one (the constructor is private and the class has private
 * fields, so no other object passes for one).
 */
export class VerifiedGroupOp {
  /** The op id, hex. */
  readonly id: HexId;
  readonly idBytes: Uint8Array;
  /** The group's id, hex (for a `create` op, its own id). */
  readonly groupId: HexId;
  readonly kind: GroupOpKind;
  /** Parent op ids, hex, sorted. */
  readonly parents: readonly HexId[];
  readonly author: OnionAddress;
  /** The author's clock, unix ms (untrusted: for display only). */
  readonly timestamp: number;
  readonly payload: GroupOpPayload;
  /** The member an add / remove / add-admin names. */
  readonly target: OnionAddress | undefined;
  /** Who received the key this op grants (create, add, remove, rotate). */
  readonly recipients: ReadonlySet<OnionAddress> | undefined;
  /** Cut-offs of a remove or leave, by epoch id (hex). */
  readonly cutoffs: ReadonlyMap<HexId, CutoffFacts> | undefined;
  /** The op as it travels (for storage and forwarding). */
  readonly wire: UnverifiedGroupOp;
  readonly #verified = true;

  static {
    construct = (wire, id, groupId) => new VerifiedGroupOp(wire, id, groupId);
  }

  private constructor(wire: UnverifiedGroupOp, id: Uint8Array, groupId: HexId) {
    const { body } = wire;
    this.wire = wire;
    this.idBytes = id;
    this.id = toHexId(id);
    this.groupId = groupId;
    this.kind = body.payload.kind;
    this.parents = body.parents.map(toHexId);
    this.author = memberFromKey(body.author);
    this.timestamp = body.timestamp;
    this.payload = body.payload;
    const payload = body.payload;
    this.target = 'member' in payload ? memberFromKey(payload.member) : undefined;
    this.recipients =
      'grant' in payload ? new Set(payload.grant.entries.map((entry) => memberFromKey(entry.recipient))) : undefined;
    this.cutoffs =
      'cutoffs' in payload
        ? new Map(
            payload.cutoffs.map((cutoff) => [toHexId(cutoff.epoch), { seq: cutoff.seq, last: toHexId(cutoff.last) }]),
          )
        : undefined;
  }

  /** Whether `value` is a VerifiedGroupOp made by {@link verifyGroupOp}. */
  static is(value: unknown): value is VerifiedGroupOp {
    return typeof value === 'object' && value !== null && #verified in value;
  }

  /** The op's wire bytes. */
  encoded(): Uint8Array {
    return encodeGroupOp(this.wire);
  }
}

/** Where an arriving op is checked. */
export interface OpVerificationContext {
  /** The group it must belong to (hex). */
  readonly groupId: HexId;
  /**
   * The resolved state of the op's causal past (the closure of its parents; resolve.ts). Only a
   * `create` op has none.
   */
  readonly stateAtParents: GroupState | undefined;
  /**
   * The caller already checked the signature (the membership log checks it before resolving the
   * state, so a forgery costs no more than that check), or the op comes from our own store.
   */
  readonly signatureChecked?: boolean;
}

/** Keys known to be valid identity keys (the check costs milliseconds; a valid key stays valid). */
const validKeys = new Set<string>();
const MAX_REMEMBERED_KEYS = 4096;

function isUsableMemberKey(key: Uint8Array): boolean {
  const hex = toHexId(key);
  if (validKeys.has(hex)) return true;
  if (!isValidIdentityPublicKey(key)) return false;
  if (validKeys.size >= MAX_REMEMBERED_KEYS) validKeys.delete(validKeys.values().next().value!);
  validKeys.add(hex);
  return true;
}

/** The id of an op, hex, whatever its validity (for dedupe before the costly checks). */
export function groupOpId(op: UnverifiedGroupOp): HexId {
  return toHexId(opIdOf(op.signedBytes));
}

/** Whether the op's signature verifies against its author key (step 3 alone; the log uses it to keep forgeries out of its backlog). */
export function hasValidGroupOpSignature(op: UnverifiedGroupOp): boolean {
  return verifyIdentitySignature(op.body.author, concat(OP_SIGNATURE_LABEL, op.signedBytes), op.signature);
}

/**
 * Checks an op from a peer (or from {@link signGroupOp}) and returns the checked type. Throws
 * `GroupOpSignatureError` or {@link GroupOpRefusedError}.
 */
export function verifyGroupOp(op: UnverifiedGroupOp, context: OpVerificationContext): VerifiedGroupOp {
  const id = opIdOf(op.signedBytes);
  const { payload } = op.body;
  if (payload.kind === 'create') {
    if (toHexId(id) !== context.groupId || context.stateAtParents !== undefined)
      throw new GroupOpRefusedError('bad-genesis');
    if (!isUsableMemberKey(op.body.author)) throw new GroupOpRefusedError('bad-member-key');
  } else {
    if (op.body.groupId === undefined || toHexId(op.body.groupId) !== context.groupId)
      throw new GroupOpRefusedError('wrong-group');
    if (context.stateAtParents === undefined) throw new GroupOpRefusedError('bad-genesis');
    if (payload.kind === 'add' && !isUsableMemberKey(payload.member)) throw new GroupOpRefusedError('bad-member-key');
  }
  if (context.signatureChecked !== true && !hasValidGroupOpSignature(op)) throw groupOpSignatureInvalid();
  const verified = construct(op, id, context.groupId);
  if (payload.kind === 'create') {
    // The creator must be the only recipient of the first key.
    if (verified.recipients?.size !== 1 || !verified.recipients.has(verified.author))
      throw new GroupOpRefusedError('bad-recipients');
    return verified;
  }
  const refusal = checkOp(context.stateAtParents!, verified, 'strict');
  if (refusal !== undefined) throw new GroupOpRefusedError(refusal);
  return verified;
}

/**
 * An op from our own store that lies below a checkpoint's cut (membership-log.ts): it verified
 * when it arrived, and the checkpoint stands for the states it led to, so neither its signature
 * nor its rules are checked again. Never for an op from a peer.
 */
export function storedGroupOpBelowCheckpoint(op: UnverifiedGroupOp, groupId: HexId): VerifiedGroupOp {
  return construct(op, opIdOf(op.signedBytes), groupId);
}

/** What a local author fills in; the author key and the signature come from the identity. */
export interface GroupOpDraft {
  readonly groupId: HexId | undefined;
  readonly parents: readonly HexId[];
  readonly timestamp: number;
  readonly payload: GroupOpPayload;
}

/**
 * Encodes and signs an op as `identity`. The result is unverified: pass it to
 * {@link verifyGroupOp} like any other (the membership log does).
 */
export function signGroupOp(identity: IdentityKeyPair, draft: GroupOpDraft): UnverifiedGroupOp {
  const body: GroupOpBody = {
    groupId: draft.groupId === undefined ? undefined : fromHexId(draft.groupId),
    parents: [...draft.parents].sort().map(fromHexId),
    author: identity.publicKey,
    timestamp: draft.timestamp,
    payload: draft.payload,
  };
  const signedBytes = encodeGroupOpBody(body);
  return { body, signedBytes, signature: signWithIdentity(identity, concat(OP_SIGNATURE_LABEL, signedBytes)) };
}
