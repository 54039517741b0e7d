/**
 * The holder's storage policy as a pure state machine (no disk, no clock: `now` is passed in,
 * unix seconds): what we keep for friends, for how long, what goes first when space runs out,
 * whom we pass envelopes on to, and how receipts and dropped notices travel back.
 *
 * Policy:
 * - Only friends hand us envelopes (the engine checks; the holder charges the giving friend).
 * - Refused (nothing stored): an expiry in the past or further than the longest lifetime plus
 *   the clock skew; a copy bigger than we take; `hops` 0 (a delivery attempt: only its
 *   recipient takes it, and we cannot tell whom it is for); a friend at its count or byte quota. A
 *   flooding friend is held to its own quota and cannot push anyone else's envelopes out.
 * - Global caps: when everything held together is at its cap, the oldest envelope of the
 *   friend holding the most bytes is evicted (so the heaviest user pays first), and the friends
 *   who gave it to us hear a dropped notice once nothing behind us holds it.
 * - Expiry: `sweep` drops expired copies (no notice: every copy of one envelope expires at the
 *   same moment) and forgets ids once their expiry plus the skew has passed.
 * - Dedupe: one id is kept once, whoever offers it again hears `duplicate` (or `delivered`
 *   once we saw its receipt), and is remembered as having it, so receipts reach them too.
 * - Forwarding (hand-off-targets.ts): a held envelope is offered to every connected friend that
 *   has not seen it: with hops left to at most `maxFanOut` of them (one on a stem, stem.ts; our
 *   own envelopes to every friend online), and as a delivery attempt (hops 0) to the others.
 *   Only for our own envelopes do we know the recipient (tags are opaque to holders, tag.ts).
 * - Hops: a copy received with h hops is passed on with h − 1, except on a stem (stem.ts).
 * - Receipts: a release (receipt or withdrawal) whose secret opens the commitment deletes our
 *   copy, and is passed to every friend that saw the id, once. A release for an unknown id, or
 *   one that does not open the commitment, is dropped and not passed on: nothing we cannot
 *   check travels further than one hop.
 *
 * Parts: the table of tracked ids and what they weigh (tracked-records.ts), the refusal rules
 * (holder-admission.ts), and how friends' answers and reports move a record (peer-reports.ts).
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import { envelopeWireBytes, type RelayEnvelope } from '../protocol/relay/envelope-codec.js';
import type { OfferEntry } from '../protocol/relay/hand-off-codec.js';
import type { DropReason } from '../protocol/relay/release-codec.js';
import type { AnswerVerdict, RelayRefusal, StoredVerdict } from '../protocol/relay/verdicts.js';
import { admissionRefusal } from './holder-admission.js';
import { holderLimits, type HolderLimits } from './holder-limits.js';
import { secretOpensCommitment } from './receipt.js';
import {
  answerReport,
  droppedReport,
  dropEventIfEmpty,
  storedReport,
  type DropEvent,
  type PeerReportContext,
  type PeerResult,
} from './peer-reports.js';
import { forwardTargets, handOffTargets, type HandOffContext, type HandOffTarget } from './hand-off-targets.js';
import { passOnHopsOf } from './stem.js';
import { releaseTargets, upstreamFriends, type Release, type TrackedEnvelope } from './tracked-envelope.js';
import { TrackedRecords } from './tracked-records.js';
import type { Usage } from './usage-ledger.js';

/** What a holder says about an offered envelope. */
export type ConsiderVerdict = 'want' | 'duplicate' | 'delivered' | RelayRefusal;

/** What {@link RelayHolder.accept} did. */
export type AcceptOutcome =
  | { readonly status: 'accepted'; readonly dropped: readonly DropEvent[] }
  | { readonly status: 'duplicate' }
  | { readonly status: 'delivered' }
  | { readonly status: 'refused'; readonly reason: RelayRefusal };

/** One envelope to offer one friend: a delivery (they are its recipient) or a forward. */
export interface HandOff {
  readonly record: TrackedEnvelope;
  readonly mode: 'deliver' | 'forward';
  /** The hops the copy carries. */
  readonly hops: number;
}

/** What a release (receipt or withdrawal) did. */
export type ReleaseOutcome =
  | { readonly status: 'released'; readonly record: TrackedEnvelope; readonly own: boolean }
  /** Already released: nothing to do (this is how a receipt's travel ends). */
  | { readonly status: 'known' }
  /** Unknown id, or a secret that does not open the commitment: dropped. */
  | { readonly status: 'ignored' };

/** Construction options of {@link RelayHolder}. */
export interface RelayHolderOptions {
  /** The recipient of one of our own envelopes (the sender's tracker knows); undefined for anyone else's. */
  readonly recipientOf: (id: Uint8Array) => OnionAddress | undefined;
  /** Our stem coin (stem.ts): whether we continue the stem of envelope `id`. */
  readonly continuesStem: (id: Uint8Array) => boolean;
  readonly limits?: Partial<HolderLimits>;
}

