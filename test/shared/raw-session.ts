/**
 * Listening on a raw session (a client that is not a Burrow node, on the memory network or over
 * Tor): the service messages it receives, collected as they arrive. No vitest here.
 */
import { decodeMessage, type WireMessage } from '../../src/protocol/envelope/index.js';
import type { SecureSession } from '../../src/session/secure-session.js';

/** The envelopes that carry a service's message (file, group, relay). */
type ServiceEnvelope = Extract<WireMessage, { readonly message: unknown }>;

/** The message a `kind` envelope carries. */
export type ServiceMessage<K extends ServiceEnvelope['kind']> = Extract<
  ServiceEnvelope,
  { readonly kind: K }
>['message'];

/** Every `kind` message `session` receives from now on, in order: the array fills as they arrive. */
export function collectMessages<K extends ServiceEnvelope['kind']>(
  session: SecureSession,
  kind: K,
): ServiceMessage<K>[] {
  const messages: ServiceEnvelope['message'][] = [];
  void (async () => {
    for await (const body of session) {
      const message = decodeMessage(body);
      if (message.kind === kind) messages.push(message.message);
    }
  })().catch(() => undefined);
  return messages as ServiceMessage<K>[];
}
