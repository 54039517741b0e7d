/** /edit, /delete, /reply, /react and /timer typed in the TUI's input line, against two real nodes. */
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../src/tui/commands/command.js';
import { parseLine, runCommand } from '../../../src/tui/commands/registry.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { tearDownNodes, TestNode } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';

afterEach(tearDownNodes);

async function type(line: string, context: CommandContext): Promise<string | undefined> {
  const parsed = parseLine(line);
  if (parsed.kind !== 'command') return parsed.kind === 'invalid' ? parsed.message : parsed.kind;
  return (await runCommand(parsed.command, context)).notice?.text;
}

describe('lifecycle commands in the TUI', () => {
  it('edits and deletes your last message, replies and reacts to theirs, sets a timer', async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    const bob = await TestNode.create(network, 'bob');
    await befriend(ada, bob);
    const context = {
      api: ada.node,
      openContact: { contact: { onion: bob.onion, state: 'friend' }, name: 'bob', number: 1 },
      openGroup: undefined,
    } as unknown as CommandContext;

    const first = await ada.node.sendMessage(bob.onion, 'frist');
    await ada.node.sendMessage(bob.onion, 'second');
    expect(await type('/edit #2 first', context)).toBe('Edited.');
    expect(await type('/delete', context)).toBe('Deleted for everyone.');
    const theirs = await bob.node.sendMessage(ada.onion, 'lunch?');
    await until(async () => (await ada.node.history(bob.onion)).some((m) => m.id === theirs.id), 'ada has it');
    expect(await type('/reply sure', context)).toBe('Replied.');
    expect(await type('/react 🍕', context)).toBe('Reacted 🍕.');
    expect(await type('/timer 1h', context)).toBe('Messages disappear after 1 hour.');

    const history = await ada.node.history(bob.onion);
    expect(history.find((m) => m.id === first.id)).toMatchObject({ text: 'first', edited: true });
    expect(history.find((m) => m.text === 'sure')).toMatchObject({ replyTo: theirs.id });
    expect(history.find((m) => m.id === theirs.id)?.reactions).toEqual([{ emoji: '🍕', count: 1, mine: true }]);
    expect(history.filter((m) => m.deleted === true)).toHaveLength(1);
    await until(async () => (await bob.node.lifecycle.timer(ada.onion)) === 3600, 'bob has the timer');

    expect(await type('/react nice', context)).toBe('A reaction is exactly one emoji (e.g. 👍).');
    expect(await type('/timer 2s', context)).toMatch(/^Give off or a duration/);
    expect(await type('/edit #9 nope', context)).toBe('No message of yours that far back.');
    expect(await type('/edit', context)).toMatch(/^Give the text/);
  });
});
