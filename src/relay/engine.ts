/**
 * The relay engine: offline delivery as one pure state machine (no sockets, no disk, no
 * timers). The node feeds it events — a friend connected or left, a relay message arrived, the
 * user sent something to an offline friend, time passed — and carries out the actions it
 * returns, in order: send a relay message to a friend, deliver a verified message to a
 * service, report an outgoing envelope's new state.
 *
 * It joins the pieces: sealing what we send (send-request.ts, seal.ts), opening and delivering
 * what is addressed to us (recipient.ts, inbox.ts, verify-inner.ts, tag.ts), the holder's
 * policy and provenance (holder.ts, stem.ts), the sender's tracker (outgoing-tracker.ts) and
 * per-friend rate limits; relay-actions.ts builds what it returns. Flows (message names from
 * src/protocol/relay/relay-message-codec.ts):
 *
 *   sender ──offer──▶ friend ──answer(want)──▶ sender ──envelope──▶ friend ──stored(accepted)──▶ sender
 *   holder ──offer──▶ next friends … (hops left: forwards; hops 0: delivery attempts only the recipient takes)
 *   recipient: opens, verifies, delivers once ──stored(delivered), receipt──▶ the friend it came from
 *   every holder: checks the receipt's secret, deletes its copy, passes the receipt to every
 *   friend that saw the id ──▶ … ──▶ sender: verifies the MAC → delivered
 *   a holder whose copy and whole subtree are gone ──dropped──▶ the friends that gave it
 *
 * Processing rules for the node: a `deliver` action must be durably stored before the actions
 * after it are sent (they include the receipt, which tells the sender "delivered"); actions
 * that did not reach a friend may be dropped (what they carried is offered again, or expires;
 * tell the engine with `undelivered` so receipts and dropped notices are owed again).
 *
 * Persistence: after each call, `takeChanges` says which saved rows to write and delete
 * (engine-state.ts); a new engine starts from the saved snapshot (`state` option). Store the
 * changes together with what a `deliver` stored, before sending anything.
 */
import type { IdentityKeyPair } from '../crypto/identity.js';
import type { OnionAddress } from '../crypto/onion-address.js';
import { secureRandom, type RandomSource } from '../crypto/random.js';
import { logger, sensitive } from '../log.js';
import type { RelayEnvelope } from '../protocol/relay/envelope-codec.js';
import type { OfferEntry, VerdictEntry } from '../protocol/relay/hand-off-codec.js';
import type { RelayMessage } from '../protocol/relay/relay-message-codec.js';
import type { AnswerVerdict, StoredVerdict } from '../protocol/relay/verdicts.js';
import { envelopeWireBytes } from '../protocol/relay/envelope-codec.js';
import {
  restoreState,
  takeStateChanges,
  type RelayStateChanges,
  type RelayStateParts,
  type RelayStateSnapshot,
} from './engine-state.js';
import { DEFAULT_RELAY_RATE_LIMITS, FriendRateLimits, type RelayRateLimits } from './friend-rate-limits.js';
import { RelayHolder } from './holder.js';
import type { HolderLimits } from './holder-limits.js';
import { RelayInbox } from './inbox.js';
import { MAX_INBOX_ENTRIES } from './limits.js';
import type { DropEvent, PeerResult } from './peer-reports.js';
import { OutgoingTracker, type OutgoingChange, type OutgoingState } from './outgoing-tracker.js';
import { RelayRecipient, type RecipientAdmission } from './recipient.js';
import { stemCoin } from './stem.js';
import { answers, offers, refuseStranger, releaseMessage, send, stored, type RelayAction } from './relay-actions.js';
import { relayStatus, type RelayStatus } from './relay-status.js';
import { expiryOf, sealRequest, type RelaySendRequest } from './send-request.js';
import { TagIndex } from './tag.js';
import type { Release, TrackedEnvelope } from './tracked-envelope.js';
import type { RelaySenderPolicy } from './verify-inner.js';
import { hex } from '../lib/hex.js';

// Also exported here, where relay/feature/ imports them.
export { OWED_UNTIL_HANDLED, type RelayAction } from './relay-actions.js';
export type { RelayStatus } from './relay-status.js';

const log = logger('relay');

