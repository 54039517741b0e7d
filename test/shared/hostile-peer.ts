/**
 * A hostile peer: it speaks the protocol (a real handshake, well-formed envelopes) but lies,
 * replays, floods, equivocates and withholds. The groups, relay, files and contacts tests drive
 * real nodes with it over the memory network (or a raw Tor session); what to lie *about* is
 * each service's business (forged ops, sealed envelopes, offers), what a liar can *do* on a
 * session is here. No vitest here.
 */
import { randomBytes } from 'node:crypto';
import type { BurrowError } from '../../src/errors.js';
import { generateIdentity, type IdentityKeyPair } from '../../src/crypto/identity.js';
import type { OnionAddress } from '../../src/crypto/onion-address.js';
import { decodeMessage, encodeMessage, type WireMessage } from '../../src/protocol/envelope/index.js';
import type { SecureSession } from '../../src/session/secure-session.js';
import type { MemoryNetwork } from '../../src/transport/memory/index.js';
import { rawSession } from './node-harness.js';

/** The envelopes that carry a service's message (file, group, relay). */
type ServiceEnvelope = Extract<WireMessage, { readonly message: unknown }>;
type ServiceKind = ServiceEnvelope['kind'];
type ServiceMessageOf<K extends ServiceKind> = Extract<ServiceEnvelope, { readonly kind: K }>['message'];

/** A fresh 16-byte envelope id. */
export const envelopeId = (): Uint8Array => new Uint8Array(randomBytes(16));

export class HostilePeer {
  /** Every message the target sent us, decoded, in order (undecodable frames are counted apart). */
  readonly received: WireMessage[] = [];
  /** Frames from the target that did not decode (a node never sends those). */
  undecodable = 0;
  /** Every frame body we sent, in order, to replay. */
  readonly #sent: Uint8Array[] = [];

  private constructor(
    readonly identity: IdentityKeyPair,
    readonly session: SecureSession,
  ) {
    void (async () => {
      for await (const body of session) {
        try {
          this.received.push(decodeMessage(body));
        } catch {
          this.undecodable += 1;
        }
      }
    })().catch(() => undefined);
  }

  /** Dials `target` on the memory network as `identity` (a stolen friend's key, or a throwaway one). */
  static async dial(network: MemoryNetwork, target: OnionAddress, identity = generateIdentity()): Promise<HostilePeer> {
    return new HostilePeer(identity, await rawSession(network, target, identity));
  }

  /** Wraps a session already open (for example a raw session over Tor). */
  static on(session: SecureSession, identity: IdentityKeyPair): HostilePeer {
    return new HostilePeer(identity, session);
  }

  get onion(): OnionAddress {
    return this.identity.onionAddress;
  }

  get isOpen(): boolean {
    return this.session.isOpen;
  }

  /** Resolves when the target closes the session (with its reason, if any). */
  get closed(): Promise<BurrowError | undefined> {
    return this.session.closed;
  }

  /** Speaks first as a friend's node does (a contact-accept), so the target counts us online and answers. */
  greetAsFriend(displayName = 'friend'): Promise<void> {
    return this.send({ kind: 'contact-accept', id: envelopeId(), displayName });
  }

  /** Sends one well-formed message. */
  send(message: WireMessage): Promise<void> {
    return this.sendBytes(encodeMessage(message));
  }

  /** Sends a service message (group, file, relay) in a fresh envelope. */
  sendService<K extends ServiceKind>(kind: K, message: ServiceMessageOf<K>): Promise<void> {
    return this.send({ kind, id: envelopeId(), message } as WireMessage);
  }

  /** Sends raw frame bytes: a well-formed message or anything else. */
  async sendBytes(body: Uint8Array): Promise<void> {
    this.#sent.push(body);
    await this.session.send(body);
  }

  /** Sends again, byte for byte, what we sent `index` frames ago (default: the last one). */
  replay(index = this.#sent.length - 1): Promise<void> {
    const body = this.#sent[index];
    if (body === undefined) throw new Error(`nothing sent at ${index} to replay`);
    return this.sendBytes(body);
  }

  /**
   * Sends `count` messages made by `make` as fast as the session takes them, stopping early if
   * the target closes the session. Returns how many went out.
   */
  async flood(count: number, make: (index: number) => WireMessage): Promise<number> {
    let sent = 0;
    for (; sent < count && this.session.isOpen; sent += 1) {
      try {
        await this.send(make(sent));
      } catch {
        break;
      }
    }
    return sent;
  }

  /** The `kind` service messages received so far. */
  messages<K extends ServiceKind>(kind: K): ServiceMessageOf<K>[] {
    return this.received
      .filter((message): message is Extract<ServiceEnvelope, { readonly kind: K }> => message.kind === kind)
      .map((message) => message.message as ServiceMessageOf<K>);
  }

  /** The core messages of one kind received so far (acks, chat messages, pongs …). */
  core<K extends Exclude<WireMessage['kind'], ServiceKind>>(kind: K): Extract<WireMessage, { kind: K }>[] {
    return this.received.filter((message): message is Extract<WireMessage, { kind: K }> => message.kind === kind);
  }

  /** Withholds: closes our side without a word (as a peer that vanishes mid-conversation). */
  close(): Promise<void> {
    return this.session.close();
  }
}
