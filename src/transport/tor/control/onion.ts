/**
 * ADD_ONION and DEL_ONION (control-spec §3.27, §3.38): building arguments and reading replies.
 *
 *   ADD_ONION KeyType ":" KeyBlob [Flags=…] [PoWDefensesEnabled=1 PoWQueueRate=N PoWQueueBurst=N]
 *             1*(Port=VirtPort[,Target]) *(ClientAuthV3=…)
 *   250-ServiceID=<56 base32>   250-PrivateKey=ED25519-V3:<base64>   250 OK
 *
 * Burrow passes its own identity's 64-byte expanded ed25519 key (docs/ARCHITECTURE.md "Identity") so the
 * identity never depends on tor; `'NEW'` asks tor for a fresh key (tests, throw-away services).
 */
import { parseOnionAddress, type OnionAddress } from '../../../crypto/onion-address.js';
import { TorControlProtocolError } from './errors.js';
import type { ControlReply } from './reply.js';

/** Length of the expanded ed25519 secret key tor's `ED25519-V3:` blob holds (rend-spec-v3 appendix A). */
export const ED25519_EXPANDED_KEY_BYTES = 64;

/** One `Port=` mapping: connections to `virtualPort` of the onion go to `target` (`port`, `host:port` or `unix:/path`). */
export interface OnionPortMapping {
  readonly virtualPort: number;
  readonly target: string;
}

/** What to publish. */
export interface AddOnionOptions {
  readonly privateKey: { readonly ed25519Expanded: Uint8Array } | 'NEW';
  readonly ports: readonly OnionPortMapping[];
  /** e.g. `DiscardPK`, `Detach`, `V3Auth`, `MaxStreamsCloseCircuit`. */
  readonly flags?: readonly string[];
  /** base32 x25519 public keys of authorised clients; adds the `V3Auth` flag tor then needs. */
  readonly clientAuthV3?: readonly string[];
  /**
   * Turns on the onion-service proof-of-work defence (Tor proposal 327; a tor too old for these
   * ADD_ONION keywords answers 512 "Unrecognized keyword argument"): under an introduction
   * flood, clients that did more work are served first, `queueRate` a second, `queueBurst` at once.
   */
  readonly proofOfWork?: ProofOfWorkDefence;
}

/** The proof-of-work queue of an onion service (tor's HiddenServicePoWQueueRate / HiddenServicePoWQueueBurst). */
export interface ProofOfWorkDefence {
  readonly queueRate: number;
  readonly queueBurst: number;
}

/** What tor answered. */
export interface AddOnionResult {
  /** The onion address (without `.onion`). */
  readonly serviceId: OnionAddress;
  /** `ED25519-V3:<base64>` when tor generated the key and `DiscardPK` was not given. */
  readonly privateKey?: string;
}

const FLAG = /^[A-Za-z0-9]+$/;
// A port target must survive tor's split on "," and be one token (no quotes needed).
const TARGET = /^[^\s,"\\]+$/;
const X25519_BASE32 = /^[A-Za-z2-7]{52}$/;

/** The arguments of an ADD_ONION command; throws TypeError on bad input before anything is sent. */
export function addOnionArguments(options: AddOnionOptions): string[] {
  const args = [keyArgument(options.privateKey)];
  const flags = [...(options.flags ?? [])];
  for (const flag of flags)
    if (typeof flag !== 'string' || !FLAG.test(flag))
      throw new TypeError(`invalid ADD_ONION flag: ${JSON.stringify(flag)}`);
  const clients = options.clientAuthV3 ?? [];
  for (const key of clients)
    if (typeof key !== 'string' || !X25519_BASE32.test(key))
      throw new TypeError('clientAuthV3 entries must be 52-character base32 x25519 public keys');
  // tor 0.4.9 answers "512 No auth type specified" to ClientAuthV3 without this flag.
  if (clients.length > 0 && !flags.some((f) => f.toLowerCase() === 'v3auth')) flags.push('V3Auth');
  if (flags.length > 0) args.push(`Flags=${flags.join(',')}`);
  if (options.proofOfWork !== undefined) args.push(...proofOfWorkArguments(options.proofOfWork));
  if (!Array.isArray(options.ports) || options.ports.length === 0)
    throw new TypeError('ADD_ONION needs at least one port');
  for (const { virtualPort, target } of options.ports) {
    if (!Number.isInteger(virtualPort) || virtualPort < 1 || virtualPort > 65535)
      throw new TypeError(`invalid virtual port: ${String(virtualPort)}`);
    if (typeof target !== 'string' || !TARGET.test(target))
      throw new TypeError(`invalid port target: ${JSON.stringify(target)}`);
    args.push(`Port=${virtualPort},${target}`);
  }
  for (const key of clients) args.push(`ClientAuthV3=${key}`);
  return args;
}

function proofOfWorkArguments({ queueRate, queueBurst }: ProofOfWorkDefence): string[] {
  for (const [name, value] of [
    ['queueRate', queueRate],
    ['queueBurst', queueBurst],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > 2 ** 31 - 1)
      throw new TypeError(`invalid proof-of-work ${name}: ${String(value)}`);
  }
  return ['PoWDefensesEnabled=1', `PoWQueueRate=${queueRate}`, `PoWQueueBurst=${queueBurst}`];
}

function keyArgument(privateKey: AddOnionOptions['privateKey']): string {
  if (privateKey === 'NEW') return 'NEW:ED25519-V3';
  const key = privateKey?.ed25519Expanded;
  if (!(key instanceof Uint8Array) || key.length !== ED25519_EXPANDED_KEY_BYTES) {
    throw new TypeError(
      `privateKey.ed25519Expanded must be the ${ED25519_EXPANDED_KEY_BYTES}-byte expanded key (expandedSecretKey(seed))`,
    );
  }
  return `ED25519-V3:${Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('base64')}`;
}

/** Reads ADD_ONION's reply; the ServiceID must be a valid v3 onion address. */
export function parseAddOnionReply(reply: ControlReply): AddOnionResult {
  let serviceId: OnionAddress | undefined;
  let privateKey: string | undefined;
  for (const line of reply.lines) {
    if (line.text.startsWith('ServiceID=')) {
      try {
        serviceId = parseOnionAddress(line.text.slice('ServiceID='.length));
      } catch {
        throw new TorControlProtocolError('ADD_ONION returned a ServiceID that is not a v3 onion address');
      }
    } else if (line.text.startsWith('PrivateKey=')) {
      privateKey = line.text.slice('PrivateKey='.length);
    }
  }
  if (serviceId === undefined) throw new TorControlProtocolError('ADD_ONION reply has no ServiceID');
  return privateKey === undefined ? { serviceId } : { serviceId, privateKey };
}

/** The argument of DEL_ONION: a checked service id (a trailing `.onion` is dropped). */
export function delOnionArguments(serviceId: string): string[] {
  return [parseOnionAddress(serviceId)];
}
