/**
 * The Burrow node for front ends (TUI, daemon, tests): import from here.
 */
export type { ContactState, ContactView, HistoryOptions, MessageState, MessageView, NodeApi, NodeEvent, NodeStatus, TorStatus } from './api.js';
export { BurrowNode, type BurrowNodeOptions } from './burrow-node.js';
export { NodeStoppedError } from './errors.js';
export { DEFAULT_NODE_TIMING, type NodeTiming } from './node-timing.js';
export { fixedTorStatus, NO_TOR_STATUS, type TorStatusSource } from './tor-status.js';
