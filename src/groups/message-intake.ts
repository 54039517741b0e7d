/**
 * How one replica (group-replica.ts) takes in group messages: verified against the group's
 * state, kept in the message log, or kept waiting — for the op of their epoch, or, a former
 * member's, for the message after them (departure-chain.ts) — in a backlog with a quota per
 * sender (pending-queue.ts). After a membership change it judges the held messages again.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import { BurrowError } from '../errors.js';
import type { UnverifiedGroupMessage } from '../protocol/groups/group-message-codec.js';
import { postVerdict, recheckHeld } from './departure-chain.js';
import type { EpochKeyring } from './epoch-keyring.js';
import { groupBacklogFull, groupMessageRefused, groupMessageSignatureInvalid } from './errors.js';
import {
  groupMessageId,
  hasValidGroupMessageSignature,
  verifyGroupMessage,
  type VerifiedGroupMessage,
} from './group-message.js';
import type { VerifiedGroupOp } from './group-op.js';
import { memberFromKey, toHexId, type HexId } from './ids.js';
import { PENDING_MESSAGE_QUOTAS } from './limits.js';
import type { MembershipLog } from './membership-log.js';
import type { MessageLog } from './message-log.js';
import { PendingQueue } from './pending-queue.js';

/** Asked about each new item that verified, before it is kept: undefined to keep it, or why not. */
export type ItemAdmission = (item: VerifiedGroupOp | VerifiedGroupMessage) => BurrowError | undefined;

/** Admits everything (local items, and stored ones at start). */
export const ADMIT_ALL: ItemAdmission = () => undefined;

/** Where the intake reports what it did (the replica's outcome being built). */
export interface IntakeSink {
  readonly messages: VerifiedGroupMessage[];
  readonly retracted: VerifiedGroupMessage[];
  readonly refused: BurrowError[];
  missing: HexId[];
  duplicate: boolean;
}

/** The message intake of one replica. */
export class MessageIntake {
  readonly #log: MembershipLog;
  readonly #keys: EpochKeyring;
  readonly #messages: MessageLog;
  /** Waiting messages by id, with a quota per sender. */
  readonly #waiting: PendingQueue<UnverifiedGroupMessage>;

  constructor(log: MembershipLog, keys: EpochKeyring, messages: MessageLog) {
    this.#log = log;
    this.#keys = keys;
    this.#messages = messages;
    this.#waiting = new PendingQueue(PENDING_MESSAGE_QUOTAS, (sender: OnionAddress) => log.isKnownSigner(sender));
  }

  /** Messages waiting. */
  get waiting(): number {
    return this.#waiting.size;
  }

  /** Epochs that waiting messages name and the log lacks. */
  missingEpochs(): HexId[] {
    const missing = new Set<HexId>();
    for (const message of this.#waiting.values()) {
      const epoch = toHexId(message.header.epoch);
      if (!this.#log.has(epoch)) missing.add(epoch);
    }
    return [...missing];
  }

  /**
   * Verifies and keeps `message`; then, while the message just kept is the successor a waiting
   * one needs (its `prev`), that one too (departure-chain.ts).
   */
  insert(message: UnverifiedGroupMessage, out: IntakeSink, admission: ItemAdmission = ADMIT_ALL): void {
    let next: UnverifiedGroupMessage | undefined = message;
    while (next !== undefined) {
      const added = this.#insertOne(next, out, admission);
      next = added === undefined ? undefined : this.#waiting.get(added.prev);
      if (next !== undefined) this.#waiting.delete(added!.prev);
    }
  }

  /** The op `epoch` arrived: takes in the messages that waited for it. */
  releaseEpoch(epoch: HexId, out: IntakeSink, admission: ItemAdmission): void {
    for (const [id, message] of [...this.#waiting.entries()]) {
      if (toHexId(message.header.epoch) !== epoch) continue;
      this.#waiting.delete(id);
      this.insert(message, out, admission);
    }
  }

  /** After a membership change: retracts what no longer counts; what may count again waits. */
  recheck(out: IntakeSink): void {
    const { refused, waiting } = recheckHeld(this.#log.state, this.#messages.timeline());
    if (refused.length + waiting.length === 0) return;
    const drop = new Set([...refused, ...waiting].map((message) => message.id));
    out.retracted.push(...this.#messages.retain((message) => !drop.has(message.id)));
    // A redacted message cannot be checked again: it stays retracted.
    for (const message of waiting) if (!message.redacted) this.#wait(message.id, message.wire, out, false);
  }

  #insertOne(
    message: UnverifiedGroupMessage,
    out: IntakeSink,
    admission: ItemAdmission,
  ): VerifiedGroupMessage | undefined {
    const groupId = this.#log.groupId;
    const id = groupMessageId(message);
    if (this.#messages.has(id) || this.#waiting.has(id)) {
      out.duplicate = true;
      return undefined;
    }
    if (toHexId(message.header.groupId) !== groupId) {
      out.refused.push(groupMessageRefused('wrong-group'));
      return undefined;
    }
    const epoch = toHexId(message.header.epoch);
    const epochOp = this.#log.get(epoch);
    if (epochOp === undefined) {
      this.#wait(id, message, out, true);
      return undefined;
    }
    const state = this.#log.state;
    const sender = memberFromKey(message.header.sender);
    const successorPrev = this.#messages.at(epoch, sender, message.header.seq + 1)?.prev;
    if (postVerdict(state, { id, epoch, sender, seq: message.header.seq }, successorPrev) === 'waits') {
      this.#wait(id, message, out, false);
      return undefined;
    }
    let verified: VerifiedGroupMessage;
    try {
      const messageKey = this.#keys.messageKey(epochOp);
      verified = verifyGroupMessage(message, { groupId, state, epochOp, messageKey, successorPrev });
    } catch (error) {
      if (!(error instanceof BurrowError)) throw error;
      out.refused.push(error);
      return undefined;
    }
    const refusal = admission(verified);
    if (refusal !== undefined) {
      out.refused.push(refusal);
      return undefined;
    }
    const added = this.#messages.add(verified);
    if (added.status === 'duplicate') out.duplicate = true;
    if (added.status === 'equivocation') out.refused.push(groupMessageRefused('equivocation'));
    if (added.status !== 'added') return undefined;
    out.messages.push(verified);
    return verified;
  }

  /** Keeps a message waiting, for its epoch op (`forEpoch`) or for the message after it. */
  #wait(id: HexId, message: UnverifiedGroupMessage, out: IntakeSink, forEpoch: boolean): void {
    // Only well-signed messages wait, so forgeries cannot push honest ones out of the backlog,
    // and each signer waits in their own room: a flood of fresh keys cannot either.
    if (!hasValidGroupMessageSignature(message)) {
      out.refused.push(groupMessageSignatureInvalid());
      return;
    }
    const { admitted, evicted } = this.#waiting.add(id, message, memberFromKey(message.header.sender));
    if (!admitted || evicted.length > 0) out.refused.push(groupBacklogFull('messages'));
    if (admitted && forEpoch) out.missing = [toHexId(message.header.epoch)];
  }
}
