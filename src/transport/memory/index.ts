/** The in-memory transport, for unit tests of everything above the transport layer. */
export { MemoryNetwork, type MemoryNetworkOptions } from './memory-network.js';
export { MemoryTransport } from './memory-transport.js';
export { MemoryConnection, createMemoryConnectionPair } from './memory-connection.js';
