/**
 * Group chat in the node: the pure group service (src/groups/ `GroupEngine`) wired
 * to friend sessions, the encrypted store and the front ends.
 *
 * - Sessions: group traffic travels only over friend sessions (F2F). When a friend comes
 *   online the engine syncs every group we share with them (high-water marks, then what each
 *   lacks), and resends invitations and answers still open; what arrives is verified,
 *   stored, shown and forwarded by the engine's rules (forwarding.ts).
 * - Store: every call's effects are written in one transaction *before* anything is sent or
 *   shown, so we never forward or display what a crash could lose. On start every stored
 *   group is rebuilt from its op and message bytes, checked again; invitations too.
 * - Peers: an item refused as a forgery or a breach of the group's rules ('drop-peer') closes
 *   that friend's session after the valid items of the batch are kept; over-the-limit and
 *   out-of-date items are dropped quietly (sync fetches them later).
 * - Relay: `connectRelay` gives the relay its {@link RelayGroupBridge}: only
 *   members may have group items relayed to us, and what arrives is taken in as a one-item
 *   `group-items` batch from its author (duplicates of what sync brought are dropped by id).
 *   Items we author wait for members who stay offline and are sealed to them
 *   (groups/feature/relay-seals.ts).
 * - Front ends: views and events are built in groups/feature/publish.ts, and what a user typed
 *   is resolved to a group, invitation, member or friend in groups/feature/lookups.ts.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import { BurrowError } from '../../errors.js';
import {
  fromHexId,
  GroupEngine,
  itemAudience,
  toHexId,
  type GroupEffects,
  type GroupRateLimits,
  type GroupReplica,
  type HexId,
} from '../index.js';
import { logger, sensitive } from '../../log.js';
import { GROUP_WIRE_KINDS, type GroupWireMessage } from '../../protocol/groups/index.js';
import type { HistoryOptions, SearchOptions } from '../../node/api.js';
import { searchLimit, searchMatcher } from '../../lib/text-search.js';
import { historyPage, searchGroupHistories } from './group-search.js';
import type { GroupEntryView, GroupInviteView, GroupMessageView, GroupsApi, GroupView } from './api.js';
import { nodeInvariantBroken, nodeStopped } from '../../node/errors.js';
import type { FeatureContext, FeatureMessage, NodeFeature } from '../../node/feature.js';
import { CheckpointKeeper } from './checkpoints.js';
import { GroupLifecycle } from './group-lifecycle.js';
import { fromInviteRow, toInviteRow } from './invite-rows.js';
import { findFriend, findGroup, findInvite, findMember, replicaOf } from './lookups.js';
import { GroupPublisher } from './publish.js';
import { messageView } from './views.js';
import { GroupRelaySeals, type GroupItemSealer } from './relay-seals.js';
import type { RelayedGroupItem, RelayGroupBridge } from '../../relay/feature/ports.js';

const log = logger('groups');

export { DEFAULT_GROUP_HISTORY_LIMIT, MAX_GROUP_HISTORY_LIMIT } from './group-search.js';

/** Options of a {@link GroupsFeature}. */
export interface GroupsFeatureOptions {
  /** Flood limits per member and overall (groups/limits.ts has the defaults). */
  readonly limits?: GroupRateLimits;
}

function isGroupWireMessage(message: FeatureMessage): message is GroupWireMessage {
  return 'kind' in message && Object.hasOwn(GROUP_WIRE_KINDS, message.kind);
}

/**
 * The groups feature: a {@link NodeFeature} for the 'group' block and the {@link GroupsApi}.
 *
 * @example
 * ```ts
 * const groups = new GroupsFeature(context);
 * const group = await groups.create('climbers');
 * await groups.invite(group.id, friendOnion);
 * ```
 */
export class GroupsFeature implements NodeFeature, GroupsApi {
  readonly block = 'group' as const;
  readonly #context: FeatureContext;
  readonly #engine: GroupEngine;
  readonly #checkpoints = new CheckpointKeeper(() => this.#context.store.groups);
  readonly #publisher: GroupPublisher;
  readonly lifecycle: GroupLifecycle;
  #invitesVersion: number;
  #friendsSignature = '';
  #seals: GroupRelaySeals | undefined;
  #stopped = false;

