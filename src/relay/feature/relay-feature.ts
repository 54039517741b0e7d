/**
 * Offline delivery through friends in the node (docs/ARCHITECTURE.md "Services/Relay"): the pure
 * relay engine (src/relay/ `RelayEngine`) wired to friend sessions, 1:1 chat, the encrypted
 * store and the front ends.
 *
 * - Chat: a message still unacknowledged once its friend has been offline for the grace period
 *   (lib/grace-timers.ts) is sealed to them and handed to every friend online; its view shows where
 *   it stands (waiting, held by n friends, delivered, dropped). The recipient's receipt
 *   acknowledges it as a direct ack would; a direct ack withdraws the sealed copy, so holders
 *   delete theirs. A relayed message is stored through chat's one receive path
 *   ({@link RelayChat} `deliver`, the chat feature's, linked in app/compose.ts), which dedupes
 *   by the chat message id across the direct and relayed paths.
 * - Store: after every engine call, what it delivered and how its state changed are written in
 *   one transaction, *before* anything is sent: the receipt that follows a delivery tells the
 *   sender "delivered", so the message must be on disk first. Held envelopes, provenance, the
 *   inbox and our own envelopes with their receipt secrets survive restarts that way.
 * - Sessions: relay messages go out per friend in order (relay-sender.ts); one that did not
 *   reach the friend is reported back to the engine, which owes it again.
 * - Preferences: `relay.maxEnvelopesPerFriend` / `relay.maxBytesPerFriend` (protected preferences,
 *   in the encrypted store) set the quotas.
 * - Groups: the group service plugs in through {@link RelayGroupBridge}
 *   (`connectGroups`): it says who may post to which group, takes relayed group items, and
 *   seals its own items for members who stay offline with `sealGroupItem`.
 */
import { formatMessageId, parseMessageId } from '../../protocol/chat/message-id.js';
import type { OnionAddress } from '../../crypto/onion-address.js';
import { BurrowError } from '../../errors.js';
import { logger, sensitive } from '../../log.js';
import type { RelayMessage } from '../../protocol/relay/relay-message-codec.js';
import { RELAY_MESSAGE_TYPES } from '../../protocol/relay/relay-message-codec.js';
import { RelayEngine, type RelayAction } from '../engine.js';
import { isEmptyChange, type RelayStateSnapshot } from '../engine-state.js';
import type { OutgoingChange } from '../outgoing-tracker.js';
import type { RelaySenderScope, VerifiedInnerMessage } from '../verify-inner.js';
import type { MessageView } from '../../chat/feature/api.js';
import type { MessageRelayView, RelayApi, RelayLimitsChange, RelayLimitsView, RelayStatusView } from './api.js';
import { runCommand } from '../../node/command.js';
import { nodeInvariantBroken } from '../../node/errors.js';
import type { FeatureContext, FeatureMessage, NodeFeature } from '../../node/feature.js';
import { GraceTimers } from '../../lib/grace-timers.js';
import type {
  QueuedChatMessage,
  RelayChat,
  RelayedGroupItem,
  RelayedWallContent,
  RelayGroupBridge,
  RelayWallBridge,
} from './ports.js';
import { RelaySender } from './relay-sender.js';
import { relayLimitsView, relayStatusView, relayViewOf, sameRelayView } from './views.js';
import { hex } from '../../lib/hex.js';
import { savedRelayLimits, saveRelayLimits } from './relay-limit-preferences.js';

const log = logger('relay-node');

/** Options of a {@link RelayFeature}. */
export interface RelayFeatureOptions {
  /** 1:1 chat (the relay stores and acknowledges chat messages through it). */
  readonly chat: RelayChat;
  /** How long a friend is offline before what waits for them is sealed (timing.ts). */
  readonly graceMs: number;
  /** How often expired envelopes are swept (timing.ts). */
  readonly sweepIntervalMs: number;
}

/** What the feature remembers about one of our sealed messages. */
interface Tracked {
  readonly envelopeId: Uint8Array;
  readonly recipient: OnionAddress;
  readonly view: MessageRelayView;
}

function isRelayMessage(message: FeatureMessage): message is RelayMessage {
  return 'type' in message && Object.hasOwn(RELAY_MESSAGE_TYPES, message.type);
}

/**
 * The relay feature: a {@link NodeFeature} for the 'relay' block, the {@link RelayApi}, and the
 * hooks 1:1 chat calls (`messageQueued`, `acknowledged`, `decorate`: chat's `OfflineDelivery`).
 *
 * @example
 * ```ts
 * const relay = new RelayFeature(context, { chat, graceMs: 30_000, sweepIntervalMs: 60_000 });
 * relay.messageQueued(message); // sealed for friends if its recipient stays offline
 * ```
 */
