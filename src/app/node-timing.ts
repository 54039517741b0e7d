/**
 * Every timer of a node: the session host's (node/node-timing.ts) and the relay's
 * (relay/feature/timing.ts), as one bundle that tests override to run in milliseconds.
 */
import { DEFAULT_HOST_TIMING, type HostTiming } from '../node/node-timing.js';
import { DEFAULT_RELAY_TIMING, type RelayTiming } from '../relay/feature/timing.js';

/** The node's timers; every field defaults to its constant. */
export interface NodeTiming extends HostTiming, RelayTiming {}

/** The production timing. */
export const DEFAULT_NODE_TIMING: NodeTiming = Object.freeze({ ...DEFAULT_HOST_TIMING, ...DEFAULT_RELAY_TIMING });
