/**
 * The groups part of the node API (group chats without servers). Plain JSON data only,
 * like api.ts, so the daemon serves it unchanged and `burrow ctl group … --json` prints it.
 *
 * Groups, invitations and members are named by their ids: a group by 64 hex characters, an
 * invitation by 32, a member by their onion address. Commands also take an unambiguous prefix
 * of at least 4 characters (a group also its exact name, when only one group has it).
 */
import type { HistoryOptions, SearchOptions } from '../../node/history-options.js';
import type { MessageLifecycleFields } from '../../chat/feature/api.js';

/** Someone who appears in a group: a member, a former member, the author of a change. */
export interface GroupPersonView {
  /** 56-character onion address. */
  readonly onion: string;
  /** The name they announced to the group: their own choice, so always shown with the fingerprint. */
  readonly name: string;
  /** Our local nickname for them, if they are a friend and we set one. */
  readonly nickname?: string;
  /** The start of their onion address, 'abcd efgh' (they cannot choose it freely). */
  readonly fingerprint: string;
  /** Whether they are our friend; front ends mark those who are not. */
  readonly isFriend: boolean;
  readonly isSelf: boolean;
  /**
   * Someone else in the group goes by a name that reads the same (invisible characters, case
   * and width aside): front ends show the fingerprint beside both, friend or not.
   */
  readonly lookalike?: true;
}

/** A member of a group now. */
export interface GroupMemberView extends GroupPersonView {
  readonly isAdmin: boolean;
  /** Seen signing two different messages for one place in the history: members may show them different lines. */
  readonly equivocated?: true;
}

/** A group as lists and the member view show it. */
export interface GroupView {
  /** 64 hex characters. */
  readonly id: string;
  /** The group's name (an admin's choice: peer text). */
  readonly name: string;
  /** False once we left or were removed (the history stays readable). */
  readonly isMember: boolean;
  readonly isAdmin: boolean;
  /** Members, admins first, then by name. */
  readonly members: readonly GroupMemberView[];
  /** Friends we invited who have not answered yet (onion addresses). */
  readonly invited: readonly string[];
  /** Messages of others not read yet. */
  readonly unread: number;
  /** The sender's clock of the newest message, unix ms. */
  readonly lastMessageAt?: number;
}

/** A group message. */
export interface GroupMessageView extends MessageLifecycleFields {
  readonly type: 'message';
  /** 64 hex characters. */
  readonly id: string;
  readonly groupId: string;
  readonly sender: GroupPersonView;
  readonly text: string;
  /** The sender's clock (untrusted), unix ms. */
  readonly createdAt: number;
}

/** Options of {@link GroupsApi.send}. */
export interface GroupSendOptions {
  /** The message this one answers (64 hex characters). */
  readonly replyTo?: string;
}

/**
 * Taking group messages back (`api.groups.lifecycle`, docs/PROTOCOL.md "Message lifecycle in
 * groups"). Each rejects with a typed `BurrowError` (e.g. `NotYourMessageError`,
 * `NotGroupAdminError`, `InvalidReactionError`, `InvalidTimerError`).
 */
export interface GroupLifecycleApi {
  /** Replaces the text of our message `id` for every member. */
  edit(group: string, id: string, text: string): Promise<GroupMessageView>;
  /** Deletes message `id` here only, or for everyone (our own; any message for an admin). */
  delete(group: string, id: string, options?: { readonly forEveryone?: boolean }): Promise<void>;
  /** Sets our reaction to message `id` (one emoji), or removes it (`undefined`). */
  react(group: string, id: string, emoji: string | undefined): Promise<GroupMessageView>;
  /** Sets the group's disappearing timer in seconds (0 = off; admins only); returns the system line. */
  setTimer(group: string, seconds: number): Promise<GroupMessageView>;
  /** The group's disappearing timer in seconds (0 = off). */
  timer(group: string): Promise<number>;
}

/** What a system line reports. */
export type GroupSystemEvent = 'created' | 'added' | 'removed' | 'left' | 'admin' | 'renamed';

/** A change of membership or name, shown as a system line among the messages. */
export interface GroupSystemView {
  readonly type: 'system';
  /** The membership op's id, 64 hex characters. */
  readonly id: string;
  readonly groupId: string;
  readonly event: GroupSystemEvent;
  /** Who made the change. */
  readonly actor: GroupPersonView;
  /** Whom it concerns (added, removed, made admin). */
  readonly target?: GroupPersonView;
  /** The group's name it set (created, renamed). */
  readonly name?: string;
  /** The author's clock (untrusted), unix ms. */
  readonly createdAt: number;
}

