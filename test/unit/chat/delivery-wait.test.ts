import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DaemonClient } from '../../../src/daemon/client.js';
import type { NodeEvent } from '../../../src/node/api.js';
import type { MessageView } from '../../../src/chat/feature/api.js';
import { parseDeliveryWait, watchDelivery } from '../../../src/chat/ctl/delivery-wait.js';
import { exitCodeFor } from '../../../src/cli/exit-codes.js';
import { BurrowError } from '../../../src/errors.js';

/** A daemon client whose event stream the test drives. */
function fakeClient(): { client: DaemonClient; emit: (event: NodeEvent) => void } {
  let listener: (event: NodeEvent) => void = () => undefined;
  const client = {
    subscribe: (next: (event: NodeEvent) => void) => {
      listener = next;
      return Promise.resolve();
    },
  } as unknown as DaemonClient;
  return { client, emit: (event) => listener(event) };
}

const sent: MessageView = {
  id: 'ab'.repeat(16),
  conversation: 'peer',
  direction: 'out',
  text: 'hello',
  createdAt: 1,
  state: 'sent',
};
const stateEvent = (id: string, state: 'sent' | 'delivered' | 'read'): NodeEvent => ({
  type: 'message-state',
  id,
  conversation: 'peer',
  state,
});

describe('send --wait', () => {
  afterEach(() => vi.useRealTimers());

  it('returns the message as delivered once its receipt comes, ignoring other messages and states', async () => {
    const { client, emit } = fakeClient();
    const until = await watchDelivery(client, 30);
    const waiting = until(sent);
    emit(stateEvent('cd'.repeat(16), 'delivered'));
    emit(stateEvent(sent.id, 'sent'));
    let settled = false;
    void waiting.finally(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    emit(stateEvent(sent.id, 'delivered'));
    await expect(waiting).resolves.toMatchObject({ id: sent.id, state: 'delivered' });
  });

  it('does not miss a receipt that came before the send call returned', async () => {
    const { client, emit } = fakeClient();
    const until = await watchDelivery(client, 30);
    emit(stateEvent(sent.id, 'read'));
    await expect(until(sent)).resolves.toMatchObject({ state: 'read' });
  });

  it('gives up after the wait with PeerUnreachableError, which exits with status 7', async () => {
    vi.useFakeTimers();
    const { client } = fakeClient();
    const until = await watchDelivery(client, 5);
    const waiting = until(sent);
    const caught = waiting.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(4_999);
    await vi.advanceTimersByTimeAsync(1);
    const error = await caught;
    expect(error).toBeInstanceOf(BurrowError);
    expect((error as BurrowError).name).toBe('PeerUnreachableError');
    expect((error as BurrowError).message).toMatch(/within 5 seconds.*stays queued/);
    expect(exitCodeFor(error as BurrowError)).toBe(7);
  });

  it('takes a duration from 5 s to an hour, and refuses anything else as a usage error', () => {
    expect(parseDeliveryWait('30s')).toBe(30);
    expect(parseDeliveryWait('1h')).toBe(3600);
    for (const bad of ['0', 'off', '2h', 'soon', '-5s', '1s']) {
      expect(() => parseDeliveryWait(bad)).toThrow(expect.objectContaining({ name: 'UsageError' }));
    }
  });
});