/** Construction options of {@link RelayEngine}. */
export interface RelayEngineOptions {
  readonly identity: IdentityKeyPair;
  /** Our friends now (update with `setFriends`). */
  readonly friends: Iterable<OnionAddress>;
  /** Who may send us what (verify-inner.ts): friends for chat, members for groups. */
  readonly senderPolicy: RelaySenderPolicy;
  /** Whether a verified message for us may be stored now (recipient.ts); all may by default. */
  readonly admits?: RecipientAdmission;
  /** Holder limits; the node passes the `relay.*` preferences here. */
  readonly limits?: Partial<HolderLimits>;
  readonly rateLimits?: RelayRateLimits;
  readonly maxInboxEntries?: number;
  readonly random?: RandomSource;
  /** State saved by an earlier engine (engine-state.ts); empty by default. */
  readonly state?: RelayStateSnapshot;
}

/** What {@link RelayEngine.send} did. */
export type RelaySendResult =
  | { readonly status: 'queued'; readonly envelopeId: Uint8Array; readonly actions: RelayAction[] }
  /** `maxOwnEnvelopes` are already waiting: try again after some are delivered (the message stays in the outbox). */
  | { readonly status: 'full' };

const seconds = (ms: number): number => Math.floor(ms / 1000);
const fromHex = (key: string): Uint8Array => Uint8Array.from(Buffer.from(key, 'hex'));

/**
 * The engine. All times are unix ms (the node's clock). E.g. `for (const action of
 * relay.receive(friend, decodeRelayMessage(body), Date.now())) await perform(action);`
 */
export class RelayEngine {
  readonly #identity: IdentityKeyPair;
  readonly #random: RandomSource;
  readonly #tags: TagIndex;
  readonly #holder: RelayHolder;
  readonly #inbox: RelayInbox;
  readonly #recipient: RelayRecipient;
  readonly #tracker = new OutgoingTracker();
  readonly #rates: FriendRateLimits;
  readonly #receiptSecrets = new Map<string, Uint8Array>();
  #friends = new Set<OnionAddress>();
  #otherSenders: readonly OnionAddress[] = [];
  readonly #connected = new Set<OnionAddress>();

