/**
 * Publishing an identity's onion service through tor's control port (control-spec §3.27
 * ADD_ONION, §3.38 DEL_ONION, §4.1.25 HS_DESC), from Burrow's own key (docs/ARCHITECTURE.md "Identity"):
 *
 *   ADD_ONION ED25519-V3:<expandedSecretKey(seed), base64> Flags=DiscardPK
 *             PoWDefensesEnabled=1 PoWQueueRate=25 PoWQueueBurst=50 Port=9878,127.0.0.1:<local>
 *
 * The proof-of-work defence (Tor proposal 327) is asked for whenever the tor in use knows the
 * keywords: detected, not assumed — a tor that answers 512 "Unrecognized keyword" gets the
 * command again without them (and from then on), and the service runs undefended.
 *
 * Tor must answer with the identity's own onion address; anything else is a key-encoding bug
 * and fails loudly. Without `Detach` the service lives as long as the control connection, so a
 * crashed Burrow never leaves a ghost service behind; after a tor restart (new connection)
 * the service is added again.
 */
import { expandedSecretKey, type IdentityKeyPair } from '../../crypto/identity.js';
import type { OnionAddress } from '../../crypto/onion-address.js';
import { AbortedError, TimeoutError } from '../../errors.js';
import { logger, sensitive } from '../../log.js';
import { DialDeadline, listenFailed } from '../errors.js';
import {
  TorControlReplyError,
  type AddOnionOptions,
  type ControlEvent,
  type ProofOfWorkDefence,
  type TorControlClient,
} from './control/index.js';

const log = logger('onion-service');

/**
 * The virtual port of every Burrow onion service: peers connect to `<address>.onion:9878`.
 * One constant for all Burrows (a peer cannot be told another), defined here only.
 */
export const BURROW_ONION_PORT = 9878;

/**
 * The proof-of-work queue of every Burrow onion service: introductions tor hands on per second
 * and at once while under attack (tor's defaults, 250 and 2500, suit a busy website). A Burrow
 * node takes a handful of sessions at a time (node/node-timing.ts), so a short queue serves the
 * clients that did the most work first without keeping friends waiting.
 */
export const ONION_PROOF_OF_WORK: ProofOfWorkDefence = Object.freeze({ queueRate: 25, queueBurst: 50 });

/** Default limit for {@link OnionServiceOptions.waitForPublication}: a descriptor upload takes ~1 s on a private network, up to a minute on the real one. */
export const DEFAULT_PUBLICATION_TIMEOUT_MS = 120_000;

/** The control commands an onion service uses (a `TorControlClient`). */
export type OnionServiceControl = Pick<TorControlClient, 'addOnion' | 'delOnion' | 'onEvent' | 'subscriptionsReady'>;

/** The part of `TorProcess` an onion service needs. */
export interface OnionServiceTor {
  /** The current control connection (a new one after each restart). */
  readonly control: OnionServiceControl;
  on(event: 'restarted', listener: () => void): () => void;
}

/** What to publish. */
export interface OnionServiceOptions {
  readonly tor: OnionServiceTor;
  readonly identity: IdentityKeyPair;
  /** Where tor delivers the service's streams: Burrow's local TCP server. */
  readonly target: { readonly host: string; readonly port: number };
  /** Default {@link BURROW_ONION_PORT}. */
  readonly virtualPort?: number;
  /** base32 x25519 public key of the one client allowed (ADD_ONION ClientAuthV3): a private endpoint. */
  readonly clientAuthV3?: string;
  /**
   * Resolve only once tor uploaded a descriptor (the first `HS_DESC UPLOADED`), i.e. once other
   * tors can find the service. Default false: dials retry "descriptor not found" anyway.
   */
  readonly waitForPublication?: boolean;
  /** Limit for `waitForPublication` (default {@link DEFAULT_PUBLICATION_TIMEOUT_MS}). */
  readonly publicationTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** A published onion service. Make one with {@link OnionService.publish}. */
export class OnionService {
  readonly address: OnionAddress;
  readonly #tor: OnionServiceTor;
  readonly #identity: IdentityKeyPair;
  readonly #portTarget: string;
  readonly #virtualPort: number;
  readonly #clientAuthV3: string | undefined;
  readonly #stopFollowingRestarts: () => void;
  #closed = false;
  /** Whether tor took the proof-of-work keywords; false once a tor refused them (a restarted tor is asked again). */
  #proofOfWork = true;

  private constructor(options: OnionServiceOptions) {
    this.#tor = options.tor;
    this.#identity = options.identity;
    this.address = options.identity.onionAddress;
    this.#portTarget = `${options.target.host}:${options.target.port}`;
    this.#virtualPort = options.virtualPort ?? BURROW_ONION_PORT;
    this.#clientAuthV3 = options.clientAuthV3;
    this.#stopFollowingRestarts = options.tor.on('restarted', () => this.#republish());
  }

