/**
 * The groups part of the NodeApi test double (fake-node.ts): in-memory groups, history
 * and invitations; every command recorded; events emitted as a real node would.
 */
import type { NodeEvent } from '../../../src/node/api.js';
import type {
  GroupEntryView,
  GroupInviteView,
  GroupLifecycleApi,
  GroupMemberView,
  GroupMessageView,
  GroupPersonView,
  GroupsApi,
  GroupView,
} from '../../../src/groups/feature/api.js';
import type { HistoryOptions, SearchOptions } from '../../../src/node/api.js';
import { searchLimit, searchMatcher } from '../../../src/lib/text-search.js';

/** A group id, different for each seed. */
export function groupId(seed: number): string {
  return seed.toString(16).padStart(2, '0').repeat(32);
}

/** A person of a group. */
export function person(onion: string, fields: Partial<GroupPersonView> = {}): GroupPersonView {
  return {
    onion,
    name: 'someone',
    fingerprint: `${onion.slice(0, 4)} ${onion.slice(4, 8)}`,
    isFriend: true,
    isSelf: false,
    ...fields,
  };
}

/** A member of a group. */
export function member(onion: string, fields: Partial<GroupMemberView> = {}): GroupMemberView {
  return { ...person(onion), isAdmin: false, ...fields };
}

/** A group. */
export function group(seed: number, fields: Partial<GroupView> = {}): GroupView {
  return {
    id: groupId(seed),
    name: `group ${seed}`,
    isMember: true,
    isAdmin: true,
    members: [],
    invited: [],
    unread: 0,
    ...fields,
  };
}

let nextId = 1;
/** A group message. */
export function groupMessage(
  group: string,
  sender: GroupPersonView,
  text: string,
  createdAt = new Date(2025, 5, 3, 10, 30).getTime(),
): GroupMessageView {
  return { type: 'message', id: (nextId++).toString(16).padStart(64, '0'), groupId: group, sender, text, createdAt };
}

/** What the fake needs from the fake node around it. */
export interface FakeGroupsHost {
  emit(event: NodeEvent): void;
  record(method: string, ...args: unknown[]): void;
  /** Our own onion address and display name. */
  self(): { readonly onion: string; readonly name: string };
}

/** The GroupsApi double (see the file comment). */
export class FakeGroups implements GroupsApi {
  groupList: GroupView[] = [];
  readonly entries = new Map<string, GroupEntryView[]>();
  inviteList: GroupInviteView[] = [];
  /** When set, send rejects with this. */
  sendError: Error | undefined;
  readonly #host: FakeGroupsHost;

  constructor(host: FakeGroupsHost) {
    this.#host = host;
  }

