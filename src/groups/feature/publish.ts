/**
 * What the front ends hear from the groups feature: the JSON views of groups and invitations
 * (views.ts), and the events one engine call's effects make — each new entry as a line, each
 * group whose standing, members or invitations changed as a fresh view, and refusals at most
 * once per kind per batch. Called after the effects are stored (groups-feature.ts).
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import { logger, sensitive } from '../../log.js';
import type { FeatureContext } from '../../node/feature.js';
import {
  adminTest,
  fromHexId,
  isHistoryLine,
  systemLineOf,
  type GroupEffects,
  type GroupEngine,
  type HexId,
  type IncomingInvite,
} from '../index.js';
import type { GroupInviteView, GroupView } from './api.js';
import { replicaOf } from './lookups.js';
import { groupView, messageView, systemView, type GroupViewContext } from './views.js';

const log = logger('groups');

/** Views and events of the groups feature (see the module comment). */
export class GroupPublisher {
  readonly #context: FeatureContext;
  readonly #engine: GroupEngine;
  /** What every view needs beyond the group. */
  readonly views: GroupViewContext;

  constructor(context: FeatureContext, engine: GroupEngine) {
    this.#context = context;
    this.#engine = engine;
    this.views = {
      self: context.self,
      isFriend: (peer: OnionAddress) => context.isFriend(peer),
      nicknameOf: (peer: OnionAddress) => context.store.contacts.get(peer)?.nickname,
      timerStartedAt: (id: string) => context.store.groups.timerStart(fromHexId(id), context.self),
    };
  }

  /** The view of a group we hold. */
  group(groupId: HexId): GroupView {
    const invited = this.#engine
      .inviteRecords()
      .flatMap((record) => (record.kind === 'outgoing' && record.groupId === groupId ? [record.peer] : []));
    const replica = replicaOf(this.#engine, groupId);
    // Edits, deletes and reactions are stored as messages but are no lines: they are not unread.
    const isAdmin = adminTest(replica.state);
    const unread = this.#context.store.groups.unreadIds(fromHexId(groupId), this.#context.self).filter((id) => {
      const message = replica.messages.get(id);
      return message !== undefined && !message.gone && isHistoryLine(message, isAdmin);
    }).length;
    return groupView(replica, { invited, unread }, this.views);
  }

  /** The view of an invitation waiting for our answer. */
  invite(invite: IncomingInvite): GroupInviteView {
    const contact = this.#context.store.contacts.get(invite.inviter);
    const inviterName = contact?.nickname ?? contact?.displayName;
    return {
      id: invite.inviteId,
      groupId: invite.groupId,
      groupName: invite.groupName,
      memberCount: invite.memberCount,
      inviter: invite.inviter,
      ...(inviterName === undefined ? {} : { inviterName }),
      receivedAt: invite.receivedAt,
    };
  }

  /** Tells the front ends a group changed. */
  emitGroup(groupId: HexId): void {
    this.#context.emit({ type: 'group', group: this.group(groupId) });
  }

  /** Tells the front ends what `effects` changed. */
  publish(effects: GroupEffects): void {
    const touched = new Set<HexId>();
    for (const change of effects.changes) {
      touched.add(change.groupId);
      const replica = replicaOf(this.#engine, change.groupId);
      for (const op of change.ops) {
        const event = systemLineOf(op, replica.log);
        if (event !== undefined)
          this.#context.emit({ type: 'group-entry', entry: systemView(op, event, replica, this.views) });
      }
      // Edits, deletes and reactions are no lines: the lines they change are announced as updated (group-lifecycle.ts).
      const isAdmin = adminTest(replica.state);
      for (const message of change.messages.filter((message) => isHistoryLine(message, isAdmin)))
        this.#context.emit({ type: 'group-entry', entry: messageView(message, replica, this.views) });
      if (change.retracted.length > 0)
        this.#context.emit({
          type: 'group-retracted',
          groupId: change.groupId,
          ids: change.retracted.map((message) => message.id),
        });
    }
    const refusals = new Set<string>();
    for (const event of effects.events) {
      switch (event.type) {
        case 'invite':
          this.#context.emit({ type: 'group-invite', invite: this.invite(event.invite) });
          break;
        case 'invite-declined':
          touched.add(event.groupId);
          this.#context.emit({ type: 'group-invite-declined', groupId: event.groupId, onion: event.peer });
          break;
        case 'joined':
        case 'membership':
        case 'departed':
          touched.add(event.groupId);
          break;
        case 'refused': {
          // One line and one event per kind of refusal per batch: a flood must not flood the log too.
          const key = `${event.groupId ?? ''}/${event.peer ?? ''}/${event.error.name}`;
          if (refusals.has(key)) break;
          refusals.add(key);
          log.info('a group item was refused', {
            peer: event.peer === undefined ? undefined : sensitive(event.peer),
            error: event.error,
          });
          this.#context.emit({
            type: 'group-refused',
            ...(event.groupId === undefined ? {} : { groupId: event.groupId }),
            ...(event.peer === undefined ? {} : { onion: event.peer }),
            error: event.error.name,
          });
          break;
        }
        case 'throttled':
          log.info('a group member is throttled', { peer: sensitive(event.member), limit: event.limit });
          this.#context.emit({
            type: 'group-throttled',
            groupId: event.groupId,
            onion: event.member,
            limit: event.limit,
          });
          break;
        case 'messages':
        case 'retracted':
          break; // published from the stored changes above
      }
    }
    for (const groupId of touched) if (this.#engine.replica(groupId) !== undefined) this.emitGroup(groupId);
  }
}
