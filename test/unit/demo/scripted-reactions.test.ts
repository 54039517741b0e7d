// The scripted friends of `burrow demo` in groups and with files, on the memory transport:
// real nodes, the user's side driven as the TUI would drive it.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADA, GRACE } from '../../../src/demo/personas.js';
import { QUOTED_HASH_CHARS } from '../../../src/demo/reactions/files.js';
import { ScriptedFriend, type ScriptedFriendOptions } from '../../../src/demo/scripted-friend.js';
import type { GroupEntryView } from '../../../src/groups/feature/api.js';
import { formatBytes } from '../../../src/text/transfer-format.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { tearDownNodes, TestNode, texts } from '../../shared/node-harness.js';
import { tempDir } from '../../shared/temp-dirs.js';
import { until } from '../../shared/until.js';

const NO_PAUSES = { greetAfterMs: 0, readAfterMs: 0, answerAfterMs: 0, ownGroupAfterMs: 0 };
/** Offers are never accepted automatically: the scripts must accept. */
const ASK_ALWAYS = { preferences: () => ({ autoAcceptBelowBytes: 0, maxSizeBytes: 1024 * 1024 }), tickMs: 50 };

const scripts: ScriptedFriend[] = [];
afterEach(async () => {
  for (const script of scripts.splice(0)) script.stop();
  await tearDownNodes();
});

function script(options: Omit<ScriptedFriendOptions, 'timing'>): void {
  scripts.push(ScriptedFriend.attach({ ...options, timing: NO_PAUSES }));
}

const node = (network: MemoryNetwork, name: string): Promise<TestNode> =>
  TestNode.create(network, name, { files: ASK_ALWAYS });

const messagesOf = (entries: readonly GroupEntryView[]): string[] =>
  entries.flatMap((entry) => (entry.type === 'message' ? [`${entry.sender.name}: ${entry.text}`] : []));

async function groupTexts(user: TestNode, group: string): Promise<string[]> {
  return messagesOf(await user.node.groups.history(group));
}

describe('scripted friends in groups', () => {
  it('accept the user’s invitation, say hello in the group, and answer the user there', async () => {
    const network = new MemoryNetwork();
    const [user, ada] = [await node(network, 'Sam'), await node(network, 'Ada')];
    script({ api: ada.node, user: user.onion, persona: ADA });
    await befriend(user, ada);

    const group = await user.node.groups.create('climbing');
    await user.node.groups.invite(group.id, ada.onion);
    const hello = `Ada: ${ADA.groupHello!('climbing')}`;
    await until(async () => (await groupTexts(user, group.id)).includes(hello), 'Ada’s hello in the group');
    expect((await user.node.groups.get(group.id)).members.map((member) => member.name).sort()).toEqual(['Ada', 'Sam']);

    await user.node.groups.send(group.id, 'see you at the wall');
    const answer = `Ada: ${ADA.groupReply!('see you at the wall', 0)}`;
    await until(async () => (await groupTexts(user, group.id)).includes(answer), 'Ada’s answer in the group');
    expect(await groupTexts(user, group.id)).toEqual([hello, 'Sam: see you at the wall', answer]);
  });

  it('one makes a group of her own with the other in it and invites the user, who sees both say hello', async () => {
    const network = new MemoryNetwork();
    const [user, ada, grace] = [await node(network, 'Sam'), await node(network, 'Ada'), await node(network, 'Grace')];
    await befriend(ada, grace);
    script({ api: ada.node, user: user.onion, persona: ADA, fellows: [grace.onion] });
    script({ api: grace.node, user: user.onion, persona: GRACE, fellows: [ada.onion] });
    await befriend(user, ada);
    await befriend(grace, user);

    await until(async () => (await user.node.groups.invitations()).length === 1, 'Grace’s invitation arrives');
    const [invite] = await user.node.groups.invitations();
    expect(invite).toMatchObject({ groupName: GRACE.ownGroup, inviter: grace.onion });
    await user.node.groups.accept(invite!.id);
    await until(async () => (await user.node.groups.list()).length === 1, 'the group arrives');
    const group = invite!.groupId;
    await until(async () => (await groupTexts(user, group)).length === 2, 'both say hello once the user is in');
    expect((await groupTexts(user, group)).sort()).toEqual(
      [`Ada: ${ADA.groupHello!(GRACE.ownGroup!)}`, `Grace: ${GRACE.groupHello!(GRACE.ownGroup!)}`].sort(),
    );
    expect((await user.node.groups.get(group)).members.map((member) => member.name).sort()).toEqual([
      'Ada',
      'Grace',
      'Sam',
    ]);
  });
});

describe('scripted friends and files', () => {
  it('accept a file the user sends and say it arrived with its hash; offer their own file of tips', async () => {
    const network = new MemoryNetwork();
    const [user, ada] = [await node(network, 'Sam'), await node(network, 'Ada')];
    const root = tempDir('burrow-demo-files-');
    const [downloads, gift, mine] = [join(root, 'ada-downloads'), join(root, ADA.gift!.fileName), join(root, 'mine')];
    mkdirSync(downloads);
    mkdirSync(mine);
    writeFileSync(gift, ADA.gift!.content);
    script({ api: ada.node, user: user.onion, persona: ADA, downloads, giftPath: gift });
    await befriend(user, ada);

    // Ada's gift: offered after her greeting, accepted by the user.
    await until(async () => (await user.node.files.list()).some((t) => t.direction === 'in'), 'Ada’s offer arrives');
    const [offered] = await user.node.files.list();
    expect(offered).toMatchObject({ name: ADA.gift!.fileName, state: 'offered', from: ada.onion });
    await until(async () => (await texts(user, ada.onion)).includes(ADA.gift!.announce), 'Ada says what she offered');
    await user.node.files.accept(offered!.id, mine);
    await until(async () => (await user.node.files.list())[0]?.state === 'complete', 'the gift arrives');
    expect(readFileSync(join(mine, ADA.gift!.fileName), 'utf8')).toBe(ADA.gift!.content);

    // The user's file: Ada accepts it and says so, with the start of its hash.
    const notes = join(root, 'notes.txt');
    writeFileSync(notes, 'a file for Ada\n'.repeat(100));
    const sent = await user.node.files.send(ada.onion, notes);
    const said = ADA.fileReceived!('notes.txt', formatBytes(1500), sent.id.slice(0, QUOTED_HASH_CHARS));
    await until(async () => (await texts(user, ada.onion)).includes(said), 'Ada says she received it');
    expect(readFileSync(join(downloads, 'notes.txt'), 'utf8')).toBe('a file for Ada\n'.repeat(100));
  });
});
