/**
 * The group service for one node, pure: every group it holds, the invitations, who is
 * connected, flood control and forwarding. The node (src/node/) feeds it what happens — a peer
 * connected or left, a group message arrived, the user gave a command — with the time, and
 * carries out the {@link GroupEffects} it returns: write `changes` to the store (in one
 * transaction per call), send `send` over the sessions, publish `events`. It never touches a
 * socket, a disk or a clock.
 *
 * Protocol, per shared group (sync.ts, forwarding.ts):
 * - on connect, both sides send a summary; each answers the other's with what it lacks;
 * - a new item (ours or a peer's) goes to every connected member who should get it, except
 *   whoever it came from or is known to hold it; receivers do the same with what is new to them;
 * - an item that waits for a missing op makes us ask its sender for that op; a summary naming
 *   heads we do not know makes us ask for them (that is how we learn of a member just added);
 * - a batch marked `more` makes us send a fresh summary once it is taken in.
 * Only members get summaries and answers: a removed member learns of their removal (the op is
 * forwarded to them) and nothing after it.
 *
 * Parts: what a call returns (group-effects.ts), how items travel (item-traffic.ts), what an
 * outcome changed in our standing (standing.ts), and the views for tests and tools (group-view.ts).
 */
import type { IdentityKeyPair } from '../crypto/identity.js';
import type { OnionAddress } from '../crypto/onion-address.js';
import { secureRandom, type RandomSource } from '../crypto/random.js';
import { BurrowError } from '../errors.js';
import { decodeGroupMessage } from '../protocol/groups/group-message-codec.js';
import type { ChatAction } from '../protocol/chat/chat-action.js';
import type { UnverifiedGroupOp } from '../protocol/groups/group-op-codec.js';
import type { GroupWireMessage } from '../protocol/groups/group-wire.js';
import type { GroupItemsBody, GroupSyncSummaryBody } from '../protocol/groups/sync-codec.js';
import {
  groupMessageRefused,
  invalidGroupCommand,
  noSuchGroup,
  notGroupAdmin,
  notGroupMember,
  unknownGroup,
  UnknownGroupInviteError,
} from './errors.js';
import { namedLastMessages } from './departure-chain.js';
import { EffectsBuilder, settleMessages, type GroupEffects } from './group-effects.js';
import { groupMessageId, hasValidGroupMessageSignature, restoreRedactedMessage } from './group-message.js';
import { isRedactedRecord } from './redacted-record.js';
import { groupOpId } from './group-op.js';
import { decodeAll, loadMembershipLog, type StoredCheckpoint } from './log-load.js';
import { GroupReplica, mergeOutcomes, refusedOutcome, type ReplicaOutcome } from './group-replica.js';
import { groupViewOf, timelineOf, type GroupView, type TimelineEntry } from './group-view.js';
import { toHexId, type HexId } from './ids.js';
import { InviteBook, type IncomingInvite, type InviteRecord } from './invites.js';
import { MAX_BATCHES_PER_SYNC_ANSWER } from './limits.js';
import { ItemTraffic } from './item-traffic.js';
import { GroupFloodGuard, type GroupRateLimits } from './rate-limit.js';
import { NOT_JOINED, standingEvent, standingOf, type Standing } from './standing.js';
import { buildSyncSummary, itemsLacking } from './sync.js';

/** What a {@link GroupEngine} needs. */
export interface GroupEngineOptions {
  readonly identity: IdentityKeyPair;
  /** Whether `peer` is a friend now (the contacts service). */
  readonly isFriend: (peer: OnionAddress) => boolean;
  /** Unix ms at construction (starts the rate buckets). */
  readonly now: number;
  readonly random?: RandomSource;
  readonly limits?: GroupRateLimits;
}

/**
 * The group service of one node.
 *
 * @example
 * ```ts
 * const groups = new GroupEngine({ identity, isFriend: (peer) => contacts.standing(peer) === 'friend', now: Date.now() });
 * const { groupId, effects } = groups.createGroup('climbers', 'ada', Date.now());
 * apply(effects);
 * ```
 */