export class RelayFeature implements NodeFeature, RelayApi {
  readonly block = 'relay' as const;
  readonly #context: FeatureContext;
  readonly #chat: RelayChat;
  readonly #engine: RelayEngine;
  readonly #grace: GraceTimers<OnionAddress>;
  readonly #sweepIntervalMs: number;
  readonly #sweeper: NodeJS.Timeout;
  /** Our sealed messages by reference (the chat message id in hex). */
  readonly #tracked = new Map<string, Tracked>();
  readonly #sender: RelaySender;
  #groups: RelayGroupBridge | undefined;
  #walls: RelayWallBridge | undefined;
  #stopped = false;

  constructor(context: FeatureContext, options: RelayFeatureOptions) {
    this.#context = context;
    this.#sender = new RelaySender(context, (to, message, resend) =>
      this.#run(() => {
        this.#engine.undelivered(to, message);
        return resend ? this.#engine.owedTo(to) : [];
      }),
    );
    this.#chat = options.chat;
    this.#sweepIntervalMs = options.sweepIntervalMs;
    const state = this.#load();
    this.#engine = new RelayEngine({
      identity: context.identity,
      friends: context.friends(),
      senderPolicy: (sender, scope) => this.#maySend(sender, scope),
      // Relayed chat meets the sender's chat budget as a direct message does.
      admits: ({ sender, content }) => content.kind !== 'chat-message' || this.#chat.admits(sender, content.message),
      limits: savedRelayLimits(this.#context.store.preferences),
      random: context.random,
      state,
    });
    for (const { entry, state: outgoing } of state.outgoing) {
      this.#tracked.set(entry.ref, {
        envelopeId: entry.envelopeId,
        recipient: entry.recipient,
        view: relayViewOf(outgoing),
      });
    }
    this.#grace = new GraceTimers<OnionAddress>({
      graceMs: options.graceMs,
      now: () => context.now(),
      onDue: (peer) => this.#sealDue(peer),
    });
    // Whatever waited for friends when we stopped falls due a grace period after the start.
    for (const friend of context.friends()) {
      const oldest = this.#chat.pending(friend)[0];
      if (oldest !== undefined) this.#grace.schedule(friend, this.#grace.dueAt(friend, oldest.createdAt));
    }
    this.#sweeper = setInterval(() => this.#sweep(), options.sweepIntervalMs);
    this.#sweeper.unref();
  }

  // ---- NodeFeature ----

  receive(peer: OnionAddress, message: FeatureMessage): void {
    if (!isRelayMessage(message)) throw nodeInvariantBroken('a message of another block reached the relay feature');
    // Group membership changes with the groups' own traffic: recognise envelopes from whoever
    // is a fellow member now (cheap when nothing changed, tag.ts `setSenders`).
    if (message.type === 'relay-offer' || message.type === 'relay-envelope') this.#refreshOtherSenders();
    this.#run(() => this.#engine.receive(peer, message, this.#context.now()));
  }

  friendOnline(peer: OnionAddress): void {
    if (this.#stopped) return;
    this.#grace.online(peer);
    // A session switch greets again without a close in between: what was offered on the old
    // session is offered again on the new one.
    if (this.#engine.isConnected(peer)) this.#engine.friendDisconnected(peer);
    this.#run(() => this.#engine.friendConnected(peer, this.#context.now()));
  }

  friendOffline(peer: OnionAddress): void {
    if (this.#stopped) return;
    this.#engine.friendDisconnected(peer);
    this.#grace.offline(peer);
  }

  friendsChanged(): void {
    if (this.#stopped) return;
    // Timers of former friends fire and find nothing to do (sealing checks friendship).
    this.#engine.setFriends(this.#context.friends());
  }

  stop(): void {
    this.#stopped = true;
    this.#grace.stop();
    clearInterval(this.#sweeper);
  }

  // ---- hooks for 1:1 chat ----

  /** A chat message to `message.conversation` was queued: seal it if they stay offline. */
  messageQueued(message: QueuedChatMessage): void {
    if (this.#stopped || this.#grace.isOnline(message.conversation)) return;
    this.#grace.schedule(message.conversation, this.#grace.dueAt(message.conversation, message.createdAt));
  }

  /** `peer` acknowledged (or read) these chat messages directly: their sealed copies are not needed any more. */
  acknowledged(peer: OnionAddress, ids: readonly Uint8Array[]): void {
    if (this.#stopped) return;
    for (const id of ids) {
      const tracked = this.#tracked.get(formatMessageId(id));
      if (tracked === undefined || tracked.recipient !== peer || tracked.view.state === 'delivered') continue;
      this.#run(() => this.#engine.withdraw(tracked.envelopeId));
    }
  }

  /** `view` with where its sealed copy stands, if it has one. */
  decorate(view: MessageView): MessageView {
    const tracked = view.direction === 'out' ? this.#tracked.get(view.id) : undefined;
    return tracked === undefined ? view : { ...view, relay: tracked.view };
  }

  // ---- hooks for the group service ----

  /** Lets relayed group items in (until then they are refused as from an unauthorized sender). */
  connectGroups(bridge: RelayGroupBridge): void {
    this.#groups = bridge;
    this.#refreshOtherSenders();
  }

  /**
   * Seals group item `item` for member `recipient`, who is offline, and hands it to friends
   * online; `ref` names it in `relay status` (e.g. "group:" and the item id). Returns false when
   * too many sealed items already wait for receipts (try again later).
   */
  sealGroupItem(recipient: OnionAddress, item: RelayedGroupItem, ref: string): boolean {
    return this.#seal(recipient, item, ref);
  }

  // ---- hooks for walls ----

  /** Lets relayed wall items in (until then they are dropped). */
  connectWalls(bridge: RelayWallBridge): void {
    this.#walls = bridge;
  }

  /** Seals an item of our wall for reader `recipient`, who is offline; as {@link sealGroupItem}. */
  sealWallItem(recipient: OnionAddress, content: RelayedWallContent, ref: string): boolean {
    return this.#seal(recipient, content, ref);
  }

  #seal(recipient: OnionAddress, item: RelayedGroupItem | RelayedWallContent, ref: string): boolean {
    let queued = false;
    this.#run(() => {
      const result = this.#engine.send({ recipient, content: item, ref }, this.#context.now());
      if (result.status === 'full') return [];
      queued = true;
      return result.actions;
    });
    return queued;
  }

  // ---- RelayApi ----

  status(): Promise<RelayStatusView> {
    return this.#command(() => relayStatusView(this.#engine.status(), this.#grace.graceMs));
  }

  setLimits(change: RelayLimitsChange): Promise<RelayLimitsView> {
    return this.#command(() => {
      this.#engine.setLimits(saveRelayLimits(this.#context.store.preferences, change));
      return relayLimitsView(this.#engine.status().limits);
    });
  }

  // ---- the engine ----

  /**
   * Runs one engine call and carries out its actions: deliveries, state changes and the
   * engine's own state are stored in one transaction, then events go to the front ends, then
   * relay messages to friends. A store failure sends nothing (the receipt would claim a
   * delivery the disk does not have).
   */
  #run(call: () => readonly RelayAction[]): void {
    if (this.#stopped) return;
    let actions: readonly RelayAction[];
    let announce: (() => void)[];
    try {
      actions = call();
      announce = this.#context.store.transaction(() => {
        const effects: (() => void)[] = [];
        for (const action of actions) {
          if (action.type === 'deliver') effects.push(...this.#deliver(action.message));
          else if (action.type === 'outgoing') effects.push(...this.#outgoingChanged(action.change));
        }
        effects.push(...this.#persist());
        return effects;
      });
    } catch (error) {
      log.error('a relay step failed; nothing of it was sent', { error });
      return;
    }
    for (const effect of announce) effect();
    for (const action of actions) if (action.type === 'send') this.#sender.enqueue(action.to, action.message);
  }

  /** Writes the engine's changes; returns the events they make (messages' relay states). */
  #persist(): (() => void)[] {
    const changes = this.#engine.takeChanges();
    if (isEmptyChange(changes)) return [];
    this.#context.store.relay.apply(changes);
    const effects: (() => void)[] = [];
    for (const { entry, state } of changes.outgoing) {
      const view = relayViewOf(state);
      const before = this.#tracked.get(entry.ref);
      this.#tracked.set(entry.ref, { envelopeId: entry.envelopeId, recipient: entry.recipient, view });
      if (!sameRelayView(before?.view, view)) effects.push(() => this.#emitRelay(entry.ref, entry.recipient, view));
    }
    for (const id of changes.outgoingForgotten) {
      for (const [ref, tracked] of this.#tracked) {
        if (hex(tracked.envelopeId) !== hex(id)) continue;
        this.#tracked.delete(ref);
        effects.push(() => this.#emitRelay(ref, tracked.recipient, undefined));
      }
    }
    return effects;
  }

  #emitRelay(ref: string, recipient: OnionAddress, view: MessageRelayView | undefined): void {
    if (parseMessageId(ref) === undefined) return;
    this.#context.emit({
      type: 'message-relay',
      id: ref,
      conversation: recipient,
      ...(view === undefined ? {} : { relay: view }),
    });
  }

  /** A verified relayed message: store it in its conversation (once); returns the events to emit after the commit. */
  #deliver(message: VerifiedInnerMessage): (() => void)[] {
    const { content, sender } = message;
    if (content.kind === 'wall-item') {
      const walls = this.#walls;
      return walls === undefined ? [] : [() => this.#deliverWallItem(walls, sender, content)];
    }
    if (content.kind !== 'chat-message') {
      // After the commit, before the receipt (effects run between the two).
      const groups = this.#groups;
      return groups === undefined ? [] : [() => this.#deliverGroupItem(groups, sender, content)];
    }
    try {
      const incoming = this.#chat.deliver(sender, { ...content.message, createdAt: message.createdAt });
      if (!incoming.isNew) return [];
      log.info('a message arrived through friends', { peer: sensitive(sender) });
      return [incoming.announce];
    } catch (error) {
      // A message id already used by another conversation: a forgery, not shown.
      if (!(error instanceof BurrowError)) throw error;
      log.warn('a relayed chat message was refused', { peer: sensitive(sender), error });
      return [];
    }
  }

  #deliverWallItem(walls: RelayWallBridge, sender: OnionAddress, content: RelayedWallContent): void {
    try {
      walls.deliver(sender, content);
    } catch (error) {
      log.warn('walls refused a relayed wall item', { peer: sensitive(sender), error });
    }
  }

  #deliverGroupItem(groups: RelayGroupBridge, sender: OnionAddress, item: RelayedGroupItem): void {
    try {
      groups.deliver(sender, item);
    } catch (error) {
      log.warn('the group service refused a relayed group item', { peer: sensitive(sender), kind: item.kind, error });
    }
  }

  /** Our sealed message changed state: a receipt acknowledges the chat message. */
  #outgoingChanged(change: OutgoingChange): (() => void)[] {
    if (change.state.state !== 'delivered') return [];
    const id = parseMessageId(change.ref);
    if (id === undefined) return [];
    return [this.#chat.acknowledge(change.recipient, [id])];
  }

  /** Seals what waits for offline friend `peer` and is due; arms the timer for what is not due yet. */
  #sealDue(peer: OnionAddress): void {
    if (this.#stopped || this.#grace.isOnline(peer) || !this.#context.isFriend(peer)) return;
    const now = this.#context.now();
    let next: number | undefined;
    for (const message of this.#chat.pending(peer)) {
      const ref = formatMessageId(message.id);
      if (this.#tracked.has(ref)) continue;
      const due = this.#grace.dueAt(peer, message.createdAt);
      if (due > now) {
        next = Math.min(next ?? due, due);
        continue;
      }
      let full = false;
      this.#run(() => {
        const result = this.#engine.send(
          {
            recipient: peer,
            content: {
              kind: 'chat-message',
              message: { id: message.id, text: message.body, action: message.wireAction },
            },
            ref,
            createdAt: message.createdAt,
          },
          now,
        );
        if (result.status === 'full') {
          full = true;
          return [];
        }
        log.info('a message for an offline friend was sealed and handed to friends', { peer: sensitive(peer) });
        return result.actions;
      });
      if (full) {
        log.warn('too many sealed messages wait for receipts; trying again later', { peer: sensitive(peer) });
        next = now + this.#sweepIntervalMs;
        break;
      }
    }
    if (next !== undefined) this.#grace.schedule(peer, next);
  }

  #sweep(): void {
    this.#run(() => this.#engine.sweep(this.#context.now()));
    // A sealed copy forgotten after its expiry is sealed again if the message still waits.
    for (const friend of this.#context.friends()) if (!this.#grace.isOnline(friend)) this.#sealDue(friend);
  }

  // ---- helpers ----

  /** Tells the engine who besides friends may write to us: fellow members of our groups. */
  #refreshOtherSenders(): void {
    this.#engine.setOtherSenders(this.#groups?.relaySenders() ?? []);
  }

  #maySend(sender: OnionAddress, scope: RelaySenderScope): boolean {
    if (scope.kind === 'direct') return this.#context.isFriend(sender);
    return this.#groups?.mayRelay(sender, scope.groupId) === true;
  }

  #load(): RelayStateSnapshot {
    const { state, skipped } = this.#context.store.relay.load();
    if (skipped > 0) log.warn('some saved relay rows did not decode and were left out', { skipped });
    return state;
  }

  /** Runs a synchronous command body; its typed errors reject the promise (NodeStoppedError once the node stopped). */
  #command<T>(body: () => T): Promise<T> {
    return runCommand(this.#context.signal, body);
  }
}
