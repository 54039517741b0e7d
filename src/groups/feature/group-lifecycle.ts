/**
 * The groups API's `lifecycle` (api.ts `GroupLifecycleApi`): edits, deletes, reactions, replies
 * and the disappearing timer of group messages (docs/PROTOCOL.md "Message lifecycle in groups").
 * An action is posted as a group message (the engine seals, stores, forwards and relays it like
 * any); what it does is folded from the messages held (groups/message-actions.ts). After every
 * change {@link GroupLifecycle.settle} drops from memory and disk the text the fold says is gone,
 * and scrubs the WAL; a sweeper makes messages under an admin's timer leave history that long
 * after they were read here (written, for our own).
 */
import { logger } from '../../log.js';
import { isValidTimer } from '../../lib/disappearing-timer.js';
import * as refusals from '../../lib/message-lifecycle-errors.js';
import { isSingleEmoji } from '../../lib/single-emoji.js';
import { runCommand } from '../../node/command.js';
import type { FeatureContext } from '../../node/feature.js';
import type { ChatAction } from '../../protocol/chat/chat-action.js';
import {
  actionsOf,
  fromHexId,
  isActionTarget,
  matchReference,
  notGroupAdmin,
  toHexId,
  unknownGroupEntry,
  type GroupEffects,
  type GroupEngine,
  type HexId,
  type GroupReplica,
  type VerifiedGroupMessage,
} from '../index.js';
import type { GroupLifecycleApi, GroupMessageView } from './api.js';
import { findGroup, replicaOf } from './lookups.js';
import type { GroupPublisher } from './publish.js';
import { messageView } from './views.js';

const log = logger('groups');

/** The longest the sweeper sleeps (a clock that jumps is noticed this soon). */
const MAX_SWEEP_WAIT_MS = 60_000;

