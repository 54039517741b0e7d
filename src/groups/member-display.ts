/**
 * How a group member is shown (members who are not the reader's friends are shown with
 * the name they announced and a short fingerprint, clearly marked as not a friend). A name
 * anyone can announce proves nothing, so the fingerprint — the start of their onion address,
 * which they cannot choose freely — is always part of what is shown.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import { FINGERPRINT_CHARS } from './limits.js';

/** What a front end shows for one member. */
export interface MemberDisplay {
  readonly member: OnionAddress;
  /**
   * The name they announced to the group (checked on the wire: ≤ 64 bytes, no control
   * characters; the terminal layer still strips escapes). A front end may show a friend's local
   * nickname instead.
   */
  readonly name: string;
  /** The first FINGERPRINT_CHARS characters of their onion address, in groups of four: 'abcd efgh'. */
  readonly fingerprint: string;
  /** Whether they are our friend; a front end marks those who are not. */
  readonly isFriend: boolean;
  /** Whether this is us. */
  readonly isSelf: boolean;
}

/**
 * The short fingerprint of a member: the first characters of their onion address, grouped by four.
 * @example shortFingerprint('pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd') // 'pg6m mjiy'
 */
export function shortFingerprint(member: OnionAddress): string {
  return (member.slice(0, FINGERPRINT_CHARS).match(/.{1,4}/g) ?? []).join(' ');
}

/** The display of `member`, who announced `name`. */
export function memberDisplay(
  member: OnionAddress,
  name: string,
  options: { readonly isFriend: boolean; readonly self: OnionAddress },
): MemberDisplay {
  return {
    member,
    name,
    fingerprint: shortFingerprint(member),
    isFriend: options.isFriend,
    isSelf: member === options.self,
  };
}
