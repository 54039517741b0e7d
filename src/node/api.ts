/**
 * The node API: everything a front end (the TUI, the daemon's JSON-lines socket, tests) can
 * ask of a running Burrow node, and the events it emits. Plain JSON-compatible data only, so
 * the daemon can serve it unchanged (`burrow ctl … --json` prints these shapes).
 *
 * Each service declares its slice in its feature/api.ts; the whole is assembled here rather
 * than in app/ because the host's event hub carries {@link NodeEvent} and the front ends take
 * the whole shape from one module. The imports are type-only: the host runs no service code.
 */
import type { ChatApi, ChatEvent, ChatLifecycleApi } from '../chat/feature/api.js';
import type { ContactsApi, ContactsEvent } from '../contacts/feature/api.js';
import type { FilesApi, FilesEvent } from '../files/feature/api.js';
import type { GroupNodeEvent, GroupsApi } from '../groups/feature/api.js';
import type { WallNodeEvent, WallsApi } from '../walls/feature/api.js';
import type { RelayApi, RelayNodeEvent } from '../relay/feature/api.js';

export type { ContactState, ContactView } from '../contacts/feature/api.js';
export type { MessageState, MessageView } from '../chat/feature/api.js';
export type { HistoryOptions, SearchOptions } from './history-options.js';

export interface TorStatus {
  /** 0–100, from tor's bootstrap events. */
  readonly bootstrap: number;
  readonly summary: string;
  /** Our onion service is published and we can dial. */
  readonly ready: boolean;
}

/**
 * Whether our public address (the one that takes contact requests) is published
 * (docs/PROTOCOL.md "Visibility"). Friends reach us over their endpoints either way.
 */
export interface Visibility {
  readonly state: 'open' | 'closed';
  /** Unix ms at which an address opened for a window closes by itself. */
  readonly openUntil?: number;
}

export interface NodeStatus {
  readonly onion: string;
  readonly displayName: string;
  readonly tor: TorStatus;
  readonly friends: number;
  readonly online: number;
  readonly pendingRequests: number;
  readonly visibility: Visibility;
}

/** What a friend sent more of than its budget allows (PeerThrottledEvent). */
export type ThrottledTraffic = 'chat-messages' | 'file-offers';

/**
 * Which budget ran out: the rate; the bytes of unread messages stored from them; the offers of
 * theirs waiting for an answer, or the bytes of those offers' file descriptions.
 */
export type ThrottleReason = 'rate' | 'unread-bytes' | 'pending-offers' | 'pending-offer-bytes';

/**
 * A friend sends more than its budget allows (docs/PROTOCOL.md "Budgets"): the excess is
 * refused, not stored, and an honest sender's node sends it again later. Emitted at the first
 * refusal, then at most once a minute per friend and traffic while refusals go on
 * (lib/throttle-notices.ts). Shared by the services that keep per-friend budgets.
 */
export interface PeerThrottledEvent {
  readonly type: 'peer-throttled';
  /** The friend's onion address. */
  readonly onion: string;
  readonly traffic: ThrottledTraffic;
  readonly reason: ThrottleReason;
}

/** Events of the session host itself. */
export type HostEvent =
  | { readonly type: 'presence'; readonly onion: string; readonly online: boolean }
  | { readonly type: 'tor'; readonly tor: TorStatus }
  /** Our public address was opened or closed (by a command, or at the end of its window). */
  | { readonly type: 'visibility'; readonly visibility: Visibility }
  /** The profile could not store what a friend sent (the disk is full, or failing): say it, with what to do. At most every 30 s. */
  | { readonly type: 'storage-problem'; readonly error: string; readonly message: string };

export type NodeEvent =
  | ContactsEvent
  | ChatEvent
  | HostEvent
  | GroupNodeEvent
  | RelayNodeEvent
  | FilesEvent
  | PeerThrottledEvent
  | WallNodeEvent;

/**
 * Commands: the contacts' and chat's at the top level (contacts/feature/api.ts,
 * chat/feature/api.ts), the other services' under their name. Each rejects with a typed
 * `BurrowError` whose message the front end can show as is.
 */
export interface NodeApi extends ContactsApi, ChatApi {
  status(): Promise<NodeStatus>;
  /** Whether our public address is open. */
  visibility(): Promise<Visibility>;
  /** Opens our public address (for `forSeconds`, then closed again) or closes it; kept in the profile. */
  setVisibility(state: Visibility['state'], forSeconds?: number): Promise<Visibility>;
  readonly groups: GroupsApi;
  /** Edits, deletes, reactions and disappearing timers of 1:1 messages. */
  readonly lifecycle: ChatLifecycleApi;
  readonly relay: RelayApi;
  readonly files: FilesApi;
  /** Walls and the feed (walls/feature/api.ts). */
  readonly walls: WallsApi;
  /** Subscribes to events; returns the unsubscribe function. */
  subscribe(listener: (event: NodeEvent) => void): () => void;
}
