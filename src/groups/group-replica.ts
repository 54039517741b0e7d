/**
 * One group as one member holds it: the membership log, the messages, the epoch keys, and the
 * messages waiting for an epoch we have not seen yet. Every item, local or remote, goes
 * through the same checks (verifyGroupOp / verifyGroupMessage); local commands sign an op or
 * a message and then receive it like a peer's.
 *
 * After every membership change the messages are checked again against the new state
 * (resolve.ts R5): messages of a removed member past their cut-off, or of a member whose
 * addition turned out void, are retracted, the same on every member.
 */
import { isValidIdentityPublicKey } from '../crypto/identity-key-check.js';
import type { IdentityKeyPair } from '../crypto/identity.js';
import type { OnionAddress } from '../crypto/onion-address.js';
import type { RandomSource } from '../crypto/random.js';
import { BurrowError } from '../errors.js';
import type { DepartureCutoff, GroupOpPayload, UnverifiedGroupOp } from '../protocol/groups/group-op-codec.js';
import type { UnverifiedGroupMessage } from '../protocol/groups/group-message-codec.js';
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
  groupBacklogFull,
  groupMessageRefused,
  groupMessageSignatureInvalid,
  groupMessageTooLong,
  GroupOpRefusedError,
  invalidGroupCommand,
  invalidGroupText,
  notGroupAdmin,
  notGroupMember,
} from './errors.js';
import {
  groupMessageId,
  hasValidGroupMessageSignature,
  sealGroupMessage,
  verifyGroupMessage,
  type VerifiedGroupMessage,
} from './group-message.js';
import { groupOpId, signGroupOp, type VerifiedGroupOp } from './group-op.js';
import { mayPost, needsRotation, type GroupState } from './group-state.js';
import { fromHexId, keyOfMember, toHexId, type HexId } from './ids.js';
import { MAX_PENDING_MESSAGES } from './limits.js';
import { MembershipLog, type RestoreOptions } from './membership-log.js';
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

/** Where a replica gets its identity and randomness. */
export interface GroupReplicaOptions {
  readonly identity: IdentityKeyPair;
  readonly random: RandomSource;
}

/** Asked about each new item that verified, before it is kept: undefined to keep it, or why not. */
export type ItemAdmission = (item: VerifiedGroupOp | VerifiedGroupMessage) => BurrowError | undefined;

const ADMIT_ALL: ItemAdmission = () => undefined;

class OutcomeBuilder {
  readonly ops: VerifiedGroupOp[] = [];
  readonly messages: VerifiedGroupMessage[] = [];
  readonly retracted: VerifiedGroupMessage[] = [];
  readonly refused: BurrowError[] = [];
  missing: HexId[] = [];
  duplicate = false;

