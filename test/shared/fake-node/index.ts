/**
 * One NodeApi test double for every front-end test: {@link FakeNode} and the builders of the
 * views it holds (contacts, messages, groups, transfers, relay status).
 */
export { contact, FakeNode, message, onion, type Call } from './fake-node.js';
export { FakeGroups, group, groupId, groupMessage, member, person } from './fake-groups.js';
export { FakeFiles, transfer } from './fake-files.js';
export { FakeRelay, RELAY_LIMITS, RELAY_STATUS } from './fake-relay.js';
