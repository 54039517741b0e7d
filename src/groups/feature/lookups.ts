/**
 * What a user typed in a groups command → the group, invitation, member or friend it names:
 * an id or an unambiguous prefix of one (groups/references.ts), or for a group also its name
 * when only one group has it. Nothing found, or more than one, is a typed error the front
 * ends show as it is.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import { parseOnionAddress } from '../../crypto/onion-address.js';
import type { BurrowError } from '../../errors.js';
import {
  ambiguousGroupReference,
  matchReference,
  noSuchGroup,
  noSuchGroupMember,
  UnknownGroupInviteError,
  type GroupEngine,
  type GroupReplica,
  type HexId,
  type IncomingInvite,
  type ReferenceMatch,
} from '../index.js';

/** A group we hold by id, id prefix, or (if only one group has it) name. */
export function findGroup(engine: GroupEngine, reference: string): HexId {
  const byId = matchReference(reference, engine.groupIds());
  if (byId.status !== 'none') return found(byId, 'group', noSuchGroup);
  const name = typeof reference === 'string' ? reference.trim().toLowerCase() : '';
  const named = engine.groupIds().filter((groupId) => replicaOf(engine, groupId).state.name.toLowerCase() === name);
  if (named.length > 1) throw ambiguousGroupReference('group');
  if (named.length === 0 || name.length === 0) throw noSuchGroup();
  return named[0]!;
}

/** An invitation waiting for our answer, by id or id prefix. */
export function findInvite(engine: GroupEngine, reference: string, now: number): IncomingInvite {
  const invites = engine.invitations(now);
  const id = found(
    matchReference(
      reference,
      invites.map((invite) => invite.inviteId),
    ),
    'invitation',
    () => new UnknownGroupInviteError(),
  );
  return invites.find((invite) => invite.inviteId === id)!;
}

/** A member of the group by onion address or a prefix of one. */
export function findMember(replica: GroupReplica, reference: string): OnionAddress {
  return found(matchReference(reference, replica.state.members.keys()), 'member', noSuchGroupMember) as OnionAddress;
}

/** A friend by onion address, or by a prefix of one friend's address; else any onion address as typed. */
export function findFriend(friends: readonly OnionAddress[], reference: string): OnionAddress {
  const byPrefix = matchReference(reference, friends);
  if (byPrefix.status === 'found') return byPrefix.id as OnionAddress;
  if (byPrefix.status === 'ambiguous') throw ambiguousGroupReference('member');
  return parseOnionAddress(reference);
}

/** The replica of a group we hold (by its full id). */
export function replicaOf(engine: GroupEngine, groupId: HexId): GroupReplica {
  const replica = engine.replica(groupId);
  if (replica === undefined) throw noSuchGroup();
  return replica;
}

function found(match: ReferenceMatch, what: 'group' | 'invitation' | 'member', none: () => BurrowError): string {
  if (match.status === 'found') return match.id;
  if (match.status === 'ambiguous') throw ambiguousGroupReference(what);
  throw none();
}
