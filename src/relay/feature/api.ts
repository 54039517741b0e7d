/**
 * The relay's part of the node API (offline delivery through friends, docs/ARCHITECTURE.md
 * "Services/Relay"): where an outgoing message stands when its recipient is offline, what this
 * node holds for friends, and how much it is willing to hold. Plain JSON data, as in api.ts.
 */

/** Why nothing holds a relayed message any more. */
export type RelayDropReason = 'expired' | 'evicted' | 'rejected';

/**
 * Where an outgoing message sealed for an offline friend stands:
 * - `waiting`: sealed, but no friend has taken it yet (it is offered to each friend that comes online);
 * - `held`: `holders` friends say they hold it for the recipient;
 * - `delivered`: the recipient's signed receipt came back;
 * - `dropped`: friends held it and none does any more (`reason`); a friend that comes online
 *   may still take it while it lives.
 */
export interface MessageRelayView {
  readonly state: 'waiting' | 'held' | 'delivered' | 'dropped';
  /** Friends that say they hold it (0 unless `held`). */
  readonly holders: number;
  /** Set when `dropped`. */
  readonly reason?: RelayDropReason;
}

/** A count of envelopes and their bytes. */
export interface RelayUsageView {
  readonly envelopes: number;
  readonly bytes: number;
}

/** How much this node holds for friends, at most. */
export interface RelayLimitsView {
  /** Envelopes one friend may have us hold (the `relay.maxEnvelopesPerFriend` preference; 0: hold nothing). */
  readonly maxEnvelopesPerFriend: number;
  /** Bytes one friend may have us hold (the `relay.maxBytesPerFriend` preference). */
  readonly maxBytesPerFriend: number;
  /** Envelopes held for all friends together. */
  readonly maxHeldEnvelopes: number;
  /** Bytes held for all friends together. */
  readonly maxHeldBytes: number;
  /** Our own envelopes waiting for hand-off or a receipt. */
  readonly maxOwnEnvelopes: number;
  /** Largest single envelope taken. */
  readonly maxEnvelopeBytes: number;
  /** Longest lifetime accepted, in seconds. */
  readonly maxLifetimeS: number;
}

/** One of our own sealed messages. */
export interface RelayOutgoingView {
  /** 32 hex characters. */
  readonly envelopeId: string;
  /** The chat message id (32 hex characters) or another reference of what was sealed. */
  readonly message: string;
  /** The recipient's onion address. */
  readonly recipient: string;
  /** Unix seconds after which nobody keeps it. */
  readonly expiry: number;
  readonly relay: MessageRelayView;
}

/** `burrow ctl relay status --json`. */
export interface RelayStatusView {
  /** Everything we hold for friends' offline contacts. */
  readonly held: RelayUsageView;
  /** What each friend has us hold (friends with nothing held are left out). */
  readonly perFriend: readonly ({ readonly onion: string } & RelayUsageView)[];
  readonly limits: RelayLimitsView;
  /** Our own sealed messages still tracked. */
  readonly outgoing: readonly RelayOutgoingView[];
  /** Envelope ids remembered (held or not: for dedupe and passing receipts back). */
  readonly tracked: number;
  /** Envelope ids addressed to us that we remember (so each is shown once). */
  readonly inbox: number;
  /** How long a friend must be offline before a message to them is sealed, in ms. */
  readonly graceMs: number;
}

/** New per-friend quotas; a field left out stays as it is. */
export interface RelayLimitsChange {
  readonly maxEnvelopesPerFriend?: number;
  readonly maxBytesPerFriend?: number;
}

/** Relay events: a relayed message's state changed (`relay` absent: it is not relayed any more, e.g. it arrived directly). */
export type RelayNodeEvent = {
  readonly type: 'message-relay';
  readonly id: string;
  readonly conversation: string;
  readonly relay?: MessageRelayView;
};

/** The relay commands. Each rejects with a typed `BurrowError` the front end can show as is. */
export interface RelayApi {
  /** What this node holds for friends, its quotas, and its own sealed messages. */
  status(): Promise<RelayStatusView>;
  /**
   * Sets how much this node holds for each friend (saved in the profile's preferences; takes
   * effect at once for new envelopes, what is held stays until delivered or expired). Rejects
   * with `InvalidRelayLimitError` for a value that is not a non-negative integer.
   */
  setLimits(change: RelayLimitsChange): Promise<RelayLimitsView>;
}
