/**
 * Reads walls out of the groups service: which groups are walls and whose, and a wall's posts
 * folded from its whole history (walls/wall-fold.ts).
 */
import type { GroupMessageView, GroupPersonView, GroupView } from '../../groups/feature/api.js';
import { MAX_WALL_ENTRIES_READ, WALL_GROUP_NAME } from '../limits.js';
import { foldWall, type WallEntry, type WallPost } from '../wall-fold.js';
import type { WallGroups } from './ports.js';

/** Most history lines one groups `history` call returns. */
const PAGE = 500;

/** A wall group we hold and its owner. */
export interface HeldWall {
  readonly group: GroupView;
  readonly owner: string;
}

/** Finds walls among the groups and reads them. */
export class WallReader {
  readonly #groups: WallGroups;
  /** Owners by group id: a group's creator never changes. */
  readonly #owners = new Map<string, string>();

  constructor(groups: WallGroups) {
    this.#groups = groups;
  }

  /** Whether `groupId` is known to be a wall. */
  isWall(groupId: string): boolean {
    return this.#owners.has(groupId);
  }

  /** The owner of a wall group already read, if any. */
  ownerOf(groupId: string): string | undefined {
    return this.#owners.get(groupId);
  }

  /** Every wall group held, with its owner. */
  async walls(): Promise<HeldWall[]> {
    const held: HeldWall[] = [];
    for (const group of await this.#groups.list()) {
      if (group.name !== WALL_GROUP_NAME) continue;
      const owner = this.#owners.get(group.id) ?? (await this.#creator(group.id));
      if (owner === undefined) continue;
      this.#owners.set(group.id, owner);
      held.push({ group, owner });
    }
    return held;
  }

  /** The posts of one wall group, oldest first. */
  async posts(wall: HeldWall): Promise<readonly WallPost<GroupPersonView>[]> {
    const entries: WallEntry<GroupPersonView>[] = [];
    for (const message of await this.#messages(wall.group.id))
      entries.push({
        id: message.id,
        sender: message.sender.onion,
        person: message.sender,
        text: message.text,
        createdAt: message.createdAt,
      });
    return foldWall(wall.owner, entries).posts;
  }

  async #creator(groupId: string): Promise<string | undefined> {
    const history = await this.#all(groupId);
    const created = history.find((entry) => entry.type === 'system' && entry.event === 'created');
    return created?.type === 'system' ? created.actor.onion : undefined;
  }

  async #messages(groupId: string): Promise<GroupMessageView[]> {
    return (await this.#all(groupId)).filter((entry) => entry.type === 'message');
  }

  /** The whole history, oldest first, up to MAX_WALL_ENTRIES_READ lines (the newest). */
  async #all(groupId: string): Promise<Awaited<ReturnType<WallGroups['history']>>> {
    let all: Awaited<ReturnType<WallGroups['history']>> = [];
    for (;;) {
      const before = all[0]?.id;
      const page = await this.#groups.history(groupId, { limit: PAGE, ...(before === undefined ? {} : { before }) });
      all = [...page, ...all];
      if (page.length < PAGE || all.length >= MAX_WALL_ENTRIES_READ) return all;
    }
  }
}