/**
 * The holder.
 *
 * @example
 * ```ts
 * const holder = new RelayHolder({ recipientOf: (id) => tracker.get(id)?.entry.recipient, continuesStem: stemCoin(identity) });
 * const outcome = holder.accept(envelope, friend, nowS);
 * for (const handOff of holder.handOffsFor(otherFriend, nowS)) offer(otherFriend, handOff);
 * ```
 */
export class RelayHolder {
  readonly #recipientOf: (id: Uint8Array) => OnionAddress | undefined;
  readonly #continuesStem: (id: Uint8Array) => boolean;
  #limits: HolderLimits;
  readonly #records = new TrackedRecords();
  readonly #reports: PeerReportContext;

  constructor(options: RelayHolderOptions) {
    this.#recipientOf = options.recipientOf;
    this.#continuesStem = options.continuesStem;
    this.#reports = { records: this.#records, recipientOf: options.recipientOf };
    this.#limits = holderLimits(options.limits);
  }

  /** The limits in force. */
  get limits(): HolderLimits {
    return this.#limits;
  }

  /**
   * Replaces the limits (the user changed the `relay.*` preferences). Lower quotas refuse new
   * envelopes; what is held already stays until it is released or expires.
   */
  setLimits(overrides: Partial<HolderLimits>): void {
    this.#limits = holderLimits({ ...this.#limits, ...overrides });
  }

  /**
   * Records changed since the last call (to store them) and keys of records forgotten since
   * (to delete them), in the order they were first touched, which is the order new records
   * were created. Clears the list.
   */
  takeDirty(): { readonly changed: TrackedEnvelope[]; readonly forgotten: string[] } {
    return this.#records.takeDirty();
  }

  /**
   * Loads records saved earlier (oldest first) into an empty holder, recounting usage. Records
   * are taken as they are: the limits of the time they were accepted applied then.
   */
  restore(records: Iterable<TrackedEnvelope>): void {
    this.#records.restore(records);
  }

  /**
   * A release we passed to `friend` did not reach them (their session closed first): they get
   * it again when they next connect.
   */
  releaseUndelivered(id: Uint8Array, friend: OnionAddress): void {
    const record = this.get(id);
    if (record === undefined || !record.releasedTo.delete(friend)) return;
    this.#records.touch(record);
  }

  /** A dropped notice we sent `friend` did not reach them: they are owed it again. */
  dropNoticeUndelivered(id: Uint8Array, friend: OnionAddress): void {
    const record = this.get(id);
    if (record?.dropNotice === undefined || !upstreamFriends(record).includes(friend)) return;
    record.dropNotice.pending.add(friend);
    this.#records.touch(record);
  }

  /** What `friend` has us hold. */
  usage(friend: OnionAddress): Usage {
    return this.#records.usage(friend);
  }

  /** What all friends together have us hold (our own envelopes not counted). */
  get totals(): Usage {
    return this.#records.totals;
  }

  /** Our own envelopes held for hand-off. */
  get ownHeld(): number {
    return this.#records.ownHeld;
  }

  /** Ids tracked (held or remembered). */
  get tracked(): number {
    return this.#records.size;
  }

  /** Friends with envelopes held for them, and their usage. */
  usageByFriend(): [OnionAddress, Usage][] {
    return this.#records.usageByFriend();
  }

  /** The tracked envelope with this id, if any. */
  get(id: Uint8Array): TrackedEnvelope | undefined {
    return this.#records.get(id);
  }

  /** Every tracked envelope, oldest first (for status views; do not change them). */
  records(): IterableIterator<TrackedEnvelope> {
    return this.#records.values();
  }

  /** Checks an offer from `from` without storing anything (the answer to a `relay-offer`). */
  consider(entry: OfferEntry, from: OnionAddress, now: number): ConsiderVerdict {
    const known = this.#records.get(entry.id);
    if (known !== undefined) return this.#seenAgain(known, from);
    return this.#refusal(entry, from, now) ?? 'want';
  }

  /** Takes an envelope `from` a friend into storage, or says why not. */
  accept(envelope: RelayEnvelope, from: OnionAddress, now: number): AcceptOutcome {
    const known = this.#records.get(envelope.id);
    if (known !== undefined) {
      const verdict = this.#seenAgain(known, from);
      return verdict === 'delivered' ? { status: 'delivered' } : { status: 'duplicate' };
    }
    const size = envelopeWireBytes(envelope);
    const reason = this.#refusal({ ...envelope, size }, from, now);
    if (reason !== undefined) return { status: 'refused', reason };
    const dropped = this.#makeRoom(size);
    const record = this.#records.track(envelope, from, passOnHopsOf(envelope.hops, this.#continuesStem(envelope.id)));
    record.peers.set(from, 'gave');
    this.#forgetOverflow();
    return { status: 'accepted', dropped };
  }

