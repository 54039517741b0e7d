/**
 * Every method the daemon serves, by name: `status`, `health` and `visibility`, which belong to no service, and each
 * service's table (<service>/ctl/daemon-methods.ts). `subscribe` is handled by the server
 * itself (it streams events).
 */
import { plainMethod, type AnyMethod } from './method.js';
import { processHealth } from './process-health.js';
import { CONTACT_METHODS } from '../contacts/ctl/daemon-methods.js';
import { CHAT_METHODS } from '../chat/ctl/daemon-methods.js';
import { GROUP_METHODS } from '../groups/ctl/daemon-methods.js';
import { RELAY_METHODS } from '../relay/ctl/daemon-methods.js';
import { FILE_METHODS } from '../files/ctl/daemon-methods.js';
import { WALL_METHODS } from '../walls/ctl/daemon-methods.js';
import { VISIBILITY_METHODS } from './visibility-methods.js';

export const METHODS: Readonly<Record<string, AnyMethod>> = {
  status: plainMethod((api) => api.status()),
  health: plainMethod(() => Promise.resolve(processHealth())),
  ...VISIBILITY_METHODS,
  ...CONTACT_METHODS,
  ...CHAT_METHODS,
  ...GROUP_METHODS,
  ...RELAY_METHODS,
  ...FILE_METHODS,
  ...WALL_METHODS,
};
