/**
 * Invitations, both ways (invite / add member; the member accepts or declines; the
 * invite travels over 1:1). Only an admin invites, and only a friend: the invitation goes over
 * the 1:1 session. Nothing enters the membership log until the friend accepts: then the admin
 * adds them (an `add` op, with a new epoch key sealed to them too) and sends them the log.
 *
 * The book is pure: it remembers what was sent and received, for at most GROUP_INVITE_TTL_MS,
 * and says what to (re)send when a peer connects. An invitation from anyone who is not a
 * friend is refused. The node persists the book as {@link InviteRecord}s (so invitations
 * survive a restart): {@link InviteBook.version} tells it when to write them again.
 */
import { parseOnionAddress, type OnionAddress } from '../crypto/onion-address.js';
import type { RandomSource } from '../crypto/random.js';
import type {
  GroupInviteAcceptBody,
  GroupInviteBody,
  GroupInviteDeclineBody,
} from '../protocol/groups/invite-codec.js';
import { GROUP_INVITE_ID_BYTES, MAX_GROUP_MEMBERS } from '../protocol/groups/limits.js';
import { toWireDisplayName } from '../protocol/envelope/fields.js';
import { groupInviteFromStranger, groupInviteLimit, UnknownGroupInviteError } from './errors.js';
import { fromHexId, toHexId, type HexId } from './ids.js';
import { GROUP_INVITE_TTL_MS, MAX_PENDING_INVITES, MAX_PENDING_INVITES_PER_PEER } from './limits.js';
import { hex } from '../lib/hex.js';

/** An invitation we sent and that is not answered yet. */
export interface OutgoingInvite {
  /** 32 hex characters. */
  readonly inviteId: string;
  readonly groupId: HexId;
  readonly invitee: OnionAddress;
  readonly body: GroupInviteBody;
  readonly sentAt: number;
}

/** An invitation we received and did not answer yet. */
export interface IncomingInvite {
  /** 32 hex characters. */
  readonly inviteId: string;
  readonly groupId: HexId;
  /** The name the inviter gave the group (untrusted). */
  readonly groupName: string;
  readonly memberCount: number;
  readonly inviter: OnionAddress;
  readonly receivedAt: number;
}

/** An invitation we accepted: we wait for the inviter to send the group's log. */
export interface PendingJoin {
  readonly groupId: HexId;
  readonly inviter: OnionAddress;
  readonly answer: GroupInviteAcceptBody;
  readonly acceptedAt: number;
}

/**
 * One entry of the book as the node stores it: an invitation we sent ('outgoing') or received
 * ('incoming'), one we accepted and wait to join ('join'), or the id of one we answered
 * ('answered': a repeat from the inviter is not a new invitation). `at` is when it started.
 */
export type InviteRecord =
  | {
      readonly kind: 'outgoing' | 'incoming';
      readonly inviteId: string;
      readonly groupId: HexId;
      /** The invitee (outgoing) or the inviter (incoming). */
      readonly peer: OnionAddress;
      readonly groupName: string;
      readonly memberCount: number;
      readonly at: number;
    }
  | {
      readonly kind: 'join';
      readonly inviteId: string;
      readonly groupId: HexId;
      readonly peer: OnionAddress;
      readonly displayName: string;
      readonly at: number;
    }
  | { readonly kind: 'answered'; readonly inviteId: string; readonly at: number };

const INVITE_ID = /^[0-9a-f]{32}$/;
const GROUP_ID = /^[0-9a-f]{64}$/;

function isOnion(text: string): boolean {
  try {
    return parseOnionAddress(text) === text;
  } catch {
    return false;
  }
}

/** Both directions of invitations for one node. */
export class InviteBook {
  readonly #random: RandomSource;
  readonly #outgoing = new Map<string, OutgoingInvite>();
  readonly #incoming = new Map<string, IncomingInvite>();
  readonly #joins = new Map<HexId, PendingJoin>();
  /** Ids of invitations we answered, with when (so a repeat from the inviter is not a new invitation). */
  readonly #answered = new Map<string, number>();
  #version = 0;

  constructor(random: RandomSource) {
    this.#random = random;
  }

  /** Grows whenever the book changes (what {@link records} returns would differ). */
  get version(): number {
    return this.#version;
  }