  /**
   * Keeps our own sealed envelope for hand-off to friends as they come online. Returns false
   * (keeping nothing) when `maxOwnEnvelopes` are already waiting or the id is already tracked.
   */
  addOwn(envelope: RelayEnvelope): boolean {
    if (!this.hasRoomForOwn() || this.#records.get(envelope.id) !== undefined) return false;
    // The hand-off to the first holder is the first hop: the envelope already carries what is left after it.
    this.#records.track(envelope, undefined, envelope.hops);
    this.#forgetOverflow();
    return true;
  }

  /** Our own held envelopes for `friend` (their recipient) that `friend` has not been given or seen yet. */
  forEnvelopeDelivery(friend: OnionAddress, now: number): TrackedEnvelope[] {
    const out: TrackedEnvelope[] = [];
    for (const record of this.#records.values()) {
      if (record.state !== 'held' || record.expiry <= now || record.peers.has(friend)) continue;
      if (record.owner === undefined && this.#recipientOf(record.id) === friend) out.push(record);
    }
    return out;
  }

  /** Of `connected`, the friends to pass `record` on to with hops left (hand-off-targets.ts). */
  forwardTargets(record: TrackedEnvelope, connected: Iterable<OnionAddress>, now: number): OnionAddress[] {
    return forwardTargets(record, connected, now, this.#handOffContext());
  }

  /** To whom of `connected` to offer `record` now, and with what hops (hand-off-targets.ts). */
  targetsOf(record: TrackedEnvelope, connected: Iterable<OnionAddress>, now: number): HandOffTarget[] {
    return handOffTargets(record, [...connected], now, this.#handOffContext());
  }

  /** The release of `record` for `friend`, if it has one and `friend` should get it; marks it sent. */
  releaseFor(record: TrackedEnvelope, friend: OnionAddress): Release | undefined {
    if (record.release === undefined || !releaseTargets(record).includes(friend)) return undefined;
    record.releasedTo.add(friend);
    this.#records.touch(record);
    return record.release;
  }

  /** Whether another own envelope fits (`maxOwnEnvelopes`). */
  hasRoomForOwn(): boolean {
    return this.#records.ownHeld < this.#limits.maxOwnEnvelopes;
  }

  /** Everything to offer `friend` now: our deliveries to them, then envelopes to pass on or try on them, oldest first. */
  handOffsFor(friend: OnionAddress, now: number): HandOff[] {
    const deliveries: HandOff[] = [];
    const others: HandOff[] = [];
    for (const record of this.#records.values()) {
      const target = this.targetsOf(record, [friend], now)[0];
      if (target === undefined) continue;
      if (target.toRecipient === true) deliveries.push({ record, mode: 'deliver', hops: 0 });
      else
        others.push({
          record,
          mode: target.hops > 0 || record.owner === undefined ? 'forward' : 'deliver',
          hops: target.hops,
        });
    }
    return [...deliveries, ...others];
  }

  /** Notes that `record` was offered to `friend` (so it is not offered twice, and their answer is expected). */
  markOffered(record: TrackedEnvelope, friend: OnionAddress): void {
    record.peers.set(friend, 'offered');
  }

  /** `friend` answered our offer of `id`. Answers for ids we did not offer them are ignored. */
  onAnswer(id: Uint8Array, friend: OnionAddress, verdict: AnswerVerdict): PeerResult {
    return answerReport(this.get(id), friend, verdict, this.#reports);
  }

  /** `friend` reported what it did with the copy we handed over. Reports for ids we did not hand them are ignored. */
  onStored(id: Uint8Array, friend: OnionAddress, verdict: StoredVerdict): PeerResult {
    return storedReport(this.get(id), friend, verdict, this.#reports);
  }

  /** `friend` says nothing behind it holds `id` any more. Notices from anyone but a holder of ours are ignored. */
  onDropped(id: Uint8Array, friend: OnionAddress, reason: DropReason): PeerResult {
    return droppedReport(this.get(id), friend, reason, this.#reports);
  }

  /**
   * A receipt or withdrawal for `id` arrived from `from` (undefined: we made it ourselves).
   * Deletes our copy if its secret opens the commitment; the release must then be passed to
   * {@link releasesFor} each friend.
   */
  release(id: Uint8Array, release: Release, from: OnionAddress | undefined): ReleaseOutcome {
    const record = this.get(id);
    if (record === undefined) return { status: 'ignored' };
    const secret = release.kind === 'receipt' ? release.receipt.secret : release.withdrawal.secret;
    if (!secretOpensCommitment(secret, record.commitment)) return { status: 'ignored' };
    this.#records.touch(record);
    if (from !== undefined) {
      record.releasedTo.add(from);
      if (!record.peers.has(from)) record.peers.set(from, 'has');
    }
    if (record.state === 'released') return { status: 'known' };
    this.#records.removeCopy(record);
    record.state = 'released';
    record.release = release;
    return { status: 'released', record, own: record.owner === undefined };
  }

  /** Releases `friend` should get from us now (it saw the id and has not had the release). Marks them sent. */
  releasesFor(friend: OnionAddress): Release[] {
    const out: Release[] = [];
    for (const record of this.#records.values()) {
      const release = this.releaseFor(record, friend);
      if (release !== undefined) out.push(release);
    }
    return out;
  }

  /** The dropped notice `friend` is owed for `record`, if any; marks it sent. */
  takeDropNotice(record: TrackedEnvelope, friend: OnionAddress): DropReason | undefined {
    if (record.dropNotice === undefined || !record.dropNotice.pending.delete(friend)) return undefined;
    this.#records.touch(record);
    return record.dropNotice.reason;
  }

  /** Dropped notices `friend` is owed (it was offline when they were due); marks them sent. */
  dropNoticesFor(friend: OnionAddress): { readonly id: Uint8Array; readonly reason: DropReason }[] {
    const out: { id: Uint8Array; reason: DropReason }[] = [];
    for (const record of this.#records.values()) {
      const reason = this.takeDropNotice(record, friend);
      if (reason !== undefined) out.push({ id: record.id, reason });
    }
    return out;
  }

  /** `friend` disconnected: offers and hand-offs it did not answer are forgotten, to be made again next time. */
  disconnected(friend: OnionAddress): void {
    for (const record of this.#records.values()) {
      const mark = record.peers.get(friend);
      if (mark === 'offered' || mark === 'sent') record.peers.delete(friend);
    }
  }

  /**
   * Drops copies whose expiry has passed and forgets ids past their expiry plus the skew.
   * Returns our own envelopes that expired undelivered (the sender's tracker marks them).
   */
  sweep(now: number): TrackedEnvelope[] {
    const expiredOwn: TrackedEnvelope[] = [];
    for (const record of this.#records.values()) {
      if (record.state === 'held' && record.expiry <= now) {
        this.#records.touch(record);
        // Every copy of one envelope expires together: nobody upstream needs telling.
        record.dropNotice ??= { reason: 'expired', pending: new Set() };
        this.#records.removeCopy(record);
        record.state = 'gone';
        record.goneReason = 'expired';
        if (record.owner === undefined) expiredOwn.push(record);
      }
      if (record.state !== 'held' && record.expiry + this.#limits.clockSkewS < now) this.#records.forget(record);
    }
    return expiredOwn;
  }

  /** Drops our own envelope `id` (the sender gave up on it, or withdrew it and needs no copy). */
  forgetOwn(id: Uint8Array): void {
    const record = this.get(id);
    if (record === undefined || record.owner !== undefined) return;
    this.#records.touch(record);
    this.#records.removeCopy(record);
    if (record.state === 'held') record.state = 'gone';
  }

  #seenAgain(record: TrackedEnvelope, from: OnionAddress): 'duplicate' | 'delivered' {
    // They have it: remember that, so its receipt reaches them too.
    if (!record.peers.has(from)) {
      record.peers.set(from, 'has');
      this.#records.touch(record);
    }
    return record.state === 'released' ? 'delivered' : 'duplicate';
  }

  #refusal(
    entry: Pick<OfferEntry, 'tag' | 'expiry' | 'hops' | 'size'>,
    from: OnionAddress,
    now: number,
  ): RelayRefusal | undefined {
    return admissionRefusal(entry, this.#records.usage(from), { limits: this.#limits, now });
  }

  /** Evicts until one more envelope of `size` fits the global caps: the heaviest friend's oldest first. */
  #makeRoom(size: number): DropEvent[] {
    const events: DropEvent[] = [];
    const limits = this.#limits;
    while (
      this.#records.totals.count + 1 > limits.maxHeldEnvelopes ||
      this.#records.totals.bytes + size > limits.maxHeldBytes
    ) {
      const victim = this.#records.evictionCandidate();
      if (victim === undefined) break;
      this.#records.removeCopy(victim);
      victim.state = 'gone';
      victim.goneReason = 'evicted';
      const event = dropEventIfEmpty(victim, 'evicted');
      if (event !== undefined) events.push(event);
    }
    return events;
  }

  #handOffContext(): HandOffContext {
    return { limits: this.#limits, recipientOf: this.#recipientOf };
  }

  /** Forgets the oldest ids without a copy while more are tracked than the limits allow. */
  #forgetOverflow(): void {
    this.#records.forgetOverflow(
      this.#limits.maxHeldEnvelopes + this.#limits.maxOwnEnvelopes + this.#limits.maxRemembered,
    );
  }
}
