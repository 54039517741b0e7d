// The demo's friend who goes offline now and then (Linus): the rhythm alone with fake timers,
// then the whole story on the memory transport: a message to him while he is away is held by
// Ada, brings him back, and is delivered.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OfflineCycle } from '../../../src/demo/offline-cycle.js';
import { LINUS } from '../../../src/demo/personas.js';
import { ScriptedFriend } from '../../../src/demo/scripted-friend.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { FAST_TIMING, tearDownNodes, TestNode, texts } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';

const TIMING = { onlineMs: 100, pollMs: 10, backAfterHeldMs: 50, maxAwayMs: 1_000 };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await tearDownNodes();
  vi.useRealTimers();
});

/** A step that only records its name. */
const record = (calls: string[], name: string) => (): Promise<void> => {
  calls.push(name);
  return Promise.resolve();
};

describe('OfflineCycle', () => {
  it('stays online, goes offline, comes back a while after something is held for him, and again', async () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    let held = false;
    const cycle = new OfflineCycle({
      goOffline: record(calls, 'offline'),
      comeBack: record(calls, 'back'),
      heldForHim: () => Promise.resolve(held),
      timing: TIMING,
    });
    cleanups.push(() => cycle.stop());
    expect(cycle.phase).toBe('idle');
    cycle.begin();
    cycle.begin();
    await vi.advanceTimersByTimeAsync(99);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect([calls, cycle.phase]).toEqual([['offline'], 'offline']);
    await vi.advanceTimersByTimeAsync(300);
    expect(calls).toEqual(['offline']);
    held = true;
    await vi.advanceTimersByTimeAsync(10 + 49);
    expect(calls).toEqual(['offline']);
    await vi.advanceTimersByTimeAsync(1);
    expect([calls, cycle.phase]).toEqual([['offline', 'back'], 'online']);
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toEqual(['offline', 'back', 'offline']);
  });

  it('comes back after the longest absence even with nothing held, and does nothing once stopped', async () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    const cycle = new OfflineCycle({
      goOffline: record(calls, 'offline'),
      comeBack: record(calls, 'back'),
      heldForHim: () => Promise.resolve(false),
      timing: TIMING,
    });
    cycle.begin();
    await vi.advanceTimersByTimeAsync(100 + 1_000);
    expect(calls).toEqual(['offline', 'back']);
    await cycle.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect([calls, cycle.phase]).toEqual([['offline', 'back'], 'stopped']);
  });
});

describe('Linus, offline now and then', () => {
  it('a message to him while he is away is held by Ada, brings him back, and is delivered and answered', async () => {
    const network = new MemoryNetwork();
    const options = { timing: { ...FAST_TIMING, relayGraceMs: 30 } };
    const [user, ada, linus] = [
      await TestNode.create(network, 'Sam', options),
      await TestNode.create(network, 'Ada', options),
      await TestNode.create(network, 'Linus', options),
    ];
    await befriend(ada, linus);
    await befriend(user, ada);
    const script = ScriptedFriend.attach({
      api: linus.node,
      user: user.onion,
      persona: LINUS,
      timing: { greetAfterMs: 0, readAfterMs: 0, answerAfterMs: 0 },
    });
    cleanups.push(() => script.stop());
    const cycle = new OfflineCycle({
      // As the demo does: the node stops, the profile stays open (restart() closes and reopens it).
      goOffline: () => linus.node.stop(),
      comeBack: async () => {
        await linus.restart();
        script.moveTo(linus.node);
      },
      heldForHim: async () => (await ada.node.relay.status()).held.envelopes > 0,
      timing: { ...TIMING, onlineMs: 3_000, maxAwayMs: 60_000 },
    });
    cleanups.push(() => cycle.stop());
    await befriend(linus, user);
    await until(async () => (await texts(user, linus.onion)).includes(LINUS.greeting), 'Linus greets');
    cycle.begin();
    await until(
      async () => !(await user.node.contacts()).some((c) => c.onion === linus.onion && c.online),
      'Linus goes offline',
    );

    const sent = await user.node.sendMessage(linus.onion, 'are you there?');
    const stateOf = async (): Promise<string | undefined> =>
      (await user.node.history(linus.onion)).find((m) => m.id === sent.id)?.state;
    await until(async () => ['delivered', 'read'].includes((await stateOf()) ?? ''), 'delivered once he is back');
    const relayStates = user.eventsOf('message-relay').map((event) => event.relay?.state ?? 'none');
    expect(relayStates.slice(0, 2)).toEqual(['waiting', 'held']);
    expect(user.eventsOf('message-relay').find((event) => event.relay?.state === 'held')?.relay?.holders).toBe(1);
    await until(
      async () => (await texts(user, linus.onion)).includes(LINUS.reply('are you there?', 0)),
      'Linus answers once back',
    );
  });
});
