/**
 * One group as one member holds it: the membership log, the messages, the epoch keys, and the
 * messages waiting for an epoch we have not seen yet. Every item, local or remote, goes
 * through the same checks (verifyGroupOp / verifyGroupMessage); local commands sign an op or
 * a message and then receive it like a peer's.
 *
 * After every membership change the messages are checked again against the new state
 * (resolve.ts R5, departure-chain.ts): messages of a departed member off the chain their
 * departure op names, or of a member whose addition turned out void, are retracted, the same
 * on every member. A departed member's message below a gap in that chain waits (retracted
 * meanwhile) until the message after it arrives.
 */
import { isValidIdentityPublicKey } from '../crypto/identity-key-check.js';
import type { IdentityKeyPair } from '../crypto/identity.js';
import type { OnionAddress } from '../crypto/onion-address.js';
import type { RandomSource } from '../crypto/random.js';
import type { BurrowError } from '../errors.js';
import type { DepartureCutoff, GroupOpPayload, UnverifiedGroupOp } from '../protocol/groups/group-op-codec.js';
import type { UnverifiedGroupMessage } from '../protocol/groups/group-message-codec.js';
import { chatActionTextProblem, type ChatAction } from '../protocol/chat/chat-action.js';
import {
  GROUP_CREATE_NONCE_BYTES,
  GROUP_EPOCH_KEY_BYTES,
  MAX_GROUP_CUTOFFS,
  MAX_GROUP_MEMBERS,
  MAX_GROUP_TEXT_BYTES,
} from '../protocol/groups/limits.js';
import { toWireDisplayName, wellFormedUtf8Length } from '../protocol/envelope/fields.js';
import { sealEpochKey } from './epoch-key-seal.js';
import { EpochKeyring } from './epoch-keyring.js';
import {
  groupMessageRefused,
  groupMessageTooLong,
  GroupOpRefusedError,
  invalidGroupCommand,
  invalidGroupText,
  notGroupAdmin,
  notGroupMember,
} from './errors.js';
import { settleMessages } from './group-effects.js';
import { groupMessageId, sealGroupMessage, type VerifiedGroupMessage } from './group-message.js';
import { groupOpId, signGroupOp, type VerifiedGroupOp } from './group-op.js';
import { needsRotation, type GroupState } from './group-state.js';
import { fromHexId, keyOfMember, type HexId } from './ids.js';
import { MembershipLog, type RestoreOptions } from './membership-log.js';
import { ADMIT_ALL, MessageIntake, type ItemAdmission } from './message-intake.js';
import { MessageLog } from './message-log.js';

/** What receiving an item (or running a local command) changed. */
export interface ReplicaOutcome {
  /** Ops newly added: the item and any waiting ops it released. Persist them. */
  readonly ops: readonly VerifiedGroupOp[];
  /** Messages newly added: the item, or waiting ones a new epoch released. Persist and show them. */
  readonly messages: readonly VerifiedGroupMessage[];
  /** Messages no longer held (past a cut-off after a membership change). Delete them. */
  readonly retracted: readonly VerifiedGroupMessage[];
  /** Op ids to ask the peer for (parents or epochs items wait for). */
  readonly missing: readonly HexId[];
  /** Why the item, or an item it released, was refused. */
  readonly refused: readonly BurrowError[];
  /** The item was already held (or already waiting). */
  readonly duplicate: boolean;
}

/** The outcome of an item refused before it reached the replica. */
export function refusedOutcome(error: BurrowError): ReplicaOutcome {
  return { ops: [], messages: [], retracted: [], missing: [], refused: [error], duplicate: false };
}

/** One outcome of several (a batch's items, taken in turn). */
export function mergeOutcomes(outcomes: readonly ReplicaOutcome[]): ReplicaOutcome {
  return {
    ops: outcomes.flatMap((o) => o.ops),
    messages: outcomes.flatMap((o) => o.messages),
    retracted: outcomes.flatMap((o) => o.retracted),
    missing: [...new Set(outcomes.flatMap((o) => o.missing))].sort(),
    refused: outcomes.flatMap((o) => o.refused),
    duplicate: outcomes.every((o) => o.duplicate),
  };
}

/** Where a replica gets its identity and randomness. */
export interface GroupReplicaOptions {
  readonly identity: IdentityKeyPair;
  readonly random: RandomSource;
}

export type { ItemAdmission } from './message-intake.js';

class OutcomeBuilder {
  readonly ops: VerifiedGroupOp[] = [];
  readonly messages: VerifiedGroupMessage[] = [];
  readonly retracted: VerifiedGroupMessage[] = [];
  readonly refused: BurrowError[] = [];
  missing: HexId[] = [];
  duplicate = false;