  constructor(options: RelayEngineOptions) {
    this.#identity = options.identity;
    this.#random = options.random ?? secureRandom;
    this.#tags = new TagIndex(options.identity);
    this.#holder = new RelayHolder({
      recipientOf: (id) => this.#tracker.get(id)?.entry.recipient,
      continuesStem: stemCoin(options.identity),
      ...(options.limits === undefined ? {} : { limits: options.limits }),
    });
    this.#inbox = new RelayInbox(options.maxInboxEntries ?? MAX_INBOX_ENTRIES);
    this.#recipient = new RelayRecipient(
      options.identity,
      options.senderPolicy,
      this.#inbox,
      this.#tags,
      options.admits,
    );
    this.#rates = new FriendRateLimits(options.rateLimits ?? DEFAULT_RELAY_RATE_LIMITS);
    if (options.state !== undefined) restoreState(this.#parts(), options.state);
    this.setFriends(options.friends);
  }

  /**
   * What changed since the last call, to save (engine-state.ts). Call it after every other
   * call whose actions you perform, and store the result before sending them.
   */
  takeChanges(): RelayStateChanges {
    return takeStateChanges(this.#parts());
  }

  /** Replaces the holder's per-friend quotas and other limits (the `relay.*` preferences changed). */
  setLimits(limits: Partial<HolderLimits>): void {
    this.#holder.setLimits(limits);
  }

  /** Whether a session with `friend` is open as far as the engine knows. */
  isConnected(friend: OnionAddress): boolean {
    return this.#connected.has(friend);
  }

  /**
   * A `send` action did not reach `to` (their session closed before they handled it). Receipts,
   * withdrawals and dropped notices are then owed again ({@link owedTo}, and at the next
   * connection); offers and hand-offs need nothing (made again after `friendDisconnected`).
   */
  undelivered(to: OnionAddress, message: RelayMessage): void {
    if (message.type === 'relay-receipt') this.#holder.releaseUndelivered(message.receipt.id, to);
    else if (message.type === 'relay-withdraw') this.#holder.releaseUndelivered(message.withdrawal.id, to);
    else if (message.type === 'relay-dropped') this.#holder.dropNoticeUndelivered(message.notice.id, to);
  }

  /** Replaces the friend list (after a contact was accepted, removed or blocked). */
  setFriends(friends: Iterable<OnionAddress>): void {
    this.#friends = new Set(friends);
    this.#tags.setSenders([...this.#friends, ...this.#otherSenders]);
    this.#rates.retain(this.#friends);
    for (const friend of this.#connected) if (!this.#friends.has(friend)) this.friendDisconnected(friend);
  }

  /**
   * Replaces the identities besides friends that may write to us through the relay (the members
   * of our groups): envelopes to us are recognised only from friends and these (tag.ts).
   */
  setOtherSenders(senders: Iterable<OnionAddress>): void {
    this.#otherSenders = [...senders];
    this.#tags.setSenders([...this.#friends, ...this.#otherSenders]);
  }

  /** A session with `friend` opened: pass it receipts it lacks, then offer deliveries and envelopes to carry. */
  friendConnected(friend: OnionAddress, now: number): RelayAction[] {
    if (!this.#friends.has(friend)) return [];
    this.#connected.add(friend);
    return [...this.owedTo(friend), ...this.#offer(friend, this.#holder.handOffsFor(friend, seconds(now)))];
  }

  /** The receipts, withdrawals and dropped notices connected `friend` lacks, marked as theirs. */
  owedTo(friend: OnionAddress): RelayAction[] {
    if (!this.#connected.has(friend)) return [];
    const actions = this.#holder.releasesFor(friend).map((release) => send(friend, releaseMessage(release)));
    for (const notice of this.#holder.dropNoticesFor(friend))
      actions.push(send(friend, { type: 'relay-dropped', notice }));
    return actions;
  }

  /** The session with `friend` closed. */
  friendDisconnected(friend: OnionAddress): void {
    this.#connected.delete(friend);
    this.#holder.disconnected(friend);
  }

  /**
   * Seals `request.content` to an offline friend, keeps it, and offers it to every connected
   * friend. Throws `InvalidArgumentError` for content over its limit or a bad hop limit or
   * lifetime (caller bugs).
   */
  send(request: RelaySendRequest, now: number): RelaySendResult {
    const expiry = expiryOf(request, now);
    if (!this.#holder.hasRoomForOwn()) return { status: 'full' };
    const sealed = sealRequest(request, { now, expiry }, this.#identity, this.#random);
    const { envelope } = sealed;
    if (!this.#holder.addOwn(envelope)) return { status: 'full' };
    this.#receiptSecrets.set(hex(envelope.id), sealed.receiptSecret);
    const change = this.#tracker.track({
      envelopeId: envelope.id,
      ref: request.ref,
      recipient: request.recipient,
      recipientKey: sealed.recipientKey,
      commitment: envelope.commitment,
      expiry,
    });
    const actions: RelayAction[] = [{ type: 'outgoing', change }, ...this.#spread(envelope.id, now)];
    return { status: 'queued', envelopeId: envelope.id, actions };
  }

  /**
   * Our envelope `envelopeId` is not needed any more (its message reached the recipient
   * directly): reveal its receipt secret so holders delete their copies, and stop tracking it.
   */
  withdraw(envelopeId: Uint8Array): RelayAction[] {
    const secret = this.#receiptSecrets.get(hex(envelopeId));
    this.#tracker.forget(envelopeId);
    this.#receiptSecrets.delete(hex(envelopeId));
    if (secret === undefined) return [];
    const outcome = this.#holder.release(
      envelopeId,
      { kind: 'withdrawal', withdrawal: { id: envelopeId, secret } },
      undefined,
    );
    return outcome.status === 'released' ? this.#passRelease(outcome.record) : [];
  }

  /** A relay message arrived from `from`. Never throws for anything a peer can send. */
  receive(from: OnionAddress, message: RelayMessage, now: number): RelayAction[] {
    if (!this.#friends.has(from)) return refuseStranger(from, message);
    switch (message.type) {
      case 'relay-offer':
        return this.#onOffer(from, message.entries, now);
      case 'relay-answer':
        return this.#onAnswer(from, message.verdicts);
      case 'relay-envelope':
        return this.#onEnvelope(from, message.envelope, now);
      case 'relay-stored':
        return this.#onStored(from, message.verdicts);
      case 'relay-receipt':
        if (!this.#rates.take(from, 'release', now)) return [];
        return this.#onRelease(from, message.receipt.id, { kind: 'receipt', receipt: message.receipt });
      case 'relay-withdraw':
        if (!this.#rates.take(from, 'release', now)) return [];
        return this.#onRelease(from, message.withdrawal.id, { kind: 'withdrawal', withdrawal: message.withdrawal });
      case 'relay-dropped':
        if (!this.#rates.take(from, 'release', now)) return [];
        return this.#afterPeerResult(
          message.notice.id,
          from,
          this.#holder.onDropped(message.notice.id, from, message.notice.reason),
        );
    }
  }

  /** Drops expired copies and forgets old ids; reports our own envelopes that expired undelivered. */
  sweep(now: number): RelayAction[] {
    const nowS = seconds(now);
    const actions: RelayAction[] = [];
    for (const record of this.#holder.sweep(nowS)) {
      const change = this.#tracker.expired(record.id);
      if (change !== undefined) actions.push({ type: 'outgoing', change });
    }
    const skew = this.#holder.limits.clockSkewS;
    this.#inbox.sweep(nowS, skew);
    this.#tracker.sweep(nowS, skew);
    for (const key of this.#receiptSecrets.keys()) {
      if (this.#holder.get(fromHex(key)) !== undefined) continue;
      this.#receiptSecrets.delete(key);
      this.#tracker.touch(fromHex(key));
    }
    return actions;
  }

  /** The state of our outgoing envelope `envelopeId`, if tracked. */
  outgoing(envelopeId: Uint8Array): OutgoingState | undefined {
    return this.#tracker.get(envelopeId)?.state;
  }

  /** A snapshot of what the relay holds and sends. */
  status(): RelayStatus {
    return relayStatus(this.#holder, this.#inbox.size, this.#tracker);
  }

  #parts(): RelayStateParts {
    return { holder: this.#holder, inbox: this.#inbox, tracker: this.#tracker, receiptSecrets: this.#receiptSecrets };
  }

  #onOffer(from: OnionAddress, entries: readonly OfferEntry[], now: number): RelayAction[] {
    const nowS = seconds(now);
    const actions: RelayAction[] = [];
    const verdicts: VerdictEntry<AnswerVerdict>[] = [];
    for (const entry of entries) {
      let verdict: AnswerVerdict;
      if (this.#recipient.isForUs(entry.tag, entry.expiry, nowS, this.#holder.limits)) {
        verdict = this.#recipient.considerOffer(from, entry, nowS, this.#holder.limits, actions);
      } else {
        verdict = this.#holder.consider(entry, from, nowS);
        if (verdict === 'delivered') actions.push(...this.#releaseTo(entry.id, from));
      }
      verdicts.push({ id: entry.id, verdict });
    }
    return [...answers(from, verdicts), ...actions];
  }

  #onAnswer(from: OnionAddress, verdicts: readonly VerdictEntry<AnswerVerdict>[]): RelayAction[] {
    const actions: RelayAction[] = [];
    for (const { id, verdict } of verdicts) {
      const result = this.#holder.onAnswer(id, from, verdict);
      if (result.type === 'send') actions.push(send(from, { type: 'relay-envelope', envelope: result.copy }));
      else actions.push(...this.#afterPeerResult(id, from, result));
    }
    return actions;
  }

  #onEnvelope(from: OnionAddress, envelope: RelayEnvelope, now: number): RelayAction[] {
    const nowS = seconds(now);
    if (!this.#rates.take(from, 'envelope', now)) return [stored(from, envelope.id, 'rate-limited')];
    if (this.#recipient.isForUs(envelope.tag, envelope.expiry, nowS, this.#holder.limits))
      return this.#recipient.receive(from, envelope, nowS, this.#holder.limits);
    const outcome = this.#holder.accept(envelope, from, nowS);
    switch (outcome.status) {
      case 'accepted':
        return [
          stored(from, envelope.id, 'accepted'),
          ...this.#notices(outcome.dropped),
          ...this.#spread(envelope.id, now),
        ];
      case 'duplicate':
        return [stored(from, envelope.id, 'duplicate')];
      case 'delivered':
        return [stored(from, envelope.id, 'delivered'), ...this.#releaseTo(envelope.id, from)];
      case 'refused':
        log.debug('refused an envelope', {
          peer: sensitive(from),
          reason: outcome.reason,
          bytes: envelopeWireBytes(envelope),
        });
        return [stored(from, envelope.id, outcome.reason)];
    }
  }

  #onStored(from: OnionAddress, verdicts: readonly VerdictEntry<StoredVerdict>[]): RelayAction[] {
    const actions: RelayAction[] = [];
    for (const { id, verdict } of verdicts)
      actions.push(...this.#afterPeerResult(id, from, this.#holder.onStored(id, from, verdict)));
    return actions;
  }

  #afterPeerResult(id: Uint8Array, from: OnionAddress, result: PeerResult): RelayAction[] {
    const actions: RelayAction[] = [];
    const report = (change: OutgoingChange | undefined): void => {
      if (change !== undefined) actions.push({ type: 'outgoing', change });
    };
    switch (result.type) {
      case 'holder-added':
        if (result.own) report(this.#tracker.holderAdded(id, from));
        break;
      case 'holder-removed':
        if (result.own) report(this.#tracker.holderDropped(id, from, result.reason));
        if (result.drop !== undefined) actions.push(...this.#notices([result.drop]));
        break;
      case 'rejected':
        if (result.own) report(this.#tracker.rejected(id));
        if (result.drop !== undefined) actions.push(...this.#notices([result.drop]));
        break;
      case 'send':
      case 'none':
        break;
    }
    return actions;
  }

  #onRelease(from: OnionAddress, id: Uint8Array, release: Release): RelayAction[] {
    const outcome = this.#holder.release(id, release, from);
    if (outcome.status !== 'released') return [];
    const actions: RelayAction[] = [];
    if (outcome.own && release.kind === 'receipt') {
      const change = this.#tracker.receipt(release.receipt, this.#identity);
      if (change !== undefined) actions.push({ type: 'outgoing', change });
      this.#receiptSecrets.delete(hex(id));
      this.#tracker.touch(id);
    }
    actions.push(...this.#passRelease(outcome.record));
    return actions;
  }

  /** Sends a release to every connected friend that saw the id and lacks it; the rest get it when they connect. */
  #passRelease(record: TrackedEnvelope): RelayAction[] {
    const actions: RelayAction[] = [];
    for (const friend of this.#connected) {
      const release = this.#holder.releaseFor(record, friend);
      if (release !== undefined) actions.push(send(friend, releaseMessage(release)));
    }
    return actions;
  }

  #releaseTo(id: Uint8Array, friend: OnionAddress): RelayAction[] {
    const record = this.#holder.get(id);
    const release = record === undefined ? undefined : this.#holder.releaseFor(record, friend);
    return release === undefined ? [] : [send(friend, releaseMessage(release))];
  }

  /** Offers a freshly kept envelope to every connected friend it should go to. */
  #spread(id: Uint8Array, now: number): RelayAction[] {
    const record = this.#holder.get(id);
    if (record === undefined) return [];
    const actions: RelayAction[] = [];
    for (const { friend, hops } of this.#holder.targetsOf(record, this.#connected, seconds(now)))
      actions.push(...this.#offer(friend, [{ record, hops }]));
    return actions;
  }

  #offer(
    friend: OnionAddress,
    handOffs: readonly { readonly record: TrackedEnvelope; readonly hops: number }[],
  ): RelayAction[] {
    const entries: OfferEntry[] = handOffs.map(({ record, hops }) => {
      this.#holder.markOffered(record, friend);
      return { id: record.id, tag: record.tag, expiry: record.expiry, hops, size: record.size };
    });
    return offers(friend, entries);
  }

  /** Dropped notices to the connected friends an event owes one; the others get theirs when they connect. */
  #notices(events: readonly DropEvent[]): RelayAction[] {
    const actions: RelayAction[] = [];
    for (const { record } of events) {
      for (const friend of this.#connected) {
        const reason = this.#holder.takeDropNotice(record, friend);
        if (reason !== undefined)
          actions.push(send(friend, { type: 'relay-dropped', notice: { id: record.id, reason } }));
      }
    }
    return actions;
  }
}
