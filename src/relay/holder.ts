/**
 * The holder's storage policy as a pure state machine (no disk, no clock: `now` is passed in,
 * unix seconds): what we keep for friends, for how long, what goes first when space runs out,
 * whom we pass envelopes on to, and how receipts and dropped notices travel back.
 *
 * Policy:
 * - Only friends hand us envelopes (the engine checks; the holder charges the giving friend).
 * - Refused (nothing stored): an expiry in the past or further than the longest lifetime plus
 *   the clock skew; a copy bigger than we take; `hops` 0 when the tag is not one of our friends
 *   (we could neither deliver it nor pass it on); a friend at its count or byte quota. A
 *   flooding friend is held to its own quota and cannot push anyone else's envelopes out.
 * - Global caps: when everything held together is at its cap, the oldest envelope of the
 *   friend holding the most bytes is evicted (so the heaviest user pays first), and the friends
 *   who gave it to us hear a dropped notice once nothing behind us holds it.
 * - Expiry: `sweep` drops expired copies (no notice: every copy of one envelope expires at the
 *   same moment) and forgets ids once their expiry plus the skew has passed.
 * - Dedupe: one id is kept once, whoever offers it again hears `duplicate` (or `delivered`
 *   once we saw its receipt), and is remembered as having it, so receipts reach them too.
 * - Forwarding: while hops remain, a held envelope is offered to connected friends that have
 *   not seen it (at most `maxFanOut` of them; our own envelopes to every friend online); the
 *   friend it is for gets it as a delivery (hops 0) instead.
 * - Receipts: a release (receipt or withdrawal) whose secret opens the commitment deletes our
 *   copy, and is passed to every friend that saw the id, once. A release for an unknown id, or
 *   one that does not open the commitment, is dropped and not passed on: nothing we cannot
 *   check travels further than one hop.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import { envelopeWireBytes, type RelayEnvelope } from '../protocol/relay/envelope-codec.js';
import type { OfferEntry } from '../protocol/relay/hand-off-codec.js';
import type { DropReason } from '../protocol/relay/release-codec.js';
import type { AnswerVerdict, RelayRefusal, StoredVerdict } from '../protocol/relay/verdicts.js';
import { isRelayRefusal } from '../protocol/relay/verdicts.js';
import { holderLimits, type HolderLimits } from './holder-limits.js';
import { secretOpensCommitment } from './receipt.js';
import type { TagIndex } from './tag.js';
import { fanOut, isHeldBehindUs, releaseTargets, upstreamFriends, type Release, type TrackedEnvelope } from './tracked-envelope.js';
import { UsageLedger, type Usage } from './usage-ledger.js';

/** What a holder says about an offered envelope. */
export type ConsiderVerdict = 'want' | 'duplicate' | 'delivered' | RelayRefusal;

/** What {@link RelayHolder.accept} did. */
export type AcceptOutcome =
  | { readonly status: 'accepted'; readonly dropped: readonly DropEvent[] }
  | { readonly status: 'duplicate' }
  | { readonly status: 'delivered' }
  | { readonly status: 'refused'; readonly reason: RelayRefusal };

/** A tracked envelope nothing behind us holds any more: its upstream friends are to be told (`takeDropNotice`). */
export interface DropEvent {
  readonly record: TrackedEnvelope;
  readonly reason: DropReason;
}

/** One envelope to offer one friend: a delivery (they are its recipient) or a forward. */
export interface HandOff {
  readonly record: TrackedEnvelope;
  readonly mode: 'deliver' | 'forward';
  /** The hops the copy carries. */
  readonly hops: number;
}

/** What an answer or a stored-report from a friend changed. */
export type PeerResult =
  | { readonly type: 'none' }
  /** Hand this copy over (they answered `want`). */
  | { readonly type: 'send'; readonly copy: RelayEnvelope }
  /** They now hold our copy: a holder of ours (the sender's tracker counts it when `own`). */
  | { readonly type: 'holder-added'; readonly own: boolean }
  /** A holder of ours went away; `drop` is set when nothing behind us holds the envelope any more. */
  | { readonly type: 'holder-removed'; readonly own: boolean; readonly drop: DropEvent | undefined; readonly reason: DropReason }
  /** The recipient rejected it: our copy is gone. */
  | { readonly type: 'rejected'; readonly own: boolean; readonly drop: DropEvent | undefined };