export class GroupEngine {
  readonly #identity: IdentityKeyPair;
  readonly #random: RandomSource;
  readonly #isFriend: (peer: OnionAddress) => boolean;
  readonly #replicas = new Map<HexId, GroupReplica>();
  readonly #connected = new Set<OnionAddress>();
  readonly #invites: InviteBook;
  readonly #traffic: ItemTraffic;
  readonly #guard: GroupFloodGuard;

  constructor(options: GroupEngineOptions) {
    this.#identity = options.identity;
    this.#random = options.random ?? secureRandom;
    this.#isFriend = options.isFriend;
    this.#invites = new InviteBook(this.#random);
    this.#guard = new GroupFloodGuard(options.now, options.limits);
    this.#traffic = new ItemTraffic(this.self, this.#connected);
  }

  /** Our onion address. */
  get self(): OnionAddress {
    return this.#identity.onionAddress;
  }

  /**
   * Loads a group from our own store (`encoded()` bytes): checked again, but not the ops'
   * signatures nor, with a `stored` checkpoint that fits, the ops below its cut (`ops` are then
   * the rows stored after it; log-load.ts); bad rows are skipped. Throws like
   * `GroupReplica.restore` if the create op is missing or bad.
   */
  restoreGroup(groupId: HexId, ops: readonly Uint8Array[], messages: readonly Uint8Array[], stored?: StoredCheckpoint) {
    const log = loadMembershipLog(groupId, ops, stored);
    const [redacted, whole] = [messages.filter(isRedactedRecord), messages.filter((row) => !isRedactedRecord(row))];
    const replica = GroupReplica.fromLog(
      this.#options(),
      log,
      decodeAll(whole, decodeGroupMessage),
      decodeAll(redacted, restoreRedactedMessage),
    );
    this.#replicas.set(groupId, replica);
  }