/** One line of a group's history. */
export type GroupEntryView = GroupMessageView | GroupSystemView;

/** An invitation waiting for our answer. */
export interface GroupInviteView {
  /** 32 hex characters. */
  readonly id: string;
  readonly groupId: string;
  /** The name the inviter gave the group (peer text). */
  readonly groupName: string;
  readonly memberCount: number;
  /** The friend who invited us. */
  readonly inviter: string;
  /** Our nickname for the inviter, else the name they announced, if any. */
  readonly inviterName?: string;
  /** Unix ms. */
  readonly receivedAt: number;
}

/** Events of the groups service (part of `NodeEvent`). */
export type GroupNodeEvent =
  /** A group was created, joined, changed (members, admins, name), read, or got messages (unread count). */
  | { readonly type: 'group'; readonly group: GroupView }
  /** A new line of a group's history: a message or a system line. */
  | { readonly type: 'group-entry'; readonly entry: GroupEntryView }
  /** Messages no longer part of the history (a membership change voided them, they expired, or were deleted here only). */
  | { readonly type: 'group-retracted'; readonly groupId: string; readonly ids: readonly string[] }
  /** A message's text, reactions or deletion changed (an edit, a delete for everyone, a reaction). */
  | { readonly type: 'group-entry-updated'; readonly entry: GroupMessageView }
  | { readonly type: 'group-invite'; readonly invite: GroupInviteView }
  /** We answered an invitation (here or through another front end): it is no longer waiting. */
  | { readonly type: 'group-invite-answered'; readonly id: string; readonly accepted: boolean }
  /** A friend declined our invitation. */
  | { readonly type: 'group-invite-declined'; readonly groupId: string; readonly onion: string }
  /**
   * A member of a group sent more than we take from one member (`limit`: their message or op
   * rate, or the bytes of messages we store from them per day); the excess is fetched later.
   * At most once a minute per group and member.
   */
  | {
      readonly type: 'group-throttled';
      readonly groupId: string;
      readonly onion: string;
      readonly limit: 'messages' | 'ops' | 'bytes';
    }
  /** Something a peer sent was refused (forged, not allowed, over the rate limit): `error` is the error's name. */
  | { readonly type: 'group-refused'; readonly groupId?: string; readonly onion?: string; readonly error: string };

/**
 * Group commands. Each rejects with a typed `BurrowError` (e.g. `NoSuchGroupError`,
 * `NotGroupAdminError`, `InvalidGroupCommandError`, `GroupMessageTooLongError`) whose message a
 * front end can show as is.
 */
export interface GroupsApi {
  /** Every group held, also those we left, by name. */
  list(): Promise<GroupView[]>;
  get(group: string): Promise<GroupView>;
  /** Creates a group with us as its only member and admin. */
  create(name: string): Promise<GroupView>;
  /** Invites a friend (admins only); the invitation goes out when they are online. */
  invite(group: string, onion: string): Promise<GroupView>;
  /** Invitations waiting for our answer. */
  invitations(): Promise<GroupInviteView[]>;
  /** Accepts an invitation: the inviter adds us, and the group arrives (a 'group' event) when they are online. */
  accept(invite: string): Promise<GroupInviteView>;
  decline(invite: string): Promise<void>;
  leave(group: string): Promise<GroupView>;
  /** Removes a member (admins only): the key rotates, so they cannot read what follows. */
  remove(group: string, member: string): Promise<GroupView>;
  /** Makes a member an admin (admins only). */
  addAdmin(group: string, member: string): Promise<GroupView>;
  /** Renames the group (admins only). */
  rename(group: string, name: string): Promise<GroupView>;
  /** Posts to the group (a reply with `options.replyTo`); delivered to every member we are connected to, who pass it on. */
  send(group: string, text: string, options?: GroupSendOptions): Promise<GroupMessageView>;
  /** Messages and system lines in display order (the same on every member), newest last. */
  history(group: string, options?: HistoryOptions): Promise<GroupEntryView[]>;
  /**
   * Messages whose text contains `text` (any case), newest first: of one group
   * (`options.conversation`, a group id or name) or of all. Rejects with `InvalidSearchError`.
   */
  search(text: string, options?: SearchOptions): Promise<GroupMessageView[]>;
  /** Marks the group's messages read. */
  markRead(group: string): Promise<void>;
  /** Edits, deletes, reactions and the disappearing timer. */
  readonly lifecycle: GroupLifecycleApi;
}