/** What a release (receipt or withdrawal) did. */
export type ReleaseOutcome =
  | { readonly status: 'released'; readonly record: TrackedEnvelope; readonly own: boolean }
  /** Already released: nothing to do (this is how a receipt's travel ends). */
  | { readonly status: 'known' }
  /** Unknown id, or a secret that does not open the commitment: dropped. */
  | { readonly status: 'ignored' };

/** Construction options of {@link RelayHolder}. */
export interface RelayHolderOptions {
  /** Recognises our friends' tags (the engine keeps it up to date). */
  readonly tags: TagIndex;
  readonly limits?: Partial<HolderLimits>;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/**
 * The holder.
 *
 * @example
 * ```ts
 * const holder = new RelayHolder({ tags: new TagIndex(friends) });
 * const outcome = holder.accept(envelope, friend, nowS);
 * for (const handOff of holder.handOffsFor(otherFriend, nowS)) offer(otherFriend, handOff);
 * ```
 */
export class RelayHolder {
  readonly #tags: TagIndex;
  #limits: HolderLimits;
  /** Every tracked id, oldest first (Map order is insertion order: eviction relies on it). */
  readonly #records = new Map<string, TrackedEnvelope>();
  readonly #ledger = new UsageLedger();
  /** Keys of records changed or forgotten since the last {@link takeDirty}, first change first (for persistence). */
  readonly #dirty = new Set<string>();
  #ownHeld = 0;

  constructor(options: RelayHolderOptions) {
    this.#tags = options.tags;
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
    const changed: TrackedEnvelope[] = [];
    const forgotten: string[] = [];
    for (const key of this.#dirty) {
      const record = this.#records.get(key);
      if (record === undefined) forgotten.push(key);
      else changed.push(record);
    }
    this.#dirty.clear();
    return { changed, forgotten };
  }

