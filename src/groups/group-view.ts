/**
 * A group and its messages as the pure service shows them (GroupEngine `view` and `timeline`,
 * for tests and tools): every member under the name they announced, with a fingerprint and
 * whether they are our friend (member-display.ts). The node's JSON views are
 * groups/feature/views.ts.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import type { GroupReplica } from './group-replica.js';
import { needsRotation } from './group-state.js';
import type { HexId } from './ids.js';
import { memberDisplay, type MemberDisplay } from './member-display.js';

/** A group as a front end lists it. */
export interface GroupView {
  readonly groupId: HexId;
  readonly name: string;
  readonly isMember: boolean;
  readonly isAdmin: boolean;
  /** The next post will rotate the key first. */
  readonly needsRotation: boolean;
  /** Members, admins first, then by name. */
  readonly members: readonly (MemberDisplay & { readonly isAdmin: boolean })[];
}

/** One message as a front end shows it. */
export interface TimelineEntry {
  readonly id: HexId;
  readonly sender: MemberDisplay;
  readonly text: string;
  /** The sender's clock (untrusted). */
  readonly createdAt: number;
}

/** Who is reading: us, and who our friends are. */
export interface ReaderContext {
  readonly self: OnionAddress;
  isFriend(peer: OnionAddress): boolean;
}

/** The view of `replica`. */
export function groupViewOf(replica: GroupReplica, reader: ReaderContext): GroupView {
  const state = replica.state;
  const members = [...state.members.values()]
    .map((member) => ({ ...display(member.id, member.name, reader), isAdmin: member.isAdmin }))
    .sort(
      (a, b) => Number(b.isAdmin) - Number(a.isAdmin) || a.name.localeCompare(b.name) || (a.member < b.member ? -1 : 1),
    );
  return {
    groupId: replica.groupId,
    name: state.name,
    isMember: replica.isMember,
    isAdmin: replica.isAdmin,
    needsRotation: needsRotation(state),
    members,
  };
}

/** The messages of `replica` in display order. */
export function timelineOf(replica: GroupReplica, reader: ReaderContext): TimelineEntry[] {
  const names = replica.state.names;
  return replica.messages.timeline().map((message) => ({
    id: message.id,
    sender: display(message.sender, names.get(message.sender) ?? '', reader),
    text: message.content.text,
    createdAt: message.createdAt,
  }));
}

function display(member: OnionAddress, name: string, reader: ReaderContext): MemberDisplay {
  return memberDisplay(member, name, {
    isFriend: member !== reader.self && reader.isFriend(member),
    self: reader.self,
  });
}
