/**
 * What the relay needs from other services, declared here and handed over by app/compose.ts:
 * 1:1 chat (the chat feature), groups (the groups feature, through `connectGroups`) and walls
 * (through `connectWalls`).
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import type { InnerContent } from '../../protocol/relay/inner-codec.js';
import type { ChatMessageBody } from '../../protocol/chat/chat-messages.js';
import type { ChatAction } from '../../protocol/chat/chat-action.js';

/** Something to tell the front ends once the relay's transaction is committed. */
type Announcement = () => void;

/** A chat message waiting for its recipient, as the relay seals it (chat's stored messages fit this). */
export interface QueuedChatMessage {
  readonly id: Uint8Array;
  readonly conversation: OnionAddress;
  readonly body: string;
  /** Sender's clock, unix ms. */
  readonly createdAt: number;
  /** A reply's target or an action on an earlier message, sealed with the text. */
  readonly wireAction?: ChatAction | undefined;
}

/** What the relay needs from 1:1 chat. */
export interface RelayChat {
  /** Unacknowledged messages to `peer`, oldest first: the ones sealed if they stay offline. */
  pending(peer: OnionAddress): readonly QueuedChatMessage[];
  /**
   * Stores a chat message that came sealed through friends, unless its id is known (the direct
   * path stores through the same call). Throws a `BurrowError` for an id another conversation
   * uses (a forgery).
   */
  deliver(
    sender: OnionAddress,
    message: ChatMessageBody & { readonly id: Uint8Array },
  ): { readonly isNew: boolean; readonly announce: Announcement };
  /** Whether a message `sender` sealed to us may be stored now (their chat budget); one that may not stays with its carrier. */
  admits(sender: OnionAddress, message: { readonly id: Uint8Array; readonly text: string }): boolean;
  /** A receipt came back: `peer` has our messages with these ids on disk ('delivered'). */
  acknowledge(peer: OnionAddress, ids: readonly Uint8Array[]): Announcement;
}

/** A group item as the relay carries it (a group message, or a membership op such as an epoch-key update). */
export type RelayedGroupItem = Extract<InnerContent, { readonly kind: 'group-message' | 'group-op' }>;

/** What the relay needs from the group service. */
export interface RelayGroupBridge {
  /** Whether `sender` may post to group `groupId` (a member of it), or create one (`groupId` undefined). */
  mayRelay(sender: OnionAddress, groupId: Uint8Array | undefined): boolean;
  /**
   * Everyone who is a member of a group we are in (friends or not): the identities whose
   * envelopes to us the relay recognises besides our friends' (src/relay/tag.ts).
   */
  relaySenders(): Iterable<OnionAddress>;
  /**
   * A relayed group item whose relay signature is `sender`'s (the item's own signature and
   * epoch are still for the group service to check). Called after the relay's state is stored
   * and before the receipt goes out; it must store what it keeps before returning.
   */
  deliver(sender: OnionAddress, item: RelayedGroupItem): void;
}

/** A wall item as the relay carries it: one item of the sender's wall, with its epoch key sealed to the recipient. */
export type RelayedWallContent = Extract<InnerContent, { readonly kind: 'wall-item' }>;

/** What the relay needs from walls. */
export interface RelayWallBridge {
  /**
   * A relayed item of `sender`'s wall (a friend: the relay checked it). Called after the
   * relay's state is stored and before the receipt goes out; it must store what it keeps
   * before returning.
   */
  deliver(sender: OnionAddress, content: RelayedWallContent): void;
}
