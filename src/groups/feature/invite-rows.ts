/**
 * The group service's invitation records (groups/invites.ts `InviteRecord`) as store rows
 * (groups/store/groups-repository.ts `StoredGroupInvite`), both ways. A row that does not make a
 * record (a damaged profile) is left out rather than failing the whole load.
 */
import { fromHexId, toHexId, type InviteRecord } from '../index.js';
import type { StoredGroupInvite } from '../store/groups-repository.js';

/** The row that stores `record`. */
export function toInviteRow(record: InviteRecord): StoredGroupInvite {
  const inviteId = fromHexId(record.inviteId);
  switch (record.kind) {
    case 'answered':
      return {
        kind: 'answered',
        inviteId,
        groupId: undefined,
        peer: undefined,
        name: undefined,
        memberCount: undefined,
        at: record.at,
      };
    case 'join':
      return {
        kind: 'join',
        inviteId,
        groupId: fromHexId(record.groupId),
        peer: record.peer,
        name: record.displayName,
        memberCount: undefined,
        at: record.at,
      };
    case 'outgoing':
    case 'incoming':
      return {
        kind: record.kind,
        inviteId,
        groupId: fromHexId(record.groupId),
        peer: record.peer,
        name: record.groupName,
        memberCount: record.memberCount,
        at: record.at,
      };
  }
}

/** The record a row stores, or none if the row is incomplete. */
export function fromInviteRow(row: StoredGroupInvite): InviteRecord[] {
  const inviteId = toHexId(row.inviteId);
  if (row.kind === 'answered') return [{ kind: 'answered', inviteId, at: row.at }];
  if (row.groupId === undefined || row.peer === undefined || row.name === undefined) return [];
  const groupId = toHexId(row.groupId);
  if (row.kind === 'join')
    return [{ kind: 'join', inviteId, groupId, peer: row.peer, displayName: row.name, at: row.at }];
  if (row.memberCount === undefined) return [];
  return [
    {
      kind: row.kind,
      inviteId,
      groupId,
      peer: row.peer,
      groupName: row.name,
      memberCount: row.memberCount,
      at: row.at,
    },
  ];
}