  finish(): ReplicaOutcome {
    return {
      ops: this.ops,
      messages: this.messages,
      retracted: this.retracted,
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
  /** Messages waiting for their epoch op, by message id (insertion order = age). */
  readonly #waiting = new Map<HexId, UnverifiedGroupMessage>();

  private constructor(options: GroupReplicaOptions, log: MembershipLog) {
    this.#identity = options.identity;
    this.#random = options.random;
    this.#log = log;
    this.#keys = new EpochKeyring(options.identity);
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
    const replica = new GroupReplica(options, MembershipLog.restore(groupId, ops, restoreOptions));
    for (const message of messages) replica.receiveMessage(message);
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

  /** Messages waiting for an epoch op we do not have. */
  get waitingMessages(): number {
    return this.#waiting.size;
  }

  /** Op ids we know we lack: parents of waiting ops and epochs of waiting messages. */
  missing(): HexId[] {
    const missing = new Set(this.#log.missing());
    for (const message of this.#waiting.values()) {
      const epoch = toHexId(message.header.epoch);
      if (!this.#log.has(epoch)) missing.add(epoch);
    }
    return [...missing].sort();
  }

  /**
   * Receives a membership op from a peer. `admission` is asked about each new item that
   * verified, before it is kept (the engine's rate limit).
   */
  receiveOp(op: UnverifiedGroupOp, admission: ItemAdmission = ADMIT_ALL): ReplicaOutcome {
    const out = new OutcomeBuilder();
    this.#insertOp(op, out, admission);
    return out.finish();
  }

  /** Receives a group message from a peer (`admission` as for {@link receiveOp}). */
  receiveMessage(message: UnverifiedGroupMessage, admission: ItemAdmission = ADMIT_ALL): ReplicaOutcome {
    const out = new OutcomeBuilder();
    this.#insertMessage(message, out, admission);
    out.missing = out.missing.length > 0 ? this.missing() : [];
    return out.finish();
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
  post(text: string, now: number): { readonly message: VerifiedGroupMessage; readonly outcome: ReplicaOutcome } {
    const bytes = wellFormedUtf8Length(text);
    if (bytes === undefined || bytes === 0) throw invalidGroupText();
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
    const unverified = sealGroupMessage(
      this.#identity,
      {
        groupId: this.groupId,
        epoch: epochOp.id,
        messageKey,
        seq: this.#messages.highest(epochOp.id, this.self) + 1,
        lamport: this.#messages.maxLamport + 1,
        createdAt: now,
        content: { type: 'text', text },
      },
      this.#random,
    );
    this.#insertMessage(unverified, out);
    const id = groupMessageId(unverified);
    const message = out.messages.find((candidate) => candidate.id === id);
    if (message === undefined) throw out.refused[0] ?? groupMessageRefused('sender-departed');
    return { message, outcome: out.finish() };
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
    return out.finish();
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
   * The cut-offs for `member`'s departure: in each epoch, the last of their messages we hold
   * without a gap. At most MAX_GROUP_CUTOFFS epochs, the latest ones in the order L (their
   * messages in older epochs no longer count).
   */
  #cutoffsOf(member: OnionAddress): DepartureCutoff[] {
    const position = new Map(this.#log.ordered().map((op, index) => [op.id, index]));
    const cutoffs: { epoch: HexId; seq: number }[] = [];
    for (const slot of this.#messages.slots()) {
      if (slot.sender !== member) continue;
      const seq = this.#messages.contiguous(slot.epoch, member);
      if (seq > 0) cutoffs.push({ epoch: slot.epoch, seq });
    }
    return cutoffs
      .sort((a, b) => (position.get(b.epoch) ?? 0) - (position.get(a.epoch) ?? 0))
      .slice(0, MAX_GROUP_CUTOFFS)
      .sort((a, b) => (a.epoch < b.epoch ? -1 : 1))
      .map((cutoff) => ({ epoch: fromHexId(cutoff.epoch), seq: cutoff.seq }));
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
    const state = this.state;
    out.retracted.push(
      ...this.#messages.retain((message) => mayPost(state, message.sender, message.epoch, message.seq)),
    );
    for (const added of inserted.ops) {
      if (added.recipients === undefined) continue;
      for (const [id, message] of [...this.#waiting]) {
        if (toHexId(message.header.epoch) !== added.id) continue;
        this.#waiting.delete(id);
        this.#insertMessage(message, out, admission);
      }
    }
    out.missing = this.missing();
  }

  #insertMessage(message: UnverifiedGroupMessage, out: OutcomeBuilder, admission: ItemAdmission = ADMIT_ALL): void {
    const id = groupMessageId(message);
    if (this.#messages.has(id) || this.#waiting.has(id)) {
      out.duplicate = true;
      return;
    }
    if (toHexId(message.header.groupId) !== this.groupId) {
      out.refused.push(groupMessageRefused('wrong-group'));
      return;
    }
    const epochOp = this.#log.get(toHexId(message.header.epoch));
    if (epochOp === undefined) {
      this.#wait(id, message, out);
      return;
    }
    let verified: VerifiedGroupMessage;
    try {
      verified = verifyGroupMessage(message, {
        groupId: this.groupId,
        state: this.state,
        epochOp,
        messageKey: this.#keys.messageKey(epochOp),
      });
    } catch (error) {
      if (!(error instanceof BurrowError)) throw error;
      out.refused.push(error);
      return;
    }
    const refusal = admission(verified);
    if (refusal !== undefined) {
      out.refused.push(refusal);
      return;
    }
    const added = this.#messages.add(verified);
    if (added.status === 'added') out.messages.push(verified);
    if (added.status === 'duplicate') out.duplicate = true;
    if (added.status === 'equivocation') out.refused.push(groupMessageRefused('equivocation'));
  }

  #wait(id: HexId, message: UnverifiedGroupMessage, out: OutcomeBuilder): void {
    // Only well-signed messages wait, so forgeries cannot push honest ones out of the backlog.
    if (!hasValidGroupMessageSignature(message)) {
      out.refused.push(groupMessageSignatureInvalid());
      return;
    }
    if (this.#waiting.size >= MAX_PENDING_MESSAGES) {
      // The oldest goes: honest messages wait only until the next sync round brings their epoch.
      this.#waiting.delete(this.#waiting.keys().next().value!);
      out.refused.push(groupBacklogFull('messages'));
    }
    this.#waiting.set(id, message);
    out.missing = [toHexId(message.header.epoch)];
  }

  #merge(out: OutcomeBuilder, other: ReplicaOutcome): void {
    out.ops.push(...other.ops);
    out.messages.push(...other.messages);
    out.retracted.push(...other.retracted);
    out.refused.push(...other.refused);
  }
}