  constructor(context: FeatureContext, options: GroupsFeatureOptions = {}) {
    this.#context = context;
    this.#engine = new GroupEngine({
      identity: context.identity,
      isFriend: (peer) => context.isFriend(peer),
      now: context.now(),
      random: context.random,
      ...(options.limits === undefined ? {} : { limits: options.limits }),
    });
    this.#publisher = new GroupPublisher(context, this.#engine);
    this.lifecycle = new GroupLifecycle(context, this.#engine, this.#publisher, (effects) => this.#apply(effects));
    this.#load();
    this.lifecycle.settle();
    this.#invitesVersion = this.#engine.invitesVersion;
    this.#friendsSignature = this.#friendsNow();
  }

  // ---- NodeFeature ----

  receive(peer: OnionAddress, message: FeatureMessage): void {
    if (!isGroupWireMessage(message))
      throw nodeInvariantBroken('a message of another block reached the groups feature');
    if (this.#stopped) return;
    const effects = this.#engine.receive(peer, message, this.#context.now());
    this.#apply(effects);
    // The valid part of the batch is kept; a forgery or a breach of the rules ends the session.
    const fatal = effects.events.find(
      (event) => event.type === 'refused' && event.peer === peer && event.error.action === 'drop-peer',
    );
    if (fatal?.type === 'refused') throw fatal.error;
  }

  friendOnline(peer: OnionAddress): void {
    if (this.#stopped) return;
    this.#seals?.online(peer);
    this.#apply(this.#engine.peerConnected(peer, this.#context.now()));
  }

  friendOffline(peer: OnionAddress): void {
    this.#engine.peerDisconnected(peer);
    if (!this.#stopped) this.#seals?.offline(peer);
  }

  friendsChanged(): void {
    // Members shown as friends (or not) change with the friend list.
    const signature = this.#friendsNow();
    if (signature === this.#friendsSignature || this.#stopped) return;
    this.#friendsSignature = signature;
    for (const groupId of this.#engine.groupIds()) this.#publisher.emitGroup(groupId);
  }

  stop(): void {
    this.#stopped = true;
    this.#seals?.stop();
    this.lifecycle.stop();
  }

  // ---- other services ----

  /**
   * The members of a group we are in (by its full hex id, ourselves included), or undefined if
   * we are not a member. Synchronous, for a service that asks on every request (file sharing's
   * serving rule, files/feature/access.ts `FileGroupAccess`).
   */
  members(groupIdHex: string): readonly OnionAddress[] | undefined {
    const replica = this.#engine.replica(groupIdHex);
    return replica?.isMember === true ? [...replica.state.members.keys()] : undefined;
  }

  // ---- the relay ----

  /**
   * Connects the relay (call once, before sessions start): returns the bridge for
   * RelayFeature `connectGroups`; from now on items we author are sealed with `sealer` to
   * members offline longer than `graceMs` (node-timing.ts `relayGraceMs`).
   */
  connectRelay(sealer: GroupItemSealer, graceMs: number): RelayGroupBridge {
    if (this.#seals !== undefined) throw nodeInvariantBroken('the relay was connected to the groups feature twice');
    const context = this.#context;
    this.#seals = new GroupRelaySeals({
      sealer,
      graceMs,
      now: () => context.now(),
      self: context.self,
      isFriend: (peer) => context.isFriend(peer),
    });
    return {
      mayRelay: (sender, groupId) => {
        // Creating a group is never relayed: a group reaches us through an invitation.
        const replica = groupId === undefined ? undefined : this.#engine.replica(toHexId(groupId));
        return replica?.isMember === true && replica.state.members.has(sender);
      },
      relaySenders: () => this.#engine.groupIds().flatMap((groupId) => this.members(groupId) ?? []),
      deliver: (sender, item) => this.#deliverRelayed(sender, item),
    };
  }

  /** A relayed group item from its author `sender`: a one-item batch, as if `sender` had sent it. */
  #deliverRelayed(sender: OnionAddress, item: RelayedGroupItem): void {
    if (this.#stopped) return;
    const groupId = item.kind === 'group-op' ? item.op.body.groupId : item.message.header.groupId;
    if (groupId === undefined)
      throw nodeInvariantBroken('a relayed group op without a group passed the relay’s sender check');
    const batch: GroupWireMessage = {
      kind: 'group-items',
      groupId,
      more: false,
      items: [item.kind === 'group-op' ? { type: 'op', op: item.op } : { type: 'message', message: item.message }],
    };
    const effects = this.#engine.receive(sender, batch, this.#context.now());
    this.#apply(effects);
    // No session to close (the author is not who carried it): the refusal is logged by #publish.
  }

  /** Queues the items we authored in `effects` for members who stay offline. */
  #sealForAbsent(effects: GroupEffects): void {
    const seals = this.#seals;
    if (seals === undefined) return;
    const self = this.#context.self;
    const connected = new Set(this.#context.onlineFriends());
    for (const change of effects.changes) {
      // Not only while a member: our own leave op must reach the members too.
      const replica = this.#engine.replica(change.groupId);
      if (replica === undefined) continue;
      const own = [
        ...change.ops.filter((op) => op.author === self),
        ...change.messages.filter((message) => message.sender === self),
      ];
      for (const item of own)
        seals.created(change.groupId, item, itemAudience(item, replica.state, replica.log), connected);
    }
  }

  // ---- GroupsApi ----

  list(): Promise<GroupView[]> {
    return this.#command(() =>
      this.#engine
        .groupIds()
        .map((groupId) => this.#publisher.group(groupId))
        .sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1)),
    );
  }

  get(group: string): Promise<GroupView> {
    return this.#command(() => this.#publisher.group(this.#groupId(group)));
  }

  create(name: string): Promise<GroupView> {
    return this.#command(() => {
      const { groupId, effects } = this.#engine.createGroup(trimmed(name), this.#displayName(), this.#context.now());
      this.#apply(effects);
      return this.#publisher.group(groupId);
    });
  }

  invite(group: string, onion: string): Promise<GroupView> {
    return this.#command(() => {
      const groupId = this.#groupId(group);
      this.#apply(this.#engine.invite(groupId, findFriend(this.#context.friends(), onion), this.#context.now()));
      this.#publisher.emitGroup(groupId);
      return this.#publisher.group(groupId);
    });
  }

  invitations(): Promise<GroupInviteView[]> {
    return this.#command(() =>
      this.#engine.invitations(this.#context.now()).map((invite) => this.#publisher.invite(invite)),
    );
  }

  accept(invite: string): Promise<GroupInviteView> {
    return this.#command(() => {
      const found = findInvite(this.#engine, invite, this.#context.now());
      this.#apply(this.#engine.acceptInvite(found.inviteId, this.#displayName(), this.#context.now()));
      this.#context.emit({ type: 'group-invite-answered', id: found.inviteId, accepted: true });
      return this.#publisher.invite(found);
    });
  }

  decline(invite: string): Promise<void> {
    return this.#command(() => {
      const found = findInvite(this.#engine, invite, this.#context.now());
      this.#apply(this.#engine.declineInvite(found.inviteId, this.#context.now()));
      this.#context.emit({ type: 'group-invite-answered', id: found.inviteId, accepted: false });
    });
  }

  leave(group: string): Promise<GroupView> {
    return this.#change(group, (groupId, now) => this.#engine.leave(groupId, now));
  }

  remove(group: string, member: string): Promise<GroupView> {
    return this.#change(group, (groupId, now) =>
      this.#engine.removeMember(groupId, findMember(this.#replica(groupId), member), now),
    );
  }

  addAdmin(group: string, member: string): Promise<GroupView> {
    return this.#change(group, (groupId, now) =>
      this.#engine.addAdmin(groupId, findMember(this.#replica(groupId), member), now),
    );
  }

  rename(group: string, name: string): Promise<GroupView> {
    return this.#change(group, (groupId, now) => this.#engine.rename(groupId, trimmed(name), now));
  }

  send(group: string, text: string, options: { readonly replyTo?: string } = {}): Promise<GroupMessageView> {
    return this.#command(() => {
      const groupId = this.#groupId(group);
      const reply = options.replyTo === undefined ? undefined : this.lifecycle.replyTo(groupId, options.replyTo);
      const effects = this.#engine.post(groupId, text, this.#context.now(), reply);
      this.#apply(effects);
      const own = effects.changes
        .flatMap((change) => change.messages)
        .filter((message) => message.sender === this.#context.self)
        .at(-1);
      if (own === undefined) throw nodeInvariantBroken('a group post made no message');
      return messageView(own, this.#replica(groupId), this.#publisher.views);
    });
  }

  history(group: string, options: HistoryOptions = {}): Promise<GroupEntryView[]> {
    return this.#command(() => historyPage(this.#replica(this.#groupId(group)), options, this.#publisher.views));
  }

  search(text: string, options: SearchOptions = {}): Promise<GroupMessageView[]> {
    return this.#command(() => {
      const [matches, limit] = [searchMatcher(text), searchLimit(options.limit)];
      const ids = options.conversation === undefined ? this.#engine.groupIds() : [this.#groupId(options.conversation)];
      return searchGroupHistories(this.#engine, ids, matches, limit, this.#publisher.views);
    });
  }

  markRead(group: string): Promise<void> {
    return this.#command(() => {
      const groupId = this.#groupId(group);
      const store = this.#context.store;
      if (store.transaction(() => store.groups.markRead(fromHexId(groupId), this.#context.now()))) {
        this.#publisher.emitGroup(groupId);
        this.lifecycle.read();
      }
    });
  }

  // ---- effects ----

  /** Stores, then sends, then tells the front ends: in that order (see the module comment). */
  #apply(effects: GroupEffects): void {
    const store = this.#context.store;
    const now = this.#context.now();
    const version = this.#engine.invitesVersion;
    if (effects.changes.length > 0 || version !== this.#invitesVersion) {
      store.transaction(() => {
        for (const change of effects.changes) {
          const groupId = fromHexId(change.groupId);
          store.groups.insertGroup(groupId, now);
          for (const op of change.ops) store.groups.insertOp(groupId, op.idBytes, op.encoded());
          const replica = change.ops.length > 0 ? this.#engine.replica(change.groupId) : undefined;
          if (replica !== undefined) this.#checkpoints.afterOps(change.groupId, replica.log);
          for (const message of change.messages) {
            store.groups.insertMessage({
              groupId,
              messageId: fromHexId(message.id),
              sender: message.sender,
              body: message.encoded(),
              receivedAt: now,
            });
          }
          for (const message of change.retracted) store.groups.deleteMessage(fromHexId(message.id));
        }
        if (version !== this.#invitesVersion)
          store.groups.replaceInvites(this.#engine.inviteRecords().map(toInviteRow));
      });
      this.#invitesVersion = version;
    }
    for (const { to, message } of effects.send) this.#send(to, message);
    this.#sealForAbsent(effects);
    this.lifecycle.settle(effects);
    this.#publisher.publish(effects);
  }

  #send(peer: OnionAddress, message: GroupWireMessage): void {
    // Sends on one session are written in call order; a lost send is made good by the next sync.
    const sending = this.#context.send(peer, 'group', message).then(
      (sent) => {
        if (!sent)
          log.debug('group message not sent: the friend went offline', { peer: sensitive(peer), kind: message.kind });
      },
      (error: unknown) =>
        log.debug('group message not sent: the session closed', { peer: sensitive(peer), kind: message.kind, error }),
    );
    this.#context.track(sending);
  }

  // ---- lookups ----

  #load(): void {
    const repository = this.#context.store.groups;
    for (const id of repository.groupIds()) {
      try {
        const groupId = toHexId(id);
        const { ops, stored } = this.#checkpoints.load(groupId, (reason) =>
          log.warn('a stored group checkpoint was ignored: the group is loaded from all its ops', { reason }),
        );
        this.#engine.restoreGroup(groupId, ops, repository.messages(id), stored);
      } catch (error) {
        if (!(error instanceof BurrowError)) throw error;
        log.error('a stored group could not be loaded; it is left out', { error });
      }
    }
    this.#engine.restoreInvites(repository.invites().flatMap(fromInviteRow));
  }

  #replica(groupId: HexId): GroupReplica {
    return replicaOf(this.#engine, groupId);
  }

  #groupId(reference: string): HexId {
    return findGroup(this.#engine, reference);
  }

  #displayName(): string {
    return this.#context.store.identity.get().displayName;
  }

  #friendsNow(): string {
    return this.#context.friends().sort().join(',');
  }

  // ---- commands ----

  #change(group: string, run: (groupId: HexId, now: number) => GroupEffects): Promise<GroupView> {
    return this.#command(() => {
      const groupId = this.#groupId(group);
      this.#apply(run(groupId, this.#context.now()));
      return this.#publisher.group(groupId);
    });
  }

  /** Runs a synchronous command body; its typed errors reject the promise. */
  #command<T>(body: () => T): Promise<T> {
    try {
      if (this.#stopped) throw nodeStopped();
      return Promise.resolve(body());
    } catch (error) {
      return Promise.reject(
        error instanceof Error ? error : nodeInvariantBroken(`a group command threw a non-error: ${String(error)}`),
      );
    }
  }
}

/** A name the user typed, without surrounding spaces (a name of spaces alone is empty). */
function trimmed(name: string): string {
  return typeof name === 'string' ? name.trim() : name;
}
