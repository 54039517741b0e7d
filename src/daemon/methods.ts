/**
 * Every method the daemon serves, by name. A service adds its own table (methods-<service>.ts)
 * here; `subscribe` is handled by the server itself (it streams events).
 */
import type { AnyMethod } from './method.js';
import { CORE_METHODS } from './methods-core.js';
import { GROUP_METHODS } from '../groups/ctl/daemon-methods.js';
import { RELAY_METHODS } from '../relay/ctl/daemon-methods.js';
import { FILE_METHODS } from '../files/ctl/daemon-methods.js';

export const METHODS: Readonly<Record<string, AnyMethod>> = {
  ...CORE_METHODS,
  ...GROUP_METHODS,
  ...RELAY_METHODS,
  ...FILE_METHODS,
};
