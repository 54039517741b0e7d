/**
 * Who should be in the audience of our own wall (docs/PROTOCOL.md "Walls"): every friend, and
 * nobody else. What to change to get there from the wall group's members and the invitations
 * still out: invite friends who are neither, remove members who are no longer friends (the
 * group rotates its key away from them).
 */

/** The changes that bring a wall's audience in step with the friend list. */
export interface AudienceChanges {
  readonly invite: readonly string[];
  readonly remove: readonly string[];
}

/**
 * @example
 * ```ts
 * audienceChanges({ self: 'a', members: ['a', 'b'], invited: [], friends: ['c'] });
 * // { invite: ['c'], remove: ['b'] }
 * ```
 */
export function audienceChanges(wall: {
  readonly self: string;
  readonly members: readonly string[];
  readonly invited: readonly string[];
  readonly friends: readonly string[];
}): AudienceChanges {
  const members = new Set(wall.members);
  const invited = new Set(wall.invited);
  const friends = new Set(wall.friends);
  return {
    invite: [...friends].filter((friend) => friend !== wall.self && !members.has(friend) && !invited.has(friend)),
    remove: [...members].filter((member) => member !== wall.self && !friends.has(member)),
  };
}
