/**
 * The recipient's side of the relay engine: an envelope whose tag is one a known sender would
 * give an envelope to us (tag.ts) is opened, verified (its MAC must be that very sender's) and
 * delivered once, and answered with a receipt to the friend it came from. The inbox
 * (inbox.ts) remembers each delivered id, so a copy offered or handed over again gets the
 * receipt again. A copy that fails to open or verify settles nothing about its id: anyone who
 * saw the header can forge a copy under a genuine envelope's id, and answering later genuine
 * copies 'rejected' would make every honest holder delete theirs. Only that very copy (by its
 * content digest) is refused from memory. Nothing addressed to us is
 * held for anyone, so only the expiry rule of the holder applies (holder-admission.ts).
 *
 * A genuine message the node may not store now (its sender is over their chat budget, the
 * same one a direct message meets) is left unanswered: no receipt, nothing remembered, so the
 * friend who carried it keeps it and offers it again on its next session with us.
 */
import type { IdentityKeyPair } from '../crypto/identity.js';
import type { OnionAddress } from '../crypto/onion-address.js';
import { sha256 } from '../crypto/sha256.js';
import { logger, sensitive } from '../log.js';
import type { RelayEnvelope } from '../protocol/relay/envelope-codec.js';
import type { OfferEntry } from '../protocol/relay/hand-off-codec.js';
import type { RelayReceipt } from '../protocol/relay/release-codec.js';
import type { AnswerVerdict, StoredVerdict } from '../protocol/relay/verdicts.js';
import { EnvelopeUnreadableError, InnerAuthenticationError, UnauthorizedRelaySenderError } from './errors.js';
import { expiryRefusal } from './holder-admission.js';
import type { HolderLimits } from './holder-limits.js';
import type { RelayInbox } from './inbox.js';
import { createReceipt } from './receipt.js';
import { send, stored, type RelayAction } from './relay-actions.js';
import { openEnvelope } from './seal.js';
import type { TagIndex } from './tag.js';
import { verifyInner, type RelaySenderPolicy, type VerifiedInnerMessage } from './verify-inner.js';

const log = logger('relay');

/** Whether a verified message for us may be stored now; see the module comment. */
export type RecipientAdmission = (message: VerifiedInnerMessage) => boolean;

/** What tells two copies under one id apart: a digest of everything the sender sealed. */
function copyDigest(envelope: RelayEnvelope): Uint8Array {
  return sha256(envelope.id, envelope.tag, envelope.commitment, envelope.ephemeralKey, envelope.ciphertext);
}

/** Envelopes addressed to us (see the module comment). Times are unix seconds. */
export class RelayRecipient {
  readonly #identity: IdentityKeyPair;
  readonly #senderPolicy: RelaySenderPolicy;
  readonly #inbox: RelayInbox;
  readonly #tags: TagIndex;
  readonly #admits: RecipientAdmission;

  /** `tags` recognises envelopes to us from whoever may write to us (the engine keeps it up to date). */
  constructor(
    identity: IdentityKeyPair,
    senderPolicy: RelaySenderPolicy,
    inbox: RelayInbox,
    tags: TagIndex,
    admits: RecipientAdmission = () => true,
  ) {
    this.#identity = identity;
    this.#senderPolicy = senderPolicy;
    this.#inbox = inbox;
    this.#tags = tags;
    this.#admits = admits;
  }

  /**
   * Whether an envelope with this tag and expiry is addressed to us. One with an expiry we would
   * refuse anyway is not looked up (the holder's rules refuse it the same way), so made-up
   * expiries cannot make us compute tags for days no envelope can have.
   */
  isForUs(tag: Uint8Array, expiry: number, now: number, limits: HolderLimits): boolean {
    return expiryRefusal(expiry, now, limits) === undefined && this.#tags.senderOf(tag, expiry) !== undefined;
  }

  /** Our answer to `from`'s offer of an envelope for us; the receipt goes back at once (into `actions`) if we delivered it before. */
  considerOffer(
    from: OnionAddress,
    entry: OfferEntry,
    now: number,
    limits: HolderLimits,
    actions: RelayAction[],
  ): AnswerVerdict {
    const known = this.#inbox.get(entry.id);
    if (known?.state === 'delivered') {
      actions.push(send(from, { type: 'relay-receipt', receipt: known.receipt }));
      return 'delivered';
    }
    return expiryRefusal(entry.expiry, now, limits) ?? 'want';
  }

  /** `from` handed us an envelope for us: open, verify, deliver once, and answer with a receipt. */
  receive(from: OnionAddress, envelope: RelayEnvelope, now: number, limits: HolderLimits): RelayAction[] {
    const answer = (verdict: StoredVerdict): RelayAction[] => [stored(from, envelope.id, verdict)];
    const known = this.#inbox.get(envelope.id);
    if (known?.state === 'delivered')
      return [...answer('delivered'), send(from, { type: 'relay-receipt', receipt: known.receipt })];
    const copy = copyDigest(envelope);
    if (this.#inbox.isRejectedCopy(copy)) return answer('rejected');
    const refusal = expiryRefusal(envelope.expiry, now, limits);
    if (refusal !== undefined) return answer(refusal);
    let message: VerifiedInnerMessage;
    let receipt: RelayReceipt;
    try {
      const opened = openEnvelope(envelope, this.#identity);
      const tagSender = this.#tags.senderOf(envelope.tag, envelope.expiry);
      const keys = tagSender === undefined ? undefined : this.#tags.pairKeysFrom(tagSender);
      const known = tagSender === undefined || keys === undefined ? undefined : { sender: tagSender, keys };
      message = verifyInner(opened, this.#identity, this.#senderPolicy, known);
      // The tag named one sender, the MAC another: someone copied a tag it does not own.
      if (message.sender !== tagSender) throw new InnerAuthenticationError();
      receipt = createReceipt(this.#identity, opened.claimedSender, envelope.id, opened.receiptSecret, keys);
    } catch (error) {
      if (!(
        error instanceof EnvelopeUnreadableError ||
        error instanceof InnerAuthenticationError ||
        error instanceof UnauthorizedRelaySenderError
      ))
        throw error;
      log.debug('rejected an envelope addressed to us', { via: sensitive(from), error });
      this.#inbox.rejectedCopy(copy);
      return answer('rejected');
    }
    if (!this.#admits(message)) return [];
    this.#inbox.delivered(envelope.id, envelope.expiry, receipt);
    return [{ type: 'deliver', message }, ...answer('delivered'), send(from, { type: 'relay-receipt', receipt })];
  }
}
