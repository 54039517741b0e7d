/**
 * The features plugged into the host: who receives which message kind, and the hooks every
 * feature may have (feature.ts). Features run in the order they were registered, which
 * app/compose.ts states (an ack, say, reaches contacts before chat).
 */
import { logger } from '../log.js';
import type { MessageKindName, WireMessage } from '../protocol/envelope/index.js';
import { nodeInvariantBroken, unhandledMessageKind } from './errors.js';
import type {
  AnyFeature,
  CoreMessage,
  EnvelopeBlock,
  FeatureBlock,
  FeatureMessage,
  FeatureSession,
} from './feature.js';

const log = logger('node');

/** A message some feature receives (everything but the host's own keep-alive). */
export type FeatureWireMessage = Exclude<WireMessage, { readonly kind: 'ping' | 'pong' }>;

const ENVELOPE_BLOCKS: ReadonlySet<FeatureBlock> = new Set<EnvelopeBlock>(['group', 'file', 'relay', 'wall']);

function isEnvelopeBlock(block: FeatureBlock): block is EnvelopeBlock {
  return ENVELOPE_BLOCKS.has(block);
}

/** What a feature receives of `message`: an envelope block's inner message, a core message whole. */
function payloadOf(message: FeatureWireMessage): FeatureMessage | CoreMessage {
  switch (message.kind) {
    case 'group':
    case 'file':
    case 'relay':
    case 'wall':
      return message.message;
    default:
      return message;
  }
}

/** The registered features. */
export class FeatureRegistry {
  readonly #features: AnyFeature[] = [];
  readonly #byKind = new Map<MessageKindName, AnyFeature[]>();

  /** Adds a feature; it receives its block, or the core kinds it names. */
  register(feature: AnyFeature): void {
    if (this.#features.some((other) => other.block === feature.block))
      throw nodeInvariantBroken(`two features for the ${feature.block} block`);
    const kinds: readonly MessageKindName[] | undefined =
      feature.kinds ?? (isEnvelopeBlock(feature.block) ? [feature.block] : undefined);
    if (kinds === undefined || kinds.length === 0)
      throw nodeInvariantBroken(`the ${feature.block} feature receives no kind`);
    this.#features.push(feature);
    for (const kind of kinds) this.#byKind.set(kind, [...(this.#byKind.get(kind) ?? []), feature]);
  }

  /**
   * Hands `message` to every feature that receives its kind, one after the other. Throws 'UnhandledMessageKindError' if
   * none does (the peer spoke a service this node does not run).
   */
  async dispatch(session: FeatureSession, message: FeatureWireMessage): Promise<void> {
    const receivers = this.#byKind.get(message.kind);
    if (receivers === undefined) throw unhandledMessageKind(message.kind);
    const payload = payloadOf(message);
    for (const feature of receivers) await feature.receive(session.peer, payload, session);
  }

  /** Runs a hook on every feature; a throwing hook is logged, never allowed to break the node. */
  each(hook: string, run: (feature: AnyFeature) => void): void {
    for (const feature of this.#features) {
      try {
        run(feature);
      } catch (error) {
        log.error('a feature hook failed', { block: feature.block, hook, error });
      }
    }
  }

  /** Stops every feature, in order; a failure is logged and the others still stop. */
  async stop(): Promise<void> {
    for (const feature of this.#features) {
      await Promise.resolve(feature.stop?.()).catch((error: unknown) =>
        log.warn('stopping a feature failed', { block: feature.block, error }),
      );
    }
  }
}