  /** The outcome; `holds` says which messages are held now (group-effects.ts `settleMessages`). */
  finish(holds: (id: HexId) => boolean): ReplicaOutcome {
    const { added, retracted } = settleMessages(this.messages, this.retracted, holds);
    return {
      ops: this.ops,
      messages: added,
      retracted,
      missing: this.missing,
      refused: this.refused,
      duplicate: this.duplicate,
    };
  }
}

/**
 * A group replica.
 *
 * @example
 * ```ts
 * const { replica } = GroupReplica.create({ identity, random: secureRandom }, { name: 'climbers', displayName: 'ada', now: Date.now() });
 * const { message } = replica.post('hello', Date.now());
 * ```
 */
export class GroupReplica {
  readonly #identity: IdentityKeyPair;
  readonly #random: RandomSource;
  readonly #log: MembershipLog;
  readonly #messages = new MessageLog();
  readonly #keys: EpochKeyring;
  /** Takes messages in, and holds those that wait (message-intake.ts). */
  readonly #intake: MessageIntake;

  private constructor(options: GroupReplicaOptions, log: MembershipLog) {
    this.#identity = options.identity;
    this.#random = options.random;
    this.#log = log;
    this.#keys = new EpochKeyring(options.identity);
    this.#intake = new MessageIntake(log, this.#keys, this.#messages);
  }

  /** A new group with us as its creator and only admin. */
  static create(
    options: GroupReplicaOptions,
    group: { readonly name: string; readonly displayName: string; readonly now: number },
  ): GroupReplica {
    // Control characters dropped and the length cut, as for any name that goes on the wire.
    const name = typeof group.name === 'string' ? toWireDisplayName(group.name) : '';
    if (name.length === 0) throw invalidGroupCommand('empty-name');
    const epochKey = options.random(GROUP_EPOCH_KEY_BYTES);
    const payload: GroupOpPayload = {
      kind: 'create',
      nonce: options.random(GROUP_CREATE_NONCE_BYTES),
      name,
      creatorName: toWireDisplayName(group.displayName),
      grant: sealEpochKey(epochKey, [options.identity.publicKey], options.random),
    };
    epochKey.fill(0);
    const genesis = signGroupOp(options.identity, { groupId: undefined, parents: [], timestamp: group.now, payload });
    return new GroupReplica(options, MembershipLog.fromGenesis(genesis, groupOpId(genesis)));
  }

  /**
   * A replica of a group we are joining or restoring, from its ops (any order; the `create`
   * op whose id is `groupId` must be among them) and messages. Everything is checked again.
   * Throws `GroupOpSignatureError` / `GroupOpRefusedError` if the create op is missing or bad.
   * `restoreOptions`: see membership-log.ts (ops from our own store skip the signature check).
   */
  static restore(
    options: GroupReplicaOptions,
    groupId: HexId,
    ops: readonly UnverifiedGroupOp[],
    messages: readonly UnverifiedGroupMessage[] = [],
    restoreOptions: RestoreOptions = {},
  ): GroupReplica {
    return GroupReplica.fromLog(options, MembershipLog.restore(groupId, ops, restoreOptions), messages);
  }

  /**
   * A replica of a group whose log is loaded (log-load.ts), with its stored messages (checked
   * again) and those whose text is gone (redacted-record.ts: kept as stored, first, so that the
   * messages around them find their place).
   */
  static fromLog(
    options: GroupReplicaOptions,
    log: MembershipLog,
    messages: readonly UnverifiedGroupMessage[],
    redacted: readonly VerifiedGroupMessage[] = [],
  ) {
    const replica = new GroupReplica(options, log);
    for (const message of redacted) replica.#messages.add(message);
    // Highest seq first: a former member's message is judged once the one after it is held.
    for (const message of [...messages].sort((a, b) => b.header.seq - a.header.seq)) replica.receiveMessage(message);
    return replica;
  }

  /** The group id, hex. */
  get groupId(): HexId {
    return this.#log.groupId;
  }

  /** Our own onion address. */
  get self(): OnionAddress {
    return this.#identity.onionAddress;
  }

  /** The resolved membership state. */
  get state(): GroupState {
    return this.#log.state;
  }

  /** The membership log (read-only use: sync and views). */
  get log(): MembershipLog {
    return this.#log;
  }

  /** The messages held (read-only use: sync and views). */
  get messages(): MessageLog {
    return this.#messages;
  }

  /** Whether we are a member now. */
  get isMember(): boolean {
    return this.state.members.has(this.self);
  }

  /** Whether we are an admin now. */
  get isAdmin(): boolean {
    return this.state.members.get(this.self)?.isAdmin === true;
  }

