/**
 * A member who joins under a name that reads like another member's (here a friend's name with
 * a zero-width space in it) cannot pass as them: every front end shows a fingerprint beside
 * both — the member view, the history, `burrow ctl group`, the TUI's labels.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { formatEntry, formatGroup } from '../../../src/groups/ctl/format.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { personTag } from '../../../src/tui/conversation/group-list.js';
import { safeGroup } from '../../../src/tui/safe-groups.js';
import { tearDownNodes } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { graph, groupOf, historyOf, join } from './helpers.js';

afterEach(tearDownNodes);

describe('look-alike member names', () => {
  it('a friend and a member who copies their name both get a fingerprint; others do not', async () => {
    const network = new MemoryNetwork();
    // Ada's friends: Bob, Carol, and one who calls himself "bo\u200bb" (it reads as "bob").
    const [ada, bob, carol, mallory] = await graph(
      network,
      ['ada', 'bob', 'carol', 'bo\u200bb'],
      [
        [0, 1],
        [0, 2],
        [0, 3],
      ],
    );
    const { id } = await ada!.node.groups.create('club');
    for (const member of [bob!, carol!, mallory!]) await join(ada!, member, id);
    await until(async () => (await groupOf(ada!, id))?.members.length === 4, 'ada knows every member');

    const group = (await groupOf(ada!, id))!;
    const byOnion = new Map(group.members.map((member) => [member.onion, member]));
    expect(byOnion.get(bob!.onion)?.lookalike).toBe(true);
    expect(byOnion.get(mallory!.onion)?.lookalike).toBe(true);
    expect(byOnion.get(carol!.onion)?.lookalike).toBeUndefined();
    expect(byOnion.get(ada!.onion)?.lookalike).toBeUndefined();

    // The TUI: both friends carry the start of their address (a friend alone would not).
    const shown = safeGroup(group).members;
    const tagOf = (onion: string): string => personTag(shown.find((member) => member.onion === onion)!);
    expect(tagOf(bob!.onion)).toMatch(/^·[a-z2-7]{4}$/);
    expect(tagOf(mallory!.onion)).toMatch(/^·[a-z2-7]{4}$/);
    expect(tagOf(bob!.onion)).not.toBe(tagOf(mallory!.onion));
    expect(tagOf(carol!.onion)).toBe('');

    // burrow ctl group show.
    const text = formatGroup(group);
    expect(text.split('\n').filter((line) => line.includes("name like another member's"))).toHaveLength(2);

    // The history: a line from the impostor says so too.
    await mallory!.node.groups.send(id, 'it is me, Bob');
    await until(async () => (await historyOf(ada!, id)).some((entry) => entry.type === 'message'), 'the message');
    const line = (await historyOf(ada!, id)).find((entry) => entry.type === 'message')!;
    expect(line.type === 'message' && line.sender.lookalike).toBe(true);
    expect(formatEntry(line)).toContain("name like another member's");
  });
});
