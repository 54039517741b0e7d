/**
 * /edit, /delete, /reply, /react and /timer typed in a group conversation of the TUI, against
 * real nodes; and how an edited, replied-to, reacted-to message and a timer line are drawn.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { GroupMessageView } from '../../../src/groups/feature/api.js';
import type { CommandContext } from '../../../src/tui/commands/command.js';
import { parseLine, runCommand } from '../../../src/tui/commands/registry.js';
import { describeItem } from '../../../src/tui/conversation/history-item.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { tearDownNodes } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { graph, groupAlong, groupOf, historyOf } from './helpers.js';

afterEach(tearDownNodes);

async function type(line: string, context: CommandContext): Promise<string | undefined> {
  const parsed = parseLine(line);
  if (parsed.kind !== 'command') return parsed.kind === 'invalid' ? parsed.message : parsed.kind;
  return (await runCommand(parsed.command, context)).notice?.text;
}

describe('lifecycle commands in a group conversation', () => {
  it('edits and deletes your last message, replies and reacts to others’, sets the timer as admin', async () => {
    const [ada, bob] = await graph(new MemoryNetwork(), ['ada', 'bob'], [[0, 1]]);
    const groupId = await groupAlong([ada!, bob!]);
    const group = (await groupOf(ada!, groupId))!;
    const context = (node: typeof ada) =>
      ({
        api: node!.node,
        openContact: undefined,
        openGroup: { group, name: group.name, number: 1, key: 'g' },
      }) as unknown as CommandContext;

    const first = await ada!.node.groups.send(groupId, 'frist');
    await ada!.node.groups.send(groupId, 'second');
    expect(await type('/edit #2 first', context(ada))).toBe('Edited.');
    expect(await type('/delete', context(ada))).toBe('Deleted for everyone.');
    const theirs = await bob!.node.groups.send(groupId, 'lunch?');
    await until(async () => (await historyOf(ada!, groupId)).some((line) => line.id === theirs.id), 'ada has it');
    expect(await type('/reply sure', context(ada))).toBe('Replied.');
    expect(await type('/react 🍕', context(ada))).toBe('Reacted 🍕.');
    expect(await type('/timer 1h', context(ada))).toBe('Messages disappear after 1 hour.');
    expect(await type('/timer 1h', context(bob))).toMatch(/admin/);

    const lines = (await historyOf(ada!, groupId)).filter((line): line is GroupMessageView => line.type === 'message');
    expect(lines.find((line) => line.id === first.id)).toMatchObject({ text: 'first', edited: true });
    expect(lines.filter((line) => line.deleted === true)).toHaveLength(1);
    const reply = lines.find((line) => line.text === 'sure')!;
    expect(reply.replyTo).toBe(theirs.id);
    const lunch = lines.find((line) => line.id === theirs.id)!;
    expect(lunch.reactions).toEqual([{ emoji: '🍕', count: 1, mine: true }]);

    const byId = new Map(lines.map((line) => [line.id, line]));
    const names = { me: 'me', peer: '' };
    const drawn = (line: GroupMessageView) => describeItem(line, names, (id) => byId.get(id));
    expect(drawn(reply)).toMatchObject({ kind: 'message', text: '> lunch?\nsure' });
    expect(drawn(lunch)).toMatchObject({ text: 'lunch?  🍕 1' });
    expect(drawn(lines.find((line) => line.id === first.id)!)).toMatchObject({ text: 'first (edited)' });
    const timerLine = drawn(lines.find((line) => line.timer === 3600)!);
    expect(timerLine.kind === 'system' && timerLine.segments.map((s) => s.text).join('')).toBe(
      '* me set messages to disappear after 1 hour',
    );
  });
});