  /** Everything the book holds, to store. */
  records(): InviteRecord[] {
    const records: InviteRecord[] = [];
    for (const invite of this.#outgoing.values()) {
      const { groupName, memberCount } = invite.body;
      records.push({
        kind: 'outgoing',
        inviteId: invite.inviteId,
        groupId: invite.groupId,
        peer: invite.invitee,
        groupName,
        memberCount,
        at: invite.sentAt,
      });
    }
    for (const invite of this.#incoming.values()) {
      const { inviteId, groupId, inviter: peer, groupName, memberCount, receivedAt: at } = invite;
      records.push({ kind: 'incoming', inviteId, groupId, peer, groupName, memberCount, at });
    }
    for (const join of this.#joins.values()) {
      records.push({
        kind: 'join',
        inviteId: hex(join.answer.inviteId),
        groupId: join.groupId,
        peer: join.inviter,
        displayName: join.answer.displayName,
        at: join.acceptedAt,
      });
    }
    for (const [inviteId, at] of this.#answered) records.push({ kind: 'answered', inviteId, at });
    return records;
  }

  /**
   * Loads stored records into an empty book (at start). Records that are malformed (a damaged
   * or foreign row) are skipped; expired ones go at the next {@link expire}.
   */
  restore(records: readonly InviteRecord[]): void {
    for (const record of records) {
      if (!INVITE_ID.test(record.inviteId) || !Number.isSafeInteger(record.at)) continue;
      if (record.kind === 'answered') {
        this.#answered.set(record.inviteId, record.at);
        continue;
      }
      if (!GROUP_ID.test(record.groupId) || !isOnion(record.peer)) continue;
      const ids = { groupId: fromHexId(record.groupId), inviteId: fromHexId(record.inviteId) };
      if (record.kind === 'join') {
        const answer: GroupInviteAcceptBody = { ...ids, displayName: toWireDisplayName(record.displayName) };
        this.#joins.set(record.groupId, {
          groupId: record.groupId,
          inviter: record.peer,
          answer,
          acceptedAt: record.at,
        });
        continue;
      }
      const groupName = toWireDisplayName(record.groupName);
      if (
        groupName.length === 0 ||
        !Number.isSafeInteger(record.memberCount) ||
        record.memberCount < 1 ||
        record.memberCount > MAX_GROUP_MEMBERS
      )
        continue;
      const { inviteId, groupId, peer, memberCount, at } = record;
      if (record.kind === 'outgoing') {
        this.#outgoing.set(inviteId, {
          inviteId,
          groupId,
          invitee: peer,
          body: { ...ids, groupName, memberCount },
          sentAt: at,
        });
      } else {
        this.#incoming.set(inviteId, { inviteId, groupId, groupName, memberCount, inviter: peer, receivedAt: at });
      }
    }
    this.#version++;
  }

  /** Records an invitation of `invitee` to a group and returns the message to send them. */
  create(
    group: { readonly groupId: HexId; readonly name: string; readonly memberCount: number },
    invitee: OnionAddress,
    now: number,
  ): GroupInviteBody {
    this.expire(now);
    if (this.#outgoing.size >= MAX_PENDING_INVITES) throw groupInviteLimit();
    const inviteId = this.#random(GROUP_INVITE_ID_BYTES);
    const body: GroupInviteBody = {
      groupId: fromHexId(group.groupId),
      inviteId,
      groupName: group.name,
      memberCount: group.memberCount,
    };
    this.#outgoing.set(hex(inviteId), { inviteId: hex(inviteId), groupId: group.groupId, invitee, body, sentAt: now });
    this.#version++;
    return body;
  }

  /** Unanswered invitations to `peer` (sent again whenever they connect, until answered or expired). */
  outgoingTo(peer: OnionAddress, now: number): GroupInviteBody[] {
    this.expire(now);
    return [...this.#outgoing.values()].filter((invite) => invite.invitee === peer).map((invite) => invite.body);
  }

  /** `peer` answered (accepted or declined); returns and forgets our invitation. Throws {@link UnknownGroupInviteError} if we sent them none such. */
  takeAnswer(peer: OnionAddress, answer: GroupInviteAcceptBody | GroupInviteDeclineBody, now: number): OutgoingInvite {
    this.expire(now);
    const invite = this.#outgoing.get(hex(answer.inviteId));
    if (invite === undefined || invite.invitee !== peer || invite.groupId !== toHexId(answer.groupId))
      throw new UnknownGroupInviteError();
    this.#outgoing.delete(invite.inviteId);
    this.#version++;
    return invite;
  }

  /**
   * An invitation arrived from `peer`. Returns it, or undefined for a repeat. Throws
   * `GroupInviteFromStrangerError` unless `isFriend`, `GroupInviteLimitError` when
   * too many wait.
   */
  receive(peer: OnionAddress, isFriend: boolean, body: GroupInviteBody, now: number): IncomingInvite | undefined {
    if (!isFriend) throw groupInviteFromStranger();
    this.expire(now);
    const inviteId = hex(body.inviteId);
    const existing = this.#incoming.get(inviteId);
    // A repeat: the inviter sends it again on every connection until our answer arrives.
    if (existing !== undefined || this.#answered.has(inviteId)) return undefined;
    const fromPeer = [...this.#incoming.values()].filter((invite) => invite.inviter === peer).length;
    if (fromPeer >= MAX_PENDING_INVITES_PER_PEER || this.#incoming.size >= MAX_PENDING_INVITES)
      throw groupInviteLimit();
    const invite: IncomingInvite = {
      inviteId,
      groupId: toHexId(body.groupId),
      groupName: body.groupName,
      memberCount: body.memberCount,
      inviter: peer,
      receivedAt: now,
    };
    this.#incoming.set(inviteId, invite);
    this.#version++;
    return invite;
  }

  /** Invitations waiting for our answer, oldest first. */
  incoming(now: number): IncomingInvite[] {
    this.expire(now);
    return [...this.#incoming.values()];
  }

  /** We accept invitation `inviteId` under `displayName`: returns the answer to send to the inviter. */
  accept(
    inviteId: string,
    displayName: string,
    now: number,
  ): { readonly to: OnionAddress; readonly answer: GroupInviteAcceptBody } {
    const invite = this.#takeIncoming(inviteId, now);
    const answer: GroupInviteAcceptBody = {
      groupId: fromHexId(invite.groupId),
      inviteId: fromHexId(invite.inviteId),
      displayName: toWireDisplayName(displayName),
    };
    this.#joins.set(invite.groupId, { groupId: invite.groupId, inviter: invite.inviter, answer, acceptedAt: now });
    this.#version++;
    return { to: invite.inviter, answer };
  }

  /** We decline invitation `inviteId`: returns the answer to send to the inviter. */
  decline(inviteId: string, now: number): { readonly to: OnionAddress; readonly answer: GroupInviteDeclineBody } {
    const invite = this.#takeIncoming(inviteId, now);
    return { to: invite.inviter, answer: { groupId: fromHexId(invite.groupId), inviteId: fromHexId(invite.inviteId) } };
  }

  /** The join we are waiting on for `groupId`, if any. */
  pendingJoin(groupId: HexId, now: number): PendingJoin | undefined {
    this.expire(now);
    return this.#joins.get(groupId);
  }

  /** Accepts we sent to `peer` whose group has not arrived (sent again when they connect). */
  answersTo(peer: OnionAddress, now: number): GroupInviteAcceptBody[] {
    this.expire(now);
    return [...this.#joins.values()].filter((join) => join.inviter === peer).map((join) => join.answer);
  }

  /** The group arrived (or we gave up on it). */
  forgetJoin(groupId: HexId): void {
    if (this.#joins.delete(groupId)) this.#version++;
  }

  /** Forgets everything older than GROUP_INVITE_TTL_MS. */
  expire(now: number): void {
    const before = this.#outgoing.size + this.#incoming.size + this.#joins.size + this.#answered.size;
    for (const [id, invite] of this.#outgoing) if (now - invite.sentAt > GROUP_INVITE_TTL_MS) this.#outgoing.delete(id);
    for (const [id, invite] of this.#incoming)
      if (now - invite.receivedAt > GROUP_INVITE_TTL_MS) this.#incoming.delete(id);
    for (const [id, join] of this.#joins) if (now - join.acceptedAt > GROUP_INVITE_TTL_MS) this.#joins.delete(id);
    for (const [id, at] of this.#answered) if (now - at > GROUP_INVITE_TTL_MS) this.#answered.delete(id);
    if (this.#outgoing.size + this.#incoming.size + this.#joins.size + this.#answered.size !== before) this.#version++;
  }

  #takeIncoming(inviteId: string, now: number): IncomingInvite {
    this.expire(now);
    const invite = typeof inviteId === 'string' ? this.#incoming.get(inviteId.toLowerCase()) : undefined;
    if (invite === undefined) throw new UnknownGroupInviteError();
    this.#incoming.delete(invite.inviteId);
    this.#answered.set(invite.inviteId, now);
    this.#version++;
    return invite;
  }
}
