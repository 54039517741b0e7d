/**
 * The transport layer: the {@link Transport} interface, its typed errors, and both
 * implementations (in-memory for unit tests, Tor for real use).
 */
export {
  DEFAULT_DIAL_TIMEOUT_MS,
  type Connection,
  type ConnectionHandler,
  type DialOptions,
  type Listener,
  type ListenOptions,
  type Transport,
} from './transport.js';
export { DialDeadline, DialError, type DialFailureReason, type ListenFailureReason } from './errors.js';
export { MemoryNetwork, MemoryTransport, type MemoryNetworkOptions } from './memory/index.js';
export { TorTransport, type TorTransportOptions, type TorTransportTor } from './tor/tor-transport.js';
export { BURROW_ONION_PORT, OnionService, type OnionServiceOptions } from './tor/onion-service.js';