/** The lifecycle commands of groups, and the redaction that follows every change. */
export class GroupLifecycle implements GroupLifecycleApi {
  readonly #context: FeatureContext;
  readonly #engine: GroupEngine;
  readonly #publisher: GroupPublisher;
  /** Stores, sends and publishes an engine call's effects (groups-feature.ts `#apply`). */
  readonly #apply: (effects: GroupEffects) => void;
  #sweeper: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    context: FeatureContext,
    engine: GroupEngine,
    publisher: GroupPublisher,
    apply: (effects: GroupEffects) => void,
  ) {
    this.#context = context;
    this.#engine = engine;
    this.#publisher = publisher;
    this.#apply = apply;
  }

  edit(group: string, id: string, text: string): Promise<GroupMessageView> {
    return this.#act(group, id, (replica, target) => {
      if (target.sender !== this.#context.self) throw refusals.notYourMessage('edit', true);
      return { action: { kind: 'edit', target: fromHexId(target.id) }, text };
    });
  }

  async delete(group: string, id: string, options: { readonly forEveryone?: boolean } = {}): Promise<void> {
    if (options.forEveryone === true) {
      await this.#act(group, id, (replica, target) => {
        const isAdmin = replica.state.members.get(this.#context.self)?.isAdmin === true;
        if (target.sender !== this.#context.self && !isAdmin) throw refusals.notYourMessage('delete', true);
        return { action: { kind: 'delete', target: fromHexId(target.id) }, text: '' };
      });
      return;
    }
    await runCommand(this.#context.signal, () => {
      const groupId = findGroup(this.#engine, group);
      const target = this.#target(replicaOf(this.#engine, groupId), id, true);
      this.#redact(groupId, [target.id], true);
      this.#context.emit({ type: 'group-retracted', groupId, ids: [target.id] });
    });
  }

  react(group: string, id: string, emoji: string | undefined): Promise<GroupMessageView> {
    if (emoji !== undefined && !isSingleEmoji(emoji)) return Promise.reject(refusals.invalidReaction());
    return this.#act(group, id, (_replica, target) => ({
      action: { kind: 'react', target: fromHexId(target.id) },
      text: emoji ?? '',
    }));
  }

  setTimer(group: string, seconds: number): Promise<GroupMessageView> {
    return runCommand(this.#context.signal, () => {
      if (!isValidTimer(seconds)) throw refusals.invalidTimer();
      const groupId = findGroup(this.#engine, group);
      const replica = replicaOf(this.#engine, groupId);
      if (replica.isMember && !replica.isAdmin) throw notGroupAdmin();
      return this.#post(groupId, '', { kind: 'timer', seconds });
    });
  }

  timer(group: string): Promise<number> {
    return runCommand(this.#context.signal, () => {
      const replica = replicaOf(this.#engine, findGroup(this.#engine, group));
      return actionsOf(replica).timer?.seconds ?? 0;
    });
  }

  /** The group's timer in seconds (0: off, or a group we do not hold), read synchronously (files ask it). */
  timerOf(groupIdHex: string): number {
    const replica = this.#engine.replica(groupIdHex);
    return replica === undefined ? 0 : (actionsOf(replica).timer?.seconds ?? 0);
  }

  /** The action of a reply to message `id` (prefix allowed) of the group. */
  replyTo(groupId: HexId, id: string): ChatAction {
    const target = this.#target(replicaOf(this.#engine, groupId), id, true);
    return { kind: 'reply', target: fromHexId(target.id) };
  }

  /**
   * Drops the text the actions say is gone from the messages of `groupIds` (memory and disk),
   * tells the front ends which lines changed, and scrubs the WAL. Idempotent: run after every
   * change and at start (a crash between storing an action and this leaves nothing behind).
   */
  settle(effects?: GroupEffects): void {
    const groupIds = effects === undefined ? this.#engine.groupIds() : effects.changes.map((change) => change.groupId);
    const changed = effects?.changes.flatMap((change) => change.messages) ?? [];
    for (const groupId of new Set(groupIds)) {
      const replica = this.#engine.replica(groupId);
      if (replica === undefined) continue;
      const textless = [...actionsOf(replica).textless].filter((id) => replica.messages.get(id)?.redacted === false);
      if (textless.length > 0) this.#redact(groupId, textless, false);
      const targets = new Set(
        changed.flatMap((message) => {
          const action = message.content.action;
          return message.groupId === groupId && action !== undefined && 'target' in action && action.kind !== 'reply'
            ? [toHexId(action.target)]
            : [];
        }),
      );
      for (const target of targets) {
        const message = replica.messages.get(target);
        if (message !== undefined && !message.gone)
          this.#context.emit({
            type: 'group-entry-updated',
            entry: messageView(message, replica, this.#publisher.views),
          });
      }
    }
    this.#arm();
  }

  /** The group was read: the timers of the messages read just now run from now on. */
  read(): void {
    this.#arm();
  }

  /** Stops the sweeper. */
  stop(): void {
    this.#stopped = true;
    if (this.#sweeper !== undefined) clearTimeout(this.#sweeper);
  }

  /** Takes what expired out of history (text and all) and schedules the next sweep. */
  #arm(): void {
    if (this.#stopped) return;
    if (this.#sweeper !== undefined) clearTimeout(this.#sweeper);
    let next = Infinity;
    try {
      for (const groupId of this.#engine.groupIds()) next = Math.min(next, this.#expire(groupId));
    } catch (error) {
      log.warn('the disappearing-message sweep failed; it runs again later', { error });
      next = this.#context.now() + MAX_SWEEP_WAIT_MS;
    }
    this.#sweeper = undefined;
    if (next === Infinity) return;
    const wait = Math.min(Math.max(0, next - this.#context.now()), MAX_SWEEP_WAIT_MS);
    this.#sweeper = setTimeout(() => this.#arm(), wait);
    this.#sweeper.unref();
  }

  /** Takes the group's expired messages out of history; returns when the next one expires (Infinity: none). */
  #expire(groupId: HexId): number {
    const replica = replicaOf(this.#engine, groupId);
    const { timed } = actionsOf(replica);
    if (timed.size === 0) return Infinity;
    const now = this.#context.now();
    const started = this.#context.store.groups.timerStarts(fromHexId(groupId), this.#context.self);
    const due: HexId[] = [];
    let next = Infinity;
    for (const [id, seconds] of timed) {
      const at = started.get(id);
      if (at === undefined || replica.messages.get(id)?.gone !== false) continue;
      const expiresAt = at + seconds * 1000;
      if (expiresAt <= now) due.push(id);
      else next = Math.min(next, expiresAt);
    }
    if (due.length === 0) return next;
    this.#redact(groupId, due, true);
    this.#context.emit({ type: 'group-retracted', groupId, ids: due });
    // What acted on them (edits, reactions) goes too.
    const textless = [...actionsOf(replica).textless].filter((id) => replica.messages.get(id)?.redacted === false);
    if (textless.length > 0) this.#redact(groupId, textless, false);
    return next;
  }

  /** Replaces the text of `ids` by their redacted record in the log and the store; scrubs the WAL. */
  #redact(groupId: HexId, ids: readonly HexId[], gone: boolean): void {
    const replica = replicaOf(this.#engine, groupId);
    const store = this.#context.store;
    store.transaction(() => {
      for (const id of ids) {
        const redacted = replica.messages.redact(id, gone);
        if (redacted !== undefined) store.groups.rewriteMessage(fromHexId(id), redacted.encoded());
      }
    });
    try {
      store.scrub();
    } catch (error) {
      // A busy checkpoint leaves the WAL for the next one; the text is already zeroed in the database.
      log.warn('could not fold the WAL after removing group text', { error });
    }
  }

  /** Checks a command on message `id` of `group`, posts the action it makes, returns the target's view. */
  #act(
    group: string,
    id: string,
    make: (replica: GroupReplica, target: VerifiedGroupMessage) => { action: ChatAction; text: string },
  ): Promise<GroupMessageView> {
    return runCommand(this.#context.signal, () => {
      const groupId = findGroup(this.#engine, group);
      const replica = replicaOf(this.#engine, groupId);
      const target = this.#target(replica, id, false);
      const { action, text } = make(replica, target);
      this.#post(groupId, text, action);
      return messageView(replica.messages.get(target.id) ?? target, replica, this.#publisher.views);
    });
  }

  #post(groupId: HexId, text: string, action: ChatAction): GroupMessageView {
    const effects = this.#engine.post(groupId, text, this.#context.now(), action);
    this.#apply(effects);
    const own = effects.changes.flatMap((change) => change.messages).filter((m) => m.sender === this.#context.self);
    const replica = replicaOf(this.#engine, groupId);
    const line = own.at(-1);
    if (line === undefined) throw unknownGroupEntry();
    return messageView(replica.messages.get(line.id) ?? line, replica, this.#publisher.views);
  }

  /** A message (not an action) of the group that history shows, by id or id prefix; `deletedOk` for a tombstone. */
  #target(replica: GroupReplica, reference: string, deletedOk: boolean): VerifiedGroupMessage {
    const match = matchReference(
      reference,
      replica.messages.timeline().map((message) => message.id),
    );
    if (match.status !== 'found') throw unknownGroupEntry();
    const target = replica.messages.get(match.id);
    if (target === undefined || target.gone) throw unknownGroupEntry();
    if (!isActionTarget(target)) throw refusals.notAMessage();
    if (!deletedOk && actionsOf(replica).fateOf(target.id)?.deleted === true) throw refusals.messageDeleted();
    return target;
  }
}
