/**
 * Reading one session until it ends: every frame is decoded and handled before the next is
 * read (so a peer's messages are handled in the order sent), and a message that fails closes
 * that session only. The host reads main sessions with it, and bulk-links.ts bulk sessions.
 */
import { BurrowError } from '../errors.js';
import { logger, sensitive } from '../log.js';
import { decodeMessage, type WireMessage } from '../protocol/envelope/index.js';
import { SessionClosedError } from '../session/session-errors.js';
import type { PeerLink } from './peer-link.js';

const log = logger('node');

/** What reading a session needs. */
export interface LinkReaderHooks {
  /** Unix ms. */
  readonly now: () => number;
  /** Checks a decoded message and hands it on; a throw closes the session. */
  readonly handle: (link: PeerLink, message: WireMessage) => Promise<void>;
  /** Handling failed for a reason that is not the peer's fault (a disk error, a bug). */
  readonly failed: (error: unknown) => void;
}

/** Reads `link` until it closes; never rejects. */
export async function readLink(link: PeerLink, hooks: LinkReaderHooks): Promise<void> {
  try {
    for await (const body of link.session) {
      await handleBody(link, body, hooks);
      if (!link.isOpen) break;
    }
  } catch (error) {
    log.info('session ended with an error', { peer: sensitive(link.peer), error });
  }
}

async function handleBody(link: PeerLink, body: Uint8Array, hooks: LinkReaderHooks): Promise<void> {
  try {
    const message = decodeMessage(body);
    link.lastReceivedAt = hooks.now();
    link.heard = true;
    await hooks.handle(link, message);
  } catch (error) {
    if (error instanceof SessionClosedError) return; // closed under us: the close handler takes over
    if (error instanceof BurrowError && error.action === 'drop-peer') {
      log.warn('closing a session: the peer sent what it may not', { peer: sensitive(link.peer), error });
    } else {
      log.error('handling a message failed; closing the session', { peer: sensitive(link.peer), error });
      hooks.failed(error);
    }
    void link.close();
  }
}
