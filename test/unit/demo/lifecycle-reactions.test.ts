// The scripted friends of `burrow demo` show taking messages back, on the memory transport: real
// nodes, the user's side driven as the TUI would drive it. They react to the user's first
// message in each conversation, fix a typo of their own with an edit, and answer a timer
// change, an edit and a delete for everyone, in 1:1 chat and in a group.
import { afterEach, describe, expect, it } from 'vitest';
import { ADA, GRACE } from '../../../src/demo/personas.js';
import { ScriptedFriend } from '../../../src/demo/scripted-friend.js';
import type { GroupMessageView } from '../../../src/groups/feature/api.js';
import type { MessageView } from '../../../src/node/api.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { tearDownNodes, TestNode, texts } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';

const NO_PAUSES = { greetAfterMs: 0, readAfterMs: 0, answerAfterMs: 0, ownGroupAfterMs: 0 };

const scripts: ScriptedFriend[] = [];
afterEach(async () => {
  for (const script of scripts.splice(0)) script.stop();
  await tearDownNodes();
});

async function line(user: TestNode, peer: string, id: string): Promise<MessageView | undefined> {
  return (await user.node.history(peer)).find((message) => message.id === id);
}

async function groupLines(user: TestNode, groupId: string): Promise<GroupMessageView[]> {
  return (await user.node.groups.history(groupId)).flatMap((entry) => (entry.type === 'message' ? [entry] : []));
}

describe('scripted friends and taking messages back', () => {
  it('in 1:1 chat: a reaction to the first message, a typo fixed by an edit, and answers to a timer, an edit and a delete', async () => {
    const network = new MemoryNetwork();
    const [user, ada] = [await TestNode.create(network, 'Sam'), await TestNode.create(network, 'Ada')];
    scripts.push(ScriptedFriend.attach({ api: ada.node, user: user.onion, persona: ADA, timing: NO_PAUSES }));
    await befriend(user, ada);

    // Ada's typo arrives, then her edit fixes it.
    const typo = async () => (await user.node.history(ada.onion)).find((m) => m.text === ADA.typo!.wrong || m.edited);
    await until(async () => (await typo())?.text === ADA.typo!.fixed, 'Ada fixes her typo');
    expect((await typo())?.edited).toBe(true);

    const first = await user.node.sendMessage(ada.onion, 'hello Ada');
    await until(async () => (await line(user, ada.onion, first.id))?.reactions?.[0]?.emoji === '👍', 'Ada reacts');
    const second = await user.node.sendMessage(ada.onion, 'and again');
    await until(async () => (await texts(user, ada.onion)).includes(ADA.reply('and again', 1)), 'Ada answers it');
    expect((await line(user, ada.onion, second.id))?.reactions ?? []).toEqual([]); // only the first

    await user.node.lifecycle.setTimer(ada.onion, 3600);
    await until(async () => (await texts(user, ada.onion)).includes(ADA.timerNoted!('1 hour')), 'Ada notes the timer');
    await user.node.lifecycle.edit(ada.onion, second.id, 'and once more');
    const noticed = ADA.changeNoticed!('and once more');
    await until(async () => (await texts(user, ada.onion)).includes(noticed), 'Ada notices the edit');
    await user.node.lifecycle.delete(ada.onion, second.id, { forEveryone: true });
    const gone = ADA.changeNoticed!(undefined);
    await until(async () => (await texts(user, ada.onion)).includes(gone), 'Ada notices the delete');
    // A timer line is no message to answer with a tip, and each change is answered once.
    const said = await texts(user, ada.onion);
    expect(said.filter((text) => text === noticed || text === gone)).toHaveLength(2);
    expect(said).not.toContain(ADA.reply('', 2));
  });

  it('in a group: a reaction to the user’s first message there, and an answer to the group timer', async () => {
    const network = new MemoryNetwork();
    const [user, grace] = [await TestNode.create(network, 'Sam'), await TestNode.create(network, 'Grace')];
    scripts.push(ScriptedFriend.attach({ api: grace.node, user: user.onion, persona: GRACE, timing: NO_PAUSES }));
    await befriend(user, grace);
    const group = await user.node.groups.create('garden');
    await user.node.groups.invite(group.id, grace.onion);
    await until(async () => (await groupLines(user, group.id)).length === 1, 'Grace says hello in the group');

    const posted = await user.node.groups.send(group.id, 'tomatoes are in');
    const find = async () => (await groupLines(user, group.id)).find((entry) => entry.id === posted.id);
    await until(async () => (await find())?.reactions?.[0]?.emoji === '❤️', 'Grace reacts in the group');
    await user.node.groups.lifecycle.setTimer(group.id, 86_400);
    const noted = `Grace: ${GRACE.timerNoted!('1 day')}`;
    const said = async () => (await groupLines(user, group.id)).map((entry) => `${entry.sender.name}: ${entry.text}`);
    await until(async () => (await said()).includes(noted), 'Grace notes the group timer');
    // The timer line is no message to answer: the one answer is to the post.
    await until(
      async () => (await said()).includes(`Grace: ${GRACE.groupReply!('tomatoes are in', 0)}`),
      'Grace answers the post',
    );
    expect(await said()).not.toContain(`Grace: ${GRACE.groupReply!('', 1)}`);
  });
});
