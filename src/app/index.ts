/**
 * The Burrow node for front ends (TUI, daemon, runtime, demo, tests, benchmarks): import from here.
 */
export type {
  ContactState,
  ContactView,
  HistoryOptions,
  MessageState,
  MessageView,
  NodeApi,
  NodeEvent,
  NodeStatus,
  TorStatus,
} from '../node/api.js';
export { BurrowNode } from './burrow-node.js';
export type { BurrowNodeOptions } from './compose.js';
export { DEFAULT_NODE_TIMING, type NodeTiming } from './node-timing.js';
export { fixedTorStatus, NO_TOR_STATUS, type TorStatusSource } from '../node/tor-status.js';