  #answer<T>(work: () => T): Promise<T> {
    return Promise.resolve().then(work);
  }

  #find(reference: string): GroupView {
    const found = this.groupList.find(
      (item) => item.id === reference || item.id.startsWith(reference) || item.name === reference,
    );
    if (found === undefined) throw Object.assign(new Error('No such group.'), { name: 'NoSuchGroupError' });
    return found;
  }

  /** Replaces a group and emits its 'group' event. */
  put(updated: GroupView): GroupView {
    this.groupList = [...this.groupList.filter((item) => item.id !== updated.id), updated];
    this.#host.emit({ type: 'group', group: updated });
    return updated;
  }

  /** A history line arriving, as the node reports it (a message from others counts as unread). */
  arrive(entry: GroupEntryView): void {
    this.entries.set(entry.groupId, [...(this.entries.get(entry.groupId) ?? []), entry]);
    this.#host.emit({ type: 'group-entry', entry });
    if (entry.type === 'message' && !entry.sender.isSelf) {
      const found = this.groupList.find((item) => item.id === entry.groupId);
      if (found !== undefined) this.put({ ...found, unread: found.unread + 1, lastMessageAt: entry.createdAt });
    }
  }

  /** An invitation arriving. */
  invited(invite: GroupInviteView): void {
    this.inviteList = [...this.inviteList, invite];
    this.#host.emit({ type: 'group-invite', invite });
  }

  #self(): GroupPersonView {
    const { onion, name } = this.#host.self();
    return person(onion, { name, isSelf: true, isFriend: false });
  }

  list(): Promise<GroupView[]> {
    return this.#answer(() => [...this.groupList]);
  }
  get(reference: string): Promise<GroupView> {
    return this.#answer(() => this.#find(reference));
  }
  create(name: string): Promise<GroupView> {
    return this.#answer(() => {
      this.#host.record('groups.create', name);
      return this.put(group(this.groupList.length + 100, { name, members: [{ ...this.#self(), isAdmin: true }] }));
    });
  }
  invite(reference: string, onion: string): Promise<GroupView> {
    return this.#answer(() => {
      this.#host.record('groups.invite', reference, onion);
      const found = this.#find(reference);
      return this.put({ ...found, invited: [...found.invited, onion] });
    });
  }
  invitations(): Promise<GroupInviteView[]> {
    return this.#answer(() => [...this.inviteList]);
  }
  accept(reference: string): Promise<GroupInviteView> {
    return this.#answer(() => {
      this.#host.record('groups.accept', reference);
      const found = this.inviteList.find((item) => item.id.startsWith(reference));
      if (found === undefined)
        throw Object.assign(new Error('No such group invitation.'), { name: 'UnknownGroupInviteError' });
      this.inviteList = this.inviteList.filter((item) => item !== found);
      return found;
    });
  }
  decline(reference: string): Promise<void> {
    return this.#answer(() => {
      this.#host.record('groups.decline', reference);
      this.inviteList = this.inviteList.filter((item) => !item.id.startsWith(reference));
    });
  }
  leave(reference: string): Promise<GroupView> {
    return this.#answer(() => {
      this.#host.record('groups.leave', reference);
      const found = this.#find(reference);
      return this.put({
        ...found,
        isMember: false,
        isAdmin: false,
        members: found.members.filter((item) => !item.isSelf),
      });
    });
  }
  remove(reference: string, onion: string): Promise<GroupView> {
    return this.#answer(() => {
      this.#host.record('groups.remove', reference, onion);
      const found = this.#find(reference);
      return this.put({ ...found, members: found.members.filter((item) => !item.onion.startsWith(onion)) });
    });
  }
  addAdmin(reference: string, onion: string): Promise<GroupView> {
    return this.#answer(() => {
      this.#host.record('groups.addAdmin', reference, onion);
      const found = this.#find(reference);
      return this.put({
        ...found,
        members: found.members.map((item) => (item.onion.startsWith(onion) ? { ...item, isAdmin: true } : item)),
      });
    });
  }
  rename(reference: string, name: string): Promise<GroupView> {
    return this.#answer(() => {
      this.#host.record('groups.rename', reference, name);
      return this.put({ ...this.#find(reference), name });
    });
  }
  send(reference: string, text: string, options: { readonly replyTo?: string } = {}): Promise<GroupMessageView> {
    return this.#answer(() => {
      this.#host.record('groups.send', reference, text, ...(options.replyTo === undefined ? [] : [options]));
      if (this.sendError !== undefined) throw this.sendError;
      const sent: GroupMessageView = {
        ...groupMessage(this.#find(reference).id, this.#self(), text, Date.now()),
        ...(options.replyTo === undefined ? {} : { replyTo: options.replyTo }),
      };
      this.arrive(sent);
      return sent;
    });
  }
  history(reference: string, options: HistoryOptions = {}): Promise<GroupEntryView[]> {
    return this.#answer(() => {
      this.#host.record('groups.history', reference, options);
      const all = this.entries.get(this.#find(reference).id) ?? [];
      const end = options.before === undefined ? all.length : all.findIndex((item) => item.id === options.before);
      return all.slice(Math.max(0, end - (options.limit ?? 50)), end);
    });
  }
  search(text: string, options: SearchOptions = {}): Promise<GroupMessageView[]> {
    return this.#answer(() => {
      this.#host.record('groups.search', text, options);
      const matches = searchMatcher(text);
      const ids = options.conversation === undefined ? [...this.entries.keys()] : [this.#find(options.conversation).id];
      const found = ids.flatMap((id) => this.entries.get(id) ?? []);
      return found
        .filter((entry): entry is GroupMessageView => entry.type === 'message' && matches(entry.text))
        .reverse()
        .slice(0, searchLimit(options.limit));
    });
  }
  markRead(reference: string): Promise<void> {
    return this.#answer(() => {
      this.#host.record('groups.markRead', reference);
      const found = this.#find(reference);
      if (found.unread > 0) this.put({ ...found, unread: 0 });
    });
  }

  /** The lifecycle double: records each call and changes the held line as the node would show it. */
  readonly lifecycle: GroupLifecycleApi = {
    edit: (reference, id, text) => this.#change('groups.edit', [reference, id, text], id, { text, edited: true }),
    delete: async (reference, id, options = {}) => {
      await this.#change('groups.delete', [reference, id, options], id, { text: '', deleted: true });
    },
    react: (reference, id, emoji) =>
      this.#change('groups.react', [reference, id, emoji], id, {
        ...(emoji === undefined ? {} : { reactions: [{ emoji, count: 1, mine: true }] }),
      }),
    setTimer: (reference, seconds) =>
      this.#answer(() => {
        this.#host.record('groups.setTimer', reference, seconds);
        const line = { ...groupMessage(this.#find(reference).id, this.#self(), '', Date.now()), timer: seconds };
        this.arrive(line);
        return line;
      }),
    timer: (reference) => this.#answer(() => (this.#find(reference), 0)),
  };

  #change(method: string, args: unknown[], id: string, change: Partial<GroupMessageView>): Promise<GroupMessageView> {
    return this.#answer(() => {
      this.#host.record(method, ...args);
      for (const [groupId, entries] of this.entries) {
        const found = entries.find(
          (entry): entry is GroupMessageView => entry.type === 'message' && entry.id.startsWith(id),
        );
        if (found === undefined) continue;
        const updated = { ...found, ...change };
        this.entries.set(
          groupId,
          entries.map((entry) => (entry === found ? updated : entry)),
        );
        this.#host.emit({ type: 'group-entry-updated', entry: updated });
        return updated;
      }
      throw Object.assign(new Error('No line with that id.'), { name: 'UnknownGroupEntryError' });
    });
  }
}
