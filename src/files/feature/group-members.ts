/**
 * Who is in which of our groups, as file sharing needs it synchronously (the serving rule is
 * asked for every request): kept from the groups feature's 'group' events, which it emits on
 * every membership change, and loaded once from `groups.list()` at start.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import { logger } from '../../log.js';
import type { NodeEvent } from '../../node/api.js';
import type { GroupsApi, GroupView } from '../../groups/feature/api.js';
import type { FileGroupAccess } from './access.js';

const log = logger('files');

/** The members of each group we are in (see the module comment). */
export class GroupMembersCache implements FileGroupAccess {
  readonly #members = new Map<string, readonly OnionAddress[]>();

  /**
   * A cache that follows `groups` through the node's events from now on.
   * @example GroupMembersCache.follow(node.groups, (listener) => node.subscribe(listener))
   */
  static follow(groups: GroupsApi, subscribe: (listener: (event: NodeEvent) => void) => unknown): GroupMembersCache {
    const cache = new GroupMembersCache();
    subscribe((event) => cache.observe(event));
    groups.list().then(
      (list) => cache.load(list),
      (error: unknown) => log.warn('cannot list groups for file sharing', { error }),
    );
    return cache;
  }

  /** Takes in groups as listed (at start). */
  load(groups: readonly GroupView[]): void {
    for (const group of groups) this.#update(group);
  }

  /** Follows a node event (only 'group' events matter). */
  observe(event: NodeEvent): void {
    if (event.type === 'group') this.#update(event.group);
  }

  members(groupIdHex: string): readonly OnionAddress[] | undefined {
    return this.#members.get(groupIdHex);
  }

  #update(group: GroupView): void {
    if (group.isMember) this.#members.set(group.id, group.members.map((member) => member.onion as OnionAddress));
    else this.#members.delete(group.id);
  }
}