  /**
   * Loads records saved earlier (oldest first) into an empty holder, recounting usage. Records
   * are taken as they are: the limits of the time they were accepted applied then.
   */
  restore(records: Iterable<TrackedEnvelope>): void {
    if (this.#records.size > 0) throw new RangeError('restore() needs an empty holder');
    for (const record of records) {
      if (this.#records.has(record.key)) continue;
      this.#records.set(record.key, record);
      if (record.state !== 'held') continue;
      if (record.owner === undefined) this.#ownHeld++;
      else this.#ledger.add(record.owner, record.size);
    }
  }

  /**
   * A release we passed to `friend` did not reach them (their session closed first): they get
   * it again when they next connect.
   */
  releaseUndelivered(id: Uint8Array, friend: OnionAddress): void {
    const record = this.get(id);
    if (record === undefined || !record.releasedTo.delete(friend)) return;
    this.#touch(record);
  }

  /** A dropped notice we sent `friend` did not reach them: they are owed it again. */
  dropNoticeUndelivered(id: Uint8Array, friend: OnionAddress): void {
    const record = this.get(id);
    if (record?.dropNotice === undefined || !upstreamFriends(record).includes(friend)) return;
    record.dropNotice.pending.add(friend);
    this.#touch(record);
  }

  /** What `friend` has us hold. */
  usage(friend: OnionAddress): Usage {
    return this.#ledger.of(friend);
  }

  /** What all friends together have us hold (our own envelopes not counted). */
  get totals(): Usage {
    return this.#ledger.total;
  }

  /** Our own envelopes held for hand-off. */
  get ownHeld(): number {
    return this.#ownHeld;
  }

  /** Ids tracked (held or remembered). */
  get tracked(): number {
    return this.#records.size;
  }

  /** Friends with envelopes held for them, and their usage. */
  usageByFriend(): [OnionAddress, Usage][] {
    return [...this.#ledger.entries()];
  }

  /** The tracked envelope with this id, if any. */
  get(id: Uint8Array): TrackedEnvelope | undefined {
    return this.#records.get(hex(id));
  }

  /** Every tracked envelope, oldest first (for status views; do not change them). */
  records(): IterableIterator<TrackedEnvelope> {
    return this.#records.values();
  }

  /** Checks an offer from `from` without storing anything (the answer to a `relay-offer`). */
  consider(entry: OfferEntry, from: OnionAddress, now: number): ConsiderVerdict {
    const known = this.#records.get(hex(entry.id));
    if (known !== undefined) return this.#seenAgain(known, from);
    return this.#refusal(entry, from, now) ?? 'want';
  }

  /** Takes an envelope `from` a friend into storage, or says why not. */
  accept(envelope: RelayEnvelope, from: OnionAddress, now: number): AcceptOutcome {
    const known = this.#records.get(hex(envelope.id));
    if (known !== undefined) {
      const verdict = this.#seenAgain(known, from);
      return verdict === 'delivered' ? { status: 'delivered' } : { status: 'duplicate' };
    }
    const size = envelopeWireBytes(envelope);
    const reason = this.#refusal({ ...envelope, size }, from, now);
    if (reason !== undefined) return { status: 'refused', reason };
    const dropped = this.#makeRoom(size);
    const record = this.#track(envelope, from, envelope.hops - 1);
    record.peers.set(from, 'gave');
    this.#ledger.add(from, size);
    this.#forgetOverflow();
    return { status: 'accepted', dropped };
  }

  /**
   * Keeps our own sealed envelope for hand-off to friends as they come online. Returns false
   * (keeping nothing) when `maxOwnEnvelopes` are already waiting or the id is already tracked.
   */
  addOwn(envelope: RelayEnvelope): boolean {
    if (this.#ownHeld >= this.#limits.maxOwnEnvelopes || this.#records.has(hex(envelope.id))) return false;
    // The hand-off to the first holder is the first hop: the envelope already carries what is left after it.
    this.#track(envelope, undefined, envelope.hops);
    this.#ownHeld++;
    this.#forgetOverflow();
    return true;
  }

  /** Held envelopes whose tag is `friend`'s and that `friend` has not been given or seen yet. */
  forEnvelopeDelivery(friend: OnionAddress, now: number): TrackedEnvelope[] {
    const out: TrackedEnvelope[] = [];
    for (const record of this.#records.values()) {
      if (record.state !== 'held' || record.expiry <= now || record.peers.has(friend)) continue;
      if (this.#tags.isFor(record.tag, record.expiry, friend)) out.push(record);
    }
    return out;
  }

  /**
   * Of `connected`, the friends to pass `record` on to: it has hops left, they have not seen
   * it, are not its recipient (that is a delivery), and the fan-out has room.
   */
  forwardTargets(record: TrackedEnvelope, connected: Iterable<OnionAddress>, now: number): OnionAddress[] {
    if (record.state !== 'held' || record.passOnHops < 0 || record.expiry <= now) return [];
    // Our own envelope goes to every friend online (the more paths, the less one withholding
    // friend matters); what we carry for others goes to at most maxFanOut.
    let room = record.owner === undefined ? Number.POSITIVE_INFINITY : this.#limits.maxFanOut - fanOut(record);
    const out: OnionAddress[] = [];
    for (const friend of connected) {
      if (room <= 0) break;
      if (record.peers.has(friend) || this.#tags.isFor(record.tag, record.expiry, friend)) continue;
      out.push(friend);
      room--;
    }
    return out;
  }

  /** To whom of `connected` to offer `record` now: its recipient (a delivery) if connected, and friends to pass it on to. */
  targetsOf(record: TrackedEnvelope, connected: Iterable<OnionAddress>, now: number): { readonly friend: OnionAddress; readonly hops: number }[] {
    if (record.state !== 'held' || record.expiry <= now) return [];
    const friends = [...connected];
    const recipient = this.#tags.recipientOf(record.tag, record.expiry);
    const out = recipient !== undefined && friends.includes(recipient) && !record.peers.has(recipient) ? [{ friend: recipient, hops: 0 }] : [];
    for (const friend of this.forwardTargets(record, friends, now)) out.push({ friend, hops: record.passOnHops });
    return out;
  }

  /** The release of `record` for `friend`, if it has one and `friend` should get it; marks it sent. */
  releaseFor(record: TrackedEnvelope, friend: OnionAddress): Release | undefined {
    if (record.release === undefined || !releaseTargets(record).includes(friend)) return undefined;
    record.releasedTo.add(friend);
    this.#touch(record);
    return record.release;
  }

  /** Whether another own envelope fits (`maxOwnEnvelopes`). */
  hasRoomForOwn(): boolean {
    return this.#ownHeld < this.#limits.maxOwnEnvelopes;
  }

  /** Everything to offer `friend` now: deliveries to them, then envelopes to pass on, oldest first. */
  handOffsFor(friend: OnionAddress, now: number): HandOff[] {
    const out: HandOff[] = this.forEnvelopeDelivery(friend, now).map((record) => ({ record, mode: 'deliver' as const, hops: 0 }));
    const delivering = new Set(out.map((handOff) => handOff.record));
    for (const record of this.#records.values()) {
      if (delivering.has(record)) continue;
      if (this.forwardTargets(record, [friend], now).length > 0) out.push({ record, mode: 'forward', hops: record.passOnHops });
    }
    return out;
  }

  /** Notes that `record` was offered to `friend` (so it is not offered twice, and their answer is expected). */
  markOffered(record: TrackedEnvelope, friend: OnionAddress): void {
    record.peers.set(friend, 'offered');
  }

  /** `friend` answered our offer of `id`. Answers for ids we did not offer them are ignored. */
  onAnswer(id: Uint8Array, friend: OnionAddress, verdict: AnswerVerdict): PeerResult {
    const record = this.get(id);
    if (record === undefined || record.peers.get(friend) !== 'offered') return { type: 'none' };
    this.#touch(record);
    switch (verdict) {
      case 'want': {
        if (record.state !== 'held' || record.envelope === undefined) {
          record.peers.delete(friend);
          return { type: 'none' };
        }
        record.peers.set(friend, 'sent');
        const hops = this.#tags.isFor(record.tag, record.expiry, friend) ? 0 : Math.max(record.passOnHops, 0);
        return { type: 'send', copy: { ...record.envelope, hops } };
      }
      case 'duplicate':
      case 'delivered':
        record.peers.set(friend, 'has');
        return { type: 'none' };
      case 'rejected':
        return this.#rejectedBy(record, friend);
      default:
        record.peers.set(friend, 'declined');
        return { type: 'none' };
    }
  }

  /** `friend` reported what it did with the copy we handed over. Reports for ids we did not hand them are ignored. */
  onStored(id: Uint8Array, friend: OnionAddress, verdict: StoredVerdict): PeerResult {
    const record = this.get(id);
    if (record === undefined || record.peers.get(friend) !== 'sent') return { type: 'none' };
    this.#touch(record);
    if (verdict === 'accepted') {
      record.peers.set(friend, 'holds');
      return { type: 'holder-added', own: record.owner === undefined };
    }
    if (verdict === 'rejected') return this.#rejectedBy(record, friend);
    record.peers.set(friend, isRelayRefusal(verdict) ? 'declined' : 'has');
    return { type: 'none' };
  }

  /** `friend` says nothing behind it holds `id` any more. Notices from anyone but a holder of ours are ignored. */
  onDropped(id: Uint8Array, friend: OnionAddress, reason: DropReason): PeerResult {
    const record = this.get(id);
    if (record === undefined || record.peers.get(friend) !== 'holds') return { type: 'none' };
    this.#touch(record);
    record.peers.set(friend, 'declined');
    return { type: 'holder-removed', own: record.owner === undefined, drop: this.#dropEventIfEmpty(record, reason), reason };
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
    this.#touch(record);
    if (from !== undefined) {
      record.releasedTo.add(from);
      if (!record.peers.has(from)) record.peers.set(from, 'has');
    }
    if (record.state === 'released') return { status: 'known' };
    this.#removeCopy(record);
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
    this.#touch(record);
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
    for (const [key, record] of this.#records) {
      if (record.state === 'held' && record.expiry <= now) {
        this.#touch(record);
        // Every copy of one envelope expires together: nobody upstream needs telling.
        record.dropNotice ??= { reason: 'expired', pending: new Set() };
        this.#removeCopy(record);
        record.state = 'gone';
        record.goneReason = 'expired';
        if (record.owner === undefined) expiredOwn.push(record);
      }
      if (record.state !== 'held' && record.expiry + this.#limits.clockSkewS < now) this.#forget(key);
    }
    return expiredOwn;
  }

  /** Drops our own envelope `id` (the sender gave up on it, or withdrew it and needs no copy). */
  forgetOwn(id: Uint8Array): void {
    const record = this.get(id);
    if (record === undefined || record.owner !== undefined) return;
    this.#touch(record);
    this.#removeCopy(record);
    if (record.state === 'held') record.state = 'gone';
  }

  #seenAgain(record: TrackedEnvelope, from: OnionAddress): 'duplicate' | 'delivered' {
    // They have it: remember that, so its receipt reaches them too.
    if (!record.peers.has(from)) {
      record.peers.set(from, 'has');
      this.#touch(record);
    }
    return record.state === 'released' ? 'delivered' : 'duplicate';
  }

  #refusal(entry: Pick<OfferEntry, 'tag' | 'expiry' | 'hops' | 'size'>, from: OnionAddress, now: number): RelayRefusal | undefined {
    const limits = this.#limits;
    if (entry.expiry <= now) return 'expired';
    if (entry.expiry > now + limits.maxLifetimeS + limits.clockSkewS) return 'too-long-lived';
    if (entry.size > limits.maxEnvelopeBytes || entry.size > limits.maxBytesPerFriend || entry.size > limits.maxHeldBytes) return 'too-large';
    // Checked after the expiry, so tags are only ever computed for days a few days from now.
    if (entry.hops === 0 && this.#tags.recipientOf(entry.tag, entry.expiry) === undefined) return 'hop-limit';
    if (limits.maxEnvelopesPerFriend === 0 || limits.maxHeldEnvelopes === 0) return 'not-holding';
    const usage = this.#ledger.of(from);
    if (usage.count + 1 > limits.maxEnvelopesPerFriend) return 'quota-count';
    if (usage.bytes + entry.size > limits.maxBytesPerFriend) return 'quota-bytes';
    return undefined;
  }

  /** Evicts until one more envelope of `size` fits the global caps: the heaviest friend's oldest first. */
  #makeRoom(size: number): DropEvent[] {
    const events: DropEvent[] = [];
    const limits = this.#limits;
    while (this.#ledger.total.count + 1 > limits.maxHeldEnvelopes || this.#ledger.total.bytes + size > limits.maxHeldBytes) {
      const heaviest = this.#ledger.heaviest();
      const victim = heaviest === undefined ? undefined : this.#oldestHeldOf(heaviest);
      if (victim === undefined) break;
      this.#removeCopy(victim);
      victim.state = 'gone';
      victim.goneReason = 'evicted';
      const event = this.#dropEventIfEmpty(victim, 'evicted');
      if (event !== undefined) events.push(event);
    }
    return events;
  }

  #oldestHeldOf(owner: OnionAddress): TrackedEnvelope | undefined {
    for (const record of this.#records.values()) if (record.state === 'held' && record.owner === owner) return record;
    return undefined;
  }

  #rejectedBy(record: TrackedEnvelope, friend: OnionAddress): PeerResult {
    this.#touch(record);
    // Only the recipient can reject (anyone else's "rejected" is just a refusal): it read the envelope and it is junk.
    if (!this.#tags.isFor(record.tag, record.expiry, friend)) {
      record.peers.set(friend, 'declined');
      return { type: 'none' };
    }
    record.peers.set(friend, 'has');
    const own = record.owner === undefined;
    if (record.state === 'held') {
      this.#removeCopy(record);
      record.state = 'gone';
      record.goneReason = 'rejected';
    }
    return { type: 'rejected', own, drop: this.#dropEventIfEmpty(record, 'rejected') };
  }

  #dropEventIfEmpty(record: TrackedEnvelope, reason: DropReason): DropEvent | undefined {
    if (record.owner === undefined || record.dropNotice !== undefined || isHeldBehindUs(record)) return undefined;
    record.dropNotice = { reason, pending: new Set(upstreamFriends(record)) };
    return { record, reason };
  }

  #track(envelope: RelayEnvelope, owner: OnionAddress | undefined, passOnHops: number): TrackedEnvelope {
    const record: TrackedEnvelope = {
      id: Uint8Array.from(envelope.id),
      key: hex(envelope.id),
      tag: envelope.tag,
      expiry: envelope.expiry,
      commitment: envelope.commitment,
      size: envelopeWireBytes(envelope),
      owner,
      passOnHops,
      state: 'held',
      envelope,
      goneReason: undefined,
      release: undefined,
      peers: new Map(),
      releasedTo: new Set(),
      dropNotice: undefined,
    };
    this.#records.set(record.key, record);
    this.#touch(record);
    return record;
  }

  #removeCopy(record: TrackedEnvelope): void {
    if (record.state !== 'held') return;
    this.#touch(record);
    if (record.owner === undefined) this.#ownHeld--;
    else this.#ledger.remove(record.owner, record.size);
    record.envelope = undefined;
  }

  /** Forgets the oldest ids without a copy while more are tracked than the limits allow. */
  #forgetOverflow(): void {
    const limit = this.#limits.maxHeldEnvelopes + this.#limits.maxOwnEnvelopes + this.#limits.maxRemembered;
    if (this.#records.size <= limit) return;
    for (const [key, record] of this.#records) {
      if (this.#records.size <= limit) break;
      if (record.state !== 'held') this.#forget(key);
    }
  }

  #forget(key: string): void {
    this.#records.delete(key);
    this.#dirty.add(key);
  }

  #touch(record: TrackedEnvelope): void {
    this.#dirty.add(record.key);
  }
}