  /** Messages waiting for an epoch op we do not have, or (a former member's) for the message after them. */
  get waitingMessages(): number {
    return this.#intake.waiting;
  }

  /** Op ids we know we lack: parents of waiting ops and epochs of waiting messages. */
  missing(): HexId[] {
    return [...new Set([...this.#log.missing(), ...this.#intake.missingEpochs()])].sort();
  }

  /**
   * Receives a membership op from a peer. `admission` is asked about each new item that
   * verified, before it is kept (the engine's rate limit).
   */
  receiveOp(op: UnverifiedGroupOp, admission: ItemAdmission = ADMIT_ALL): ReplicaOutcome {
    const out = new OutcomeBuilder();
    this.#insertOp(op, out, admission);
    return out.finish((id) => this.#messages.has(id));
  }

  /** Receives a group message from a peer (`admission` as for {@link receiveOp}). */
  receiveMessage(message: UnverifiedGroupMessage, admission: ItemAdmission = ADMIT_ALL): ReplicaOutcome {
    const out = new OutcomeBuilder();
    this.#intake.insert(message, out, admission);
    out.missing = out.missing.length > 0 ? this.missing() : [];
    return out.finish((id) => this.#messages.has(id));
  }

  /** Adds `member` (a friend who accepted our invitation) under the name they announced. Admins only. */
  addMember(member: OnionAddress, announcedName: string, now: number): ReplicaOutcome {
    const key = keyOfMember(member);
    if (!isValidIdentityPublicKey(key)) throw invalidGroupCommand('bad-member-key');
    return this.#author(now, (state) => {
      this.#requireAdmin(state);
      if (state.members.has(member)) throw invalidGroupCommand('already-member');
      if (state.members.size >= MAX_GROUP_MEMBERS) throw invalidGroupCommand('group-full');
      return {
        kind: 'add',
        member: key,
        memberName: toWireDisplayName(announcedName),
        grant: this.#grantFor([...state.members.keys(), member]),
      };
    });
  }

  /** Removes `member` and rotates the key away from them. Admins only. */
  removeMember(member: OnionAddress, now: number): ReplicaOutcome {
    return this.#author(now, (state) => {
      this.#requireAdmin(state);
      if (member === this.self) throw invalidGroupCommand('self-removal');
      if (!state.members.has(member)) throw invalidGroupCommand('not-a-member');
      return {
        kind: 'remove',
        member: keyOfMember(member),
        cutoffs: this.#cutoffsOf(member),
        grant: this.#grantFor([...state.members.keys()].filter((id) => id !== member)),
      };
    });
  }

  /** Leaves the group. The next member to send rotates the key (resolve.ts R4). */
  leave(now: number): ReplicaOutcome {
    return this.#author(now, () => ({ kind: 'leave', cutoffs: this.#cutoffsOf(this.self) }));
  }

  /** Makes `member` an admin. Admins only. */
  addAdmin(member: OnionAddress, now: number): ReplicaOutcome {
    return this.#author(now, () => ({ kind: 'add-admin', member: keyOfMember(member) }));
  }

  /** Renames the group. Admins only. */
  rename(name: string, now: number): ReplicaOutcome {
    if (typeof name !== 'string' || toWireDisplayName(name).length === 0) throw invalidGroupCommand('empty-name');
    return this.#author(now, () => ({ kind: 'rename', name: toWireDisplayName(name) }));
  }

  /** Starts a new epoch whose key only the current members get. Any member may. */
  rotate(now: number): ReplicaOutcome {
    return this.#author(now, (state) => ({ kind: 'rotate', grant: this.#grantFor([...state.members.keys()]) }));
  }

  /**
   * Posts `text` to the group: rotates first if the current key is held by anyone but exactly
   * the members (or we cannot read it), then seals, signs and stores the message.
   */
  post(
    text: string,
    now: number,
    action?: ChatAction,
  ): { readonly message: VerifiedGroupMessage; readonly outcome: ReplicaOutcome } {
    const bytes = wellFormedUtf8Length(text);
    if (bytes === undefined || chatActionTextProblem(action, bytes) !== undefined) throw invalidGroupText();
    if (bytes > MAX_GROUP_TEXT_BYTES) throw groupMessageTooLong(bytes);
    if (!this.isMember) throw notGroupMember();
    const out = new OutcomeBuilder();
    let epochOp = this.#log.get(this.state.epoch.id)!;
    if (needsRotation(this.state) || this.#keys.status(epochOp) !== 'held') {
      this.#merge(out, this.rotate(now));
      epochOp = this.#log.get(this.state.epoch.id)!;
    }
    const messageKey = this.#keys.messageKey(epochOp);
    if (messageKey === undefined) throw notGroupMember();
    const seq = this.#messages.highest(epochOp.id, this.self) + 1;
    const unverified = sealGroupMessage(
      this.#identity,
      {
        groupId: this.groupId,
        epoch: epochOp.id,
        messageKey,
        seq,
        prev: this.#messages.at(epochOp.id, this.self, seq - 1)?.id,
        lamport: this.#messages.maxLamport + 1,
        createdAt: now,
        content: { type: 'text', text, ...(action === undefined ? {} : { action }) },
      },
      this.#random,
    );
    this.#intake.insert(unverified, out);
    const id = groupMessageId(unverified);
    const message = out.messages.find((candidate) => candidate.id === id);
    if (message === undefined) throw out.refused[0] ?? groupMessageRefused('sender-departed');
    return { message, outcome: out.finish((id) => this.#messages.has(id)) };
  }

  /** The ops among `ids` that we hold, in the order L. */
  opsByIds(ids: readonly HexId[]): VerifiedGroupOp[] {
    const wanted = new Set(ids);
    return this.#log.ordered().filter((op) => wanted.has(op.id));
  }

  #author(now: number, payloadFor: (state: GroupState) => GroupOpPayload): ReplicaOutcome {
    if (!this.isMember) throw notGroupMember();
    const parents = this.#log.parentsForNewOp();
    const state = this.#log.stateAt(parents);
    const op = signGroupOp(this.#identity, {
      groupId: this.groupId,
      parents,
      timestamp: now,
      payload: payloadFor(state),
    });
    const out = new OutcomeBuilder();
    this.#insertOp(op, out);
    const error = out.refused[0];
    if (error instanceof GroupOpRefusedError) {
      if (error.reason === 'not-member') throw notGroupMember();
      if (error.reason === 'not-admin') throw notGroupAdmin();
      throw invalidGroupCommand(error.reason);
    }
    if (error !== undefined) throw error;
    return out.finish((id) => this.#messages.has(id));
  }

  #requireAdmin(state: GroupState): void {
    if (state.members.get(this.self)?.isAdmin !== true) throw notGroupAdmin();
  }

  #grantFor(recipients: readonly OnionAddress[]) {
    const key = this.#random(GROUP_EPOCH_KEY_BYTES);
    try {
      return sealEpochKey(key, recipients.map(keyOfMember), this.#random);
    } finally {
      key.fill(0);
    }
  }

  /**
   * The cut-offs for `member`'s departure: in each epoch, the last of their messages we hold,
   * by seq and id (what comes before it counts through the `prev` chain, gaps included). At
   * most MAX_GROUP_CUTOFFS epochs, the latest ones in the order L (their messages in older
   * epochs no longer count).
   */
  #cutoffsOf(member: OnionAddress): DepartureCutoff[] {
    const position = new Map(this.#log.ordered().map((op, index) => [op.id, index]));
    const cutoffs: { epoch: HexId; seq: number; last: HexId }[] = [];
    for (const slot of this.#messages.slots()) {
      if (slot.sender !== member) continue;
      const seq = this.#messages.highest(slot.epoch, member);
      const last = this.#messages.at(slot.epoch, member, seq);
      if (last !== undefined) cutoffs.push({ epoch: slot.epoch, seq, last: last.id });
    }
    return cutoffs
      .sort((a, b) => (position.get(b.epoch) ?? 0) - (position.get(a.epoch) ?? 0))
      .slice(0, MAX_GROUP_CUTOFFS)
      .sort((a, b) => (a.epoch < b.epoch ? -1 : 1))
      .map((cutoff) => ({ epoch: fromHexId(cutoff.epoch), seq: cutoff.seq, last: fromHexId(cutoff.last) }));
  }

  #insertOp(op: UnverifiedGroupOp, out: OutcomeBuilder, admission: ItemAdmission = ADMIT_ALL): void {
    const inserted = this.#log.insert(op, admission);
    switch (inserted.status) {
      case 'duplicate':
        out.duplicate = true;
        return;
      case 'pending':
        out.missing = this.missing();
        return;
      case 'refused':
        out.refused.push(inserted.error);
        return;
      case 'added':
        out.ops.push(...inserted.ops);
        out.refused.push(...inserted.dropped);
        break;
    }
    // The membership may have changed: drop what no longer counts, then release waiting messages.
    this.#intake.recheck(out);
    for (const added of inserted.ops)
      if (added.recipients !== undefined) this.#intake.releaseEpoch(added.id, out, admission);
    out.missing = this.missing();
  }

  #merge(out: OutcomeBuilder, other: ReplicaOutcome): void {
    out.ops.push(...other.ops);
    out.messages.push(...other.messages);
    out.retracted.push(...other.retracted);
    out.refused.push(...other.refused);
  }
}
