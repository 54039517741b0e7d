import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScriptedFriend } from '../../../src/demo/scripted-friend.js';
import type { Persona } from '../../../src/demo/personas.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { tearDownNodes, TestNode, texts } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { contact, FakeNode, onion } from '../../shared/fake-node/index.js';

const ECHO: Persona = { name: 'Echo', greeting: 'hello, I am a script', reply: (text, index) => `#${index}: ${text}` };
const NO_PAUSES = { greetAfterMs: 0, readAfterMs: 0, answerAfterMs: 0 };

const scripts: ScriptedFriend[] = [];
afterEach(async () => {
  for (const script of scripts.splice(0)) script.stop();
  await tearDownNodes();
});

async function pair(): Promise<{ user: TestNode; bot: TestNode; network: MemoryNetwork }> {
  const network = new MemoryNetwork();
  const user = await TestNode.create(network, 'user');
  const bot = await TestNode.create(network, 'bot');
  return { user, bot, network };
}

describe('ScriptedFriend', () => {
  it('greets the user once they are friends and online, then reads and answers each message in turn', async () => {
    const { user, bot } = await pair();
    scripts.push(ScriptedFriend.attach({ api: bot.node, user: user.onion, persona: ECHO, timing: NO_PAUSES }));
    await befriend(user, bot);
    await until(async () => (await texts(user, bot.onion)).includes('hello, I am a script'), 'the greeting arrives');

    const first = await user.node.sendMessage(bot.onion, 'one');
    await user.node.sendMessage(bot.onion, 'two');
    await until(async () => (await texts(user, bot.onion)).length === 5, 'both answers arrive');
    expect(await texts(user, bot.onion)).toEqual(['hello, I am a script', 'one', 'two', '#0: one', '#1: two']);
    await until(
      async () => (await user.node.history(bot.onion)).find((m) => m.id === first.id)?.state === 'read',
      'the bot read the message',
    );
  });

  it('greets only once, however often the user reconnects', async () => {
    const { user, bot, network } = await pair();
    scripts.push(ScriptedFriend.attach({ api: bot.node, user: user.onion, persona: ECHO, timing: NO_PAUSES }));
    await befriend(user, bot);
    await until(async () => (await texts(user, bot.onion)).length === 1, 'the greeting arrives');
    await network.goOffline(user.onion);
    await user.restart();
    await until(async () => (await user.node.contacts()).some((c) => c.onion === bot.onion && c.online), 'back online');
    await user.node.sendMessage(bot.onion, 'again');
    await until(async () => (await texts(user, bot.onion)).length === 3, 'the answer arrives');
    expect(await texts(user, bot.onion)).toEqual(['hello, I am a script', 'again', '#0: again']);
  });

  it('waits before reading and answering, talks to nobody else, and stops answering once stopped', async () => {
    vi.useFakeTimers();
    try {
      const [user, stranger] = [onion(1), onion(2)];
      const node = new FakeNode([contact(1), contact(2)]);
      const script = ScriptedFriend.attach({
        api: node,
        user,
        persona: ECHO,
        timing: { greetAfterMs: 100, readAfterMs: 100, answerAfterMs: 100 },
      });
      node.emit({ type: 'presence', onion: stranger, online: true });
      node.receive(stranger, 'hi bot');
      await vi.runAllTimersAsync();
      expect(node.calls).toEqual([]);

      node.receive(user, 'first');
      await vi.advanceTimersByTimeAsync(99);
      expect(node.calls).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(node.calls).toEqual([{ method: 'markRead', args: [user] }]);
      script.stop();
      await vi.runAllTimersAsync();
      node.receive(user, 'after the stop');
      node.emit({ type: 'presence', onion: user, online: true });
      await vi.runAllTimersAsync();
      expect(node.calls).toEqual([{ method: 'markRead', args: [user] }]);
    } finally {
      vi.useRealTimers();
    }
  });
});