  /** Ids of every group held (including those we left). */
  groupIds(): HexId[] {
    return [...this.#replicas.keys()].sort();
  }

  /** The replica of a group (read-only use). */
  replica(groupId: HexId): GroupReplica | undefined {
    return this.#replicas.get(groupId);
  }

  /** A group as a front end lists it. Throws 'NoSuchGroupError' ({@link noSuchGroup}). */
  view(groupId: HexId): GroupView {
    return groupViewOf(this.#require(groupId), this.#reader());
  }

  /** The group's messages in display order. Throws 'NoSuchGroupError' ({@link noSuchGroup}). */
  timeline(groupId: HexId): TimelineEntry[] {
    return timelineOf(this.#require(groupId), this.#reader());
  }

  /** Invitations waiting for our answer. */
  invitations(now: number): IncomingInvite[] {
    return this.#invites.incoming(now);
  }

  /** Grows whenever the invitations change: the node then stores {@link inviteRecords} again. */
  get invitesVersion(): number {
    return this.#invites.version;
  }

  /** The invitations, sent, received, accepted and answered, as the node stores them. */
  inviteRecords(): InviteRecord[] {
    return this.#invites.records();
  }

  /** Loads stored invitations (at start, before any peer connects). */
  restoreInvites(records: readonly InviteRecord[]): void {
    this.#invites.restore(records);
  }

  /** A session with `peer` opened: sync every group we share, and resend unanswered invitations and answers. */
  peerConnected(peer: OnionAddress, now: number): GroupEffects {
    this.#connected.add(peer);
    const effects = new EffectsBuilder();
    for (const replica of this.#replicas.values()) {
      if (replica.isMember && replica.state.members.has(peer))
        effects.send.push({ to: peer, message: { kind: 'group-sync-summary', ...buildSyncSummary(replica) } });
    }
    for (const invite of this.#invites.outgoingTo(peer, now))
      effects.send.push({ to: peer, message: { kind: 'group-invite', ...invite } });
    for (const answer of this.#invites.answersTo(peer, now))
      effects.send.push({ to: peer, message: { kind: 'group-invite-accept', ...answer } });
    return effects.finish();
  }

  /** The session with `peer` closed. */
  peerDisconnected(peer: OnionAddress): void {
    this.#connected.delete(peer);
    this.#traffic.disconnected(peer);
  }

  /** A group message arrived from `peer` (already decoded; the session proved who `peer` is). */
  receive(peer: OnionAddress, message: GroupWireMessage, now: number): GroupEffects {
    const effects = new EffectsBuilder();
    try {
      switch (message.kind) {
        case 'group-invite': {
          const groupId = toHexId(message.groupId);
          if (this.#replicas.get(groupId)?.isMember === true) break;
          const invite = this.#invites.receive(peer, this.#isFriend(peer), message, now);
          if (invite !== undefined) effects.events.push({ type: 'invite', invite });
          break;
        }
        case 'group-invite-accept':
          this.#onAccept(peer, message, now, effects);
          break;
        case 'group-invite-decline': {
          const invite = this.#invites.takeAnswer(peer, message, now);
          effects.events.push({ type: 'invite-declined', groupId: invite.groupId, peer });
          break;
        }
        case 'group-sync-summary':
          this.#onSummary(peer, message, now, effects);
          break;
        case 'group-sync-request': {
          const replica = this.#sharedWith(peer, toHexId(message.groupId));
          const ops = replica.opsByIds(message.opIds.map(toHexId));
          this.#traffic.send(peer, replica.groupId, ops, effects);
          break;
        }
        case 'group-items':
          this.#onItems(peer, message, now, effects);
          break;
      }
    } catch (error) {
      if (!(error instanceof BurrowError)) throw error;
      effects.refused('groupId' in message ? toHexId(message.groupId) : undefined, peer, error);
    }
    return effects.finish();
  }

  /** Creates a group with us as its only member and admin. */
  createGroup(
    name: string,
    displayName: string,
    now: number,
  ): { readonly groupId: HexId; readonly effects: GroupEffects } {
    const replica = GroupReplica.create(this.#options(), { name, displayName, now });
    this.#replicas.set(replica.groupId, replica);
    const effects = new EffectsBuilder();
    effects.change(replica.groupId).ops.push(...replica.log.ordered());
    return { groupId: replica.groupId, effects: effects.finish() };
  }

  /** Invites friend `peer` (sent now if they are connected, else when they connect). Admins only. */
  invite(groupId: HexId, peer: OnionAddress, now: number): GroupEffects {
    const replica = this.#require(groupId);
    if (!replica.isMember) throw notGroupMember();
    if (!replica.isAdmin) throw notGroupAdmin();
    if (!this.#isFriend(peer)) throw invalidGroupCommand('not-a-friend');
    if (replica.state.members.has(peer)) throw invalidGroupCommand('already-member');
    const body = this.#invites.create(
      { groupId, name: replica.state.name, memberCount: replica.state.members.size },
      peer,
      now,
    );
    const effects = new EffectsBuilder();
    if (this.#connected.has(peer)) effects.send.push({ to: peer, message: { kind: 'group-invite', ...body } });
    return effects.finish();
  }

  /** Accepts an invitation, announcing `displayName` to the group. */
  acceptInvite(inviteId: string, displayName: string, now: number): GroupEffects {
    const { to, answer } = this.#invites.accept(inviteId, displayName, now);
    const effects = new EffectsBuilder();
    if (this.#connected.has(to)) effects.send.push({ to, message: { kind: 'group-invite-accept', ...answer } });
    return effects.finish();
  }

  /** Declines an invitation. */
  declineInvite(inviteId: string, now: number): GroupEffects {
    const { to, answer } = this.#invites.decline(inviteId, now);
    const effects = new EffectsBuilder();
    if (this.#connected.has(to)) effects.send.push({ to, message: { kind: 'group-invite-decline', ...answer } });
    return effects.finish();
  }

  /** Posts `text` to the group. */
  post(groupId: HexId, text: string, now: number, action?: ChatAction): GroupEffects {
    return this.#command(groupId, (replica) => replica.post(text, now, action).outcome);
  }

  /** Removes `member` (admins only); the key rotates away from them. */
  removeMember(groupId: HexId, member: OnionAddress, now: number): GroupEffects {
    return this.#command(groupId, (replica) => replica.removeMember(member, now));
  }

  /** Leaves the group. */
  leave(groupId: HexId, now: number): GroupEffects {
    return this.#command(groupId, (replica) => replica.leave(now));
  }

  /** Makes `member` an admin (admins only). */
  addAdmin(groupId: HexId, member: OnionAddress, now: number): GroupEffects {
    return this.#command(groupId, (replica) => replica.addAdmin(member, now));
  }

  /** Renames the group (admins only). */
  rename(groupId: HexId, name: string, now: number): GroupEffects {
    return this.#command(groupId, (replica) => replica.rename(name, now));
  }

  #command(groupId: HexId, run: (replica: GroupReplica) => ReplicaOutcome): GroupEffects {
    const replica = this.#require(groupId);
    const effects = new EffectsBuilder();
    const before = standingOf(replica);
    this.#absorb(replica, run(replica), undefined, before, effects);
    return effects.finish();
  }

  #onAccept(
    peer: OnionAddress,
    answer: GroupWireMessage & { kind: 'group-invite-accept' },
    now: number,
    effects: EffectsBuilder,
  ): void {
    const groupId = toHexId(answer.groupId);
    let invite;
    try {
      invite = this.#invites.takeAnswer(peer, answer, now);
    } catch (error) {
      // A repeated accept: they are in, but the log may not have reached them. Send it again.
      const replica = this.#replicas.get(groupId);
      if (error instanceof UnknownGroupInviteError && replica?.isMember === true && replica.state.members.has(peer)) {
        this.#traffic.send(peer, groupId, replica.log.ordered(), effects);
        return;
      }
      throw error;
    }
    const replica = this.#require(invite.groupId);
    if (!replica.isAdmin) throw notGroupAdmin();
    if (replica.state.members.has(peer)) return;
    const before = standingOf(replica);
    const outcome = replica.addMember(peer, answer.displayName, now);
    // The new member gets the whole log first (so what follows finds the group there), and
    // with it the add op: it is not forwarded to them again.
    this.#traffic.send(peer, replica.groupId, replica.log.ordered(), effects);
    this.#absorb(replica, outcome, undefined, before, effects);
  }

  #onSummary(peer: OnionAddress, summary: GroupSyncSummaryBody, now: number, effects: EffectsBuilder): void {
    const groupId = toHexId(summary.groupId);
    const replica = this.#replicas.get(groupId);
    if (replica === undefined) throw unknownGroup();
    const unknownHeads = summary.heads.map(toHexId).filter((head) => !replica.log.has(head));
    if (unknownHeads.length > 0) {
      // They hold ops we lack: perhaps the one that made them a member.
      this.#traffic.request(peer, groupId, unknownHeads, now, effects);
    }
    if (!replica.isMember || !replica.state.members.has(peer)) return;
    this.#traffic.send(peer, groupId, itemsLacking(replica, peer, summary), effects, MAX_BATCHES_PER_SYNC_ANSWER);
  }

  #onItems(peer: OnionAddress, batch: GroupItemsBody, now: number, effects: EffectsBuilder): void {
    const groupId = toHexId(batch.groupId);
    this.#traffic.received(
      peer,
      batch.items.map((item) => (item.type === 'op' ? groupOpId(item.op) : groupMessageId(item.message))),
    );
    let replica = this.#replicas.get(groupId);
    let before: Standing;
    if (replica === undefined) {
      replica = this.#join(peer, groupId, batch, now, effects);
      before = NOT_JOINED;
    } else {
      before = standingOf(replica);
    }
    const admission = this.#guard.admission(groupId, now, (member, limit) =>
      effects.events.push({ type: 'throttled', groupId, member, limit }),
    );
    // Messages come only from current members (checked item by item: an op earlier in the batch
    // may be the one that made the peer a member). Ops are taken from anyone who shares them:
    // each is signed and checked against the log, and a peer who is not a member yet may hold
    // the very op that adds them.
    const outcomes = batch.items.map((item) => {
      if (item.type === 'op') return replica.receiveOp(item.op, admission);
      // (A copy we hold is a harmless duplicate, and a forgery is refused as such, whoever sends it.)
      const known = replica.messages.has(groupMessageId(item.message)) || !hasValidGroupMessageSignature(item.message);
      if (!known && !replica.state.members.has(peer)) return refusedOutcome(groupMessageRefused('not-from-member'));
      return replica.receiveMessage(item.message, admission);
    });
    // Later items may bring what earlier ones missed: ask only for what is still missing.
    const missing = outcomes.some((outcome) => outcome.missing.length > 0) ? replica.missing() : [];
    this.#absorb(replica, mergeOutcomes(outcomes), peer, before, effects);
    this.#traffic.request(peer, groupId, missing, now, effects);
    if (batch.more && replica.isMember)
      effects.send.push({ to: peer, message: { kind: 'group-sync-summary', ...buildSyncSummary(replica) } });
  }

  /** Items of a group we do not hold: only the log of a group we accepted an invitation to, from its inviter. */
  #join(peer: OnionAddress, groupId: HexId, batch: GroupItemsBody, now: number, effects: EffectsBuilder): GroupReplica {
    const join = this.#invites.pendingJoin(groupId, now);
    if (join === undefined || join.inviter !== peer) throw unknownGroup();
    const ops: UnverifiedGroupOp[] = batch.items.flatMap((item) => (item.type === 'op' ? [item.op] : []));
    const replica = GroupReplica.restore(this.#options(), groupId, ops);
    this.#replicas.set(groupId, replica);
    effects.change(groupId).ops.push(...replica.log.ordered());
    return replica;
  }

  /** Turns a replica outcome into effects: store, forward, ask for what is missing, tell front ends. */
  #absorb(
    replica: GroupReplica,
    outcome: ReplicaOutcome,
    from: OnionAddress | undefined,
    before: Standing,
    effects: EffectsBuilder,
  ): void {
    const groupId = replica.groupId;
    const change = effects.change(groupId);
    const { added, retracted } = settleMessages(outcome.messages, outcome.retracted, (id) => replica.messages.has(id));
    change.ops.push(...outcome.ops);
    change.messages.push(...added);
    change.retracted.push(...retracted);
    for (const error of outcome.refused) effects.refused(groupId, from, error);
    if (added.length > 0) effects.events.push({ type: 'messages', groupId, messages: added });
    if (retracted.length > 0)
      effects.events.push({ type: 'retracted', groupId, ids: retracted.map((message) => message.id) });
    const after = standingOf(replica);
    const event = standingEvent(groupId, before, after);
    if (event?.type === 'joined') this.#invites.forgetJoin(groupId);
    if (event !== undefined) effects.events.push(event);
    const named = namedLastMessages(outcome.ops, (id) => replica.messages.get(id)).filter((m) => !added.includes(m));
    this.#traffic.forward(replica, [...outcome.ops, ...added, ...named], from, effects);
    if (after.isMember) {
      // Members we are connected to who are new to us (or all of them, if we just joined): start syncing.
      for (const peer of this.#connected) {
        if (peer !== from && after.members.has(peer) && (!before.isMember || !before.members.has(peer))) {
          effects.send.push({ to: peer, message: { kind: 'group-sync-summary', ...buildSyncSummary(replica) } });
        }
      }
    }
  }

  #sharedWith(peer: OnionAddress, groupId: HexId): GroupReplica {
    const replica = this.#replicas.get(groupId);
    // A peer who is not a member gets nothing, not even a hint the group exists.
    if (replica === undefined || !replica.isMember || !replica.state.members.has(peer)) throw unknownGroup();
    return replica;
  }

  #require(groupId: HexId): GroupReplica {
    const replica = this.#replicas.get(groupId);
    if (replica === undefined) throw noSuchGroup();
    return replica;
  }

  #reader(): { readonly self: OnionAddress; isFriend(peer: OnionAddress): boolean } {
    return { self: this.self, isFriend: this.#isFriend };
  }

  #options(): { identity: IdentityKeyPair; random: RandomSource } {
    return { identity: this.#identity, random: this.#random };
  }
}
