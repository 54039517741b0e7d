/**
 * The epoch keys one member holds: opened lazily from the grants in the membership log (every
 * key this member ever received is sealed to them in some op), so the store keeps only ops and
 * messages, never a separate copy of a key.
 */
import type { IdentityKeyPair } from '../crypto/identity.js';
import { BurrowError } from '../errors.js';
import { openEpochKey } from './epoch-key-seal.js';
import { messageKeyOf } from './group-message.js';
import type { VerifiedGroupOp } from './group-op.js';
import type { HexId } from './ids.js';

/** Whether we can read an epoch. */
export type EpochKeyStatus = 'held' | 'not-recipient' | 'unreadable';

interface Slot {
  readonly status: EpochKeyStatus;
  readonly messageKey?: Uint8Array;
}

/** The message keys of one member in one group. */
export class EpochKeyring {
  readonly #identity: IdentityKeyPair;
  readonly #slots = new Map<HexId, Slot>();

  constructor(identity: IdentityKeyPair) {
    this.#identity = identity;
  }

  /** Whether we hold the key of the epoch `op` granted (opening it on first use). */
  status(op: VerifiedGroupOp): EpochKeyStatus {
    return this.#slot(op).status;
  }

  /** The message key of the epoch `op` granted, or undefined if we cannot read that epoch. */
  messageKey(op: VerifiedGroupOp): Uint8Array | undefined {
    return this.#slot(op).messageKey;
  }

  #slot(op: VerifiedGroupOp): Slot {
    let slot = this.#slots.get(op.id);
    if (slot === undefined) {
      slot = this.#open(op);
      this.#slots.set(op.id, slot);
    }
    return slot;
  }

  #open(op: VerifiedGroupOp): Slot {
    if (!('grant' in op.payload)) return { status: 'not-recipient' };
    try {
      const key = openEpochKey(op.payload.grant, this.#identity);
      if (key === undefined) return { status: 'not-recipient' };
      const messageKey = messageKeyOf(key, op.id);
      key.fill(0);
      return { status: 'held', messageKey };
    } catch (error) {
      if (error instanceof BurrowError) return { status: 'unreadable' };
      throw error;
    }
  }
}