  /**
   * Publishes the service. Rejects with `ListenError` ('in-use' when this tor already
   * publishes the address, 'tor-rejected', 'address-mismatch'), `AbortedError`, or
   * `TimeoutError` (only with `waitForPublication`).
   */
  static async publish(options: OnionServiceOptions): Promise<OnionService> {
    if (options.signal?.aborted === true) throw new AbortedError('publishing the onion service');
    const service = new OnionService(options);
    try {
      if (options.waitForPublication === true) {
        await service.#addAndWaitForUpload(
          options.publicationTimeoutMs ?? DEFAULT_PUBLICATION_TIMEOUT_MS,
          options.signal,
        );
      } else {
        await service.#add(options.signal);
      }
      return service;
    } catch (error) {
      await service.close();
      throw error;
    }
  }

  /** Whether the published service has tor's proof-of-work defence on (the tor knew the keywords). */
  get proofOfWork(): boolean {
    return this.#proofOfWork;
  }

  /** Unpublishes the service (DEL_ONION). Never rejects: a tor that is gone took the service with it. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopFollowingRestarts();
    try {
      await this.#tor.control.delOnion(this.address);
    } catch (error) {
      log.debug('DEL_ONION failed (tor gone or service never added)', { error });
    }
  }

  async #add(signal: AbortSignal | undefined): Promise<void> {
    const control = this.#tor.control;
    const key = expandedSecretKey(this.#identity.seed);
    let serviceId: OnionAddress;
    try {
      const onion: AddOnionOptions = {
        privateKey: { ed25519Expanded: key },
        ports: [{ virtualPort: this.#virtualPort, target: this.#portTarget }],
        flags: ['DiscardPK'],
        ...(this.#clientAuthV3 === undefined ? {} : { clientAuthV3: [this.#clientAuthV3] }),
      };
      const options = signal === undefined ? {} : { signal };
      try {
        ({ serviceId } = await control.addOnion(
          this.#proofOfWork ? { ...onion, proofOfWork: ONION_PROOF_OF_WORK } : onion,
          options,
        ));
      } catch (error) {
        if (!this.#proofOfWork || !isUnknownProofOfWork(error)) throw error;
        log.warn('this tor has no onion-service proof-of-work defence; publishing without it', { error });
        this.#proofOfWork = false;
        ({ serviceId } = await control.addOnion(onion, options));
      }
    } catch (error) {
      throw addOnionFailure(error);
    } finally {
      key.fill(0);
    }
    if (serviceId !== this.address) {
      await control.delOnion(serviceId).catch(() => undefined);
      throw listenFailed(
        'address-mismatch',
        'tor published a different onion address than the identity key says: Burrow encoded the key wrongly. Please report this bug.',
      );
    }
    log.info('onion service added', { address: sensitive(this.address) });
  }

  /** Subscribes to HS_DESC first, so the UPLOADED event cannot slip between ADD_ONION and the wait. */
  async #addAndWaitForUpload(timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
    const deadline = new DialDeadline('waiting for tor to publish the onion service', { signal, timeoutMs });
    const control = this.#tor.control;
    let unsubscribe: (() => void) | undefined;
    try {
      const uploaded = new Promise<void>((resolve, reject) => {
        unsubscribe = control.onEvent('HS_DESC', (event) => {
          if (isUploadOf(event, this.address)) resolve();
        });
        deadline.signal.addEventListener('abort', () => reject(deadline.error!), { once: true });
      });
      uploaded.catch(() => undefined);
      await Promise.race([control.subscriptionsReady(), uploaded]);
      await this.#add(deadline.signal);
      await uploaded;
      log.info('onion service descriptor uploaded', { address: sensitive(this.address) });
    } catch (error) {
      // An abort of the ADD_ONION command itself surfaces as the deadline's typed error.
      throw deadline.error ?? error;
    } finally {
      unsubscribe?.();
      deadline.dispose();
    }
  }

  #republish(): void {
    if (this.#closed) return;
    this.#proofOfWork = true;
    this.#add(undefined).catch((error: unknown) =>
      log.error('could not publish the onion service again after tor restarted', { error }),
    );
  }
}

/**
 * HS_DESC (control-spec §4.1.25): `650 HS_DESC Action HSAddress AuthType HsDir …`; the service
 * is findable once one descriptor is UPLOADED.
 */
function isUploadOf(event: ControlEvent, address: OnionAddress): boolean {
  const [action, hsAddress] = event.body.split(' ');
  return action === 'UPLOADED' && hsAddress === address;
}

/**
 * tor's answer to proof-of-work keywords it cannot honour: `512 Bad arguments to ADD_ONION:
 * Unrecognized keyword argument "PoW…"` (too old), or a 552 naming them (built without the module).
 */
function isUnknownProofOfWork(error: unknown): boolean {
  return (
    error instanceof TorControlReplyError && (error.code === 512 || error.code === 552) && /PoW/i.test(error.replyText)
  );
}

/** Maps ADD_ONION's failure to a `ListenError` (tor says "550 Onion address collision" for a taken address). */
function addOnionFailure(error: unknown): unknown {
  if (error instanceof AbortedError || error instanceof TimeoutError) return error;
  if (error instanceof TorControlReplyError && /collision/i.test(error.replyText)) {
    return listenFailed(
      'in-use',
      'This identity is already online through this tor (its onion service is published twice). Close the other Burrow first.',
      error,
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  return listenFailed('tor-rejected', `tor refused to publish the onion service: ${detail}`, error);
}
