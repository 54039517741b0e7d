/**
 * How an entry's author is shown (docs/PROTOCOL.md "Walls"): a friend under our nickname for
 * them if we set one, anyone else under the name they signed into the entry, always with the
 * fingerprint (groups/member-display.ts), and marked when they are not our friend.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import { shortFingerprint } from '../groups/member-display.js';

/** `author`, who signed `name`, as `self` sees them: the node API's person shape (a group member's). */
export function wallPerson(
  author: OnionAddress,
  name: string,
  viewer: {
    readonly self: OnionAddress;
    readonly isFriend: (peer: OnionAddress) => boolean;
    readonly nicknameOf: (peer: OnionAddress) => string | undefined;
  },
) {
  const isSelf = author === viewer.self;
  const isFriend = !isSelf && viewer.isFriend(author);
  const nickname = isFriend ? viewer.nicknameOf(author) : undefined;
  return {
    onion: author,
    name,
    ...(nickname === undefined ? {} : { nickname }),
    fingerprint: shortFingerprint(author),
    isFriend,
    isSelf,
  };
}
