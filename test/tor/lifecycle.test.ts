/**
 * Taking messages back over the private Tor network, through `burrow ctl` only: three daemons
 * (Ada, Bob, and Cy, a friend of both who relays for them). Ada edits and deletes for everyone
 * while Bob is online, and while he is offline (the actions reach him sealed through Cy, with Ada
 * gone); a 10-second timer makes a message disappear from both profiles; bad input is refused.
 * In a group of the three: an edit, a reaction and a reply reach Bob after he was offline (group
 * catch-up), Ada as admin deletes Cy's message for everyone, and Cy may not moderate or set the timer.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContactView, MessageView } from '../../src/node/api.js';
import type { GroupEntryView, GroupInviteView, GroupMessageView, GroupView } from '../../src/groups/feature/api.js';
import type { RelayStatusView } from '../../src/relay/feature/api.js';
import { ctlJson, runBurrow, startDaemon, type RunningDaemon } from '../shared/burrow-cli.js';
import { until } from '../shared/until.js';

const STEP_MS = 240_000;
const wait = (condition: () => Promise<boolean>, what: string): Promise<void> =>
  until(() => condition().catch(() => false), what, STEP_MS, 500);

interface Who {
  readonly name: string;
  readonly profile: string;
  readonly env: NodeJS.ProcessEnv;
  onion: string;
  daemon?: RunningDaemon | undefined;
}

/** Every file under `dir` (the profile: database, WAL, tor's directory) that contains `text`. */
function filesContaining(dir: string, text: string): string[] {
  const needle = Buffer.from(text, 'utf8');
  const found: string[] = [];
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      const stat = statSync(full, { throwIfNoEntry: false });
      if (stat?.isDirectory() === true) walk(full);
      else if (stat?.isFile() === true && readFileSync(full).includes(needle)) found.push(full);
    }
  };
  walk(dir);
  return found;
}

describe('taking messages back over Tor, through burrow ctl', () => {
  const testnetDir = inject('testnetDir');
  const root = mkdtempSync(join(tmpdir(), 'burrow-lifecycle-'));
  const people: Who[] = ['ada', 'bob', 'cy'].map((name) => ({
    name,
    profile: join(root, name),
    env: { BURROW_PASSPHRASE: `${name} passphrase for lifecycle` },
    onion: '',
  }));
  const [ada, bob, cy] = people as [Who, Who, Who];
  const ctl = (who: Who, ...args: string[]): Promise<unknown> => ctlJson(who.profile, args);
  const history = (who: Who, peer: Who): Promise<MessageView[]> =>
    ctl(who, 'history', peer.onion) as Promise<MessageView[]>;
  const find = async (who: Who, peer: Who, id: string): Promise<MessageView | undefined> =>
    (await history(who, peer)).find((message) => message.id === id);
  const start = async (who: Who): Promise<void> => {
    who.daemon = await startDaemon(who.profile, who.env, { torFlags: ['--testnet', testnetDir] });
  };
  const stop = async (who: Who): Promise<void> => {
    const daemon = who.daemon;
    who.daemon = undefined;
    expect(await daemon?.stop()).toBe(0);
  };
  const online = async (who: Who, peer: Who): Promise<void> =>
    wait(
      async () => ((await ctl(who, 'contacts')) as ContactView[]).some((c) => c.onion === peer.onion && c.online),
      `${who.name} online with ${peer.name}`,
    );
  const befriend = async (a: Who, b: Who): Promise<void> => {
    await ctl(a, 'add', b.onion, 'hi');
    await wait(
      async () => ((await ctl(b, 'requests')) as ContactView[]).some((c) => c.onion === a.onion),
      `${b.name} gets the request`,
    );
    await ctl(b, 'accept', a.onion);
    await online(a, b);
  };

  beforeAll(async () => {
    for (const who of people) {
      const created = await runBurrow(['init', '--json', '--profile', who.profile, '--name', who.name], who.env);
      expect(created.code, created.stderr).toBe(0);
      who.onion = (JSON.parse(created.stdout) as { onion: string }).onion;
    }
    await Promise.all(people.map(start));
    await befriend(ada, bob);
    await befriend(ada, cy);
    await befriend(bob, cy);
  }, 900_000);

  afterAll(async () => {
    for (const who of people) await who.daemon?.kill();
    rmSync(root, { recursive: true, force: true });
  });

  it('edits and deletes for everyone while the friend is online', async () => {
    const sent = (await ctl(ada, 'send', bob.onion, 'see you at teh lake')) as MessageView;
    await wait(async () => (await find(bob, ada, sent.id)) !== undefined, 'Bob has it');
    await ctl(ada, 'edit', bob.onion, sent.id, 'see you at the lake');
    await wait(async () => (await find(bob, ada, sent.id))?.edited === true, 'Bob sees the edit');
    expect((await find(bob, ada, sent.id))?.text).toBe('see you at the lake');
    await ctl(ada, 'delete', bob.onion, sent.id, '--for-everyone');
    await wait(async () => (await find(bob, ada, sent.id))?.deleted === true, 'Bob sees the tombstone');
    expect((await find(bob, ada, sent.id))?.text).toBe('');
    expect((await find(ada, bob, sent.id))?.deleted).toBe(true);
  }, 600_000);

  it('edits and deletes for everyone while the friend is offline: delivered later through a relay', async () => {
    const first = (await ctl(ada, 'send', bob.onion, 'the door code is 1234')) as MessageView;
    const second = (await ctl(ada, 'send', bob.onion, 'wrong chat, forget this')) as MessageView;
    await wait(async () => (await find(bob, ada, second.id)) !== undefined, 'Bob has both');
    await stop(bob);
    await ctl(ada, 'edit', bob.onion, first.id, 'the door code is 4321');
    await ctl(ada, 'delete', bob.onion, second.id, '--for-everyone');
    await wait(
      async () => ((await ctl(cy, 'relay', 'status')) as RelayStatusView).held.envelopes >= 2,
      'Cy holds the sealed edit and delete',
    );
    await stop(ada); // Ada is gone: only Cy can bring them
    await start(bob);
    await wait(async () => (await find(bob, ada, first.id))?.text === 'the door code is 4321', 'the edit arrives');
    await wait(async () => (await find(bob, ada, second.id))?.deleted === true, 'the delete arrives');
    await start(ada);
    await online(ada, bob);
  }, 900_000);

  it('a 10-second timer leaves the text in neither profile, searched byte by byte with the WAL', async () => {
    const line = (await ctl(ada, 'timer', bob.onion, '10s')) as MessageView;
    expect(line.timer).toBe(10);
    await wait(
      async () => ((await ctl(bob, 'timer', ada.onion)) as { seconds: number }).seconds === 10,
      'Bob has the timer',
    );
    const secret = 'self-destructing rendezvous at midnight';
    const sent = (await ctl(ada, 'send', bob.onion, secret)) as MessageView;
    expect(sent.expiresAt).toBeGreaterThan(Date.now());
    await wait(async () => (await find(bob, ada, sent.id)) !== undefined, 'Bob has it');
    await ctl(bob, 'read', ada.onion);
    await wait(async () => (await find(ada, bob, sent.id)) === undefined, 'gone from Ada’s history');
    await wait(async () => (await find(bob, ada, sent.id)) === undefined, 'gone from Bob’s history');
    await Promise.all([stop(ada), stop(bob)]);
    expect(filesContaining(ada.profile, secret)).toEqual([]);
    expect(filesContaining(bob.profile, secret)).toEqual([]);
    await Promise.all([start(ada), start(bob)]);
    await online(ada, bob);
    await ctl(ada, 'timer', bob.onion, 'off');
    await wait(async () => ((await ctl(bob, 'timer', ada.onion)) as { seconds: number }).seconds === 0, 'timer off');
  }, 600_000);

  it('refuses unknown ids, others’ messages, huge texts, bad reactions and timers out of range', async () => {
    const theirs = (await ctl(bob, 'send', ada.onion, 'bob wrote this')) as MessageView;
    await wait(async () => (await find(ada, bob, theirs.id)) !== undefined, 'Ada has it');
    const mine = (await ctl(ada, 'send', bob.onion, 'ada wrote this')) as MessageView;
    const refused = async (args: string[], error: string): Promise<void> => {
      const result = await runBurrow(['ctl', ...args, '--profile', ada.profile]);
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr).toMatch(new RegExp(error, 'i'));
    };
    await refused(['edit', bob.onion, theirs.id, 'mine now'], 'only the author');
    await refused(['delete', bob.onion, theirs.id, '--for-everyone'], 'only the author');
    await refused(['edit', bob.onion, 'f'.repeat(32), 'x'], 'no message with that id');
    await refused(['edit', bob.onion, mine.id, 'x'.repeat(17_000)], 'limit is');
    await refused(['react', bob.onion, mine.id, 'nice'], 'exactly one emoji');
    await refused(['timer', bob.onion, '2s'], 'timer is');
    await refused(['timer', bob.onion, '400d'], 'timer is');
    expect((await find(bob, ada, theirs.id))?.text).toBe('bob wrote this');
  }, 300_000);

  it('in a group: edits, reactions and replies catch up, an admin deletes a member’s message, members may not moderate', async () => {
    const group = (await ctl(ada, 'group', 'create', 'lake')) as GroupView;
    for (const who of [bob, cy]) {
      await ctl(ada, 'group', 'invite', group.id, who.onion);
      await wait(
        async () => ((await ctl(who, 'group', 'invitations')) as GroupInviteView[]).some((i) => i.groupId === group.id),
        `${who.name} is invited`,
      );
      const invite = ((await ctl(who, 'group', 'invitations')) as GroupInviteView[]).find(
        (i) => i.groupId === group.id,
      )!;
      await ctl(who, 'group', 'accept', invite.id);
    }
    for (const who of people)
      await wait(
        async () => ((await ctl(who, 'group', 'members', group.id)) as GroupView).members.length === 3,
        `${who.name} sees three members`,
      );
    const line = async (who: Who, id: string): Promise<GroupMessageView | undefined> =>
      ((await ctl(who, 'group', 'history', group.id)) as GroupEntryView[]).find(
        (entry): entry is GroupMessageView => entry.type === 'message' && entry.id === id,
      );

    const posted = (await ctl(cy, 'group', 'send', group.id, 'meet at teh dock')) as GroupMessageView;
    await wait(async () => (await line(bob, posted.id)) !== undefined, 'Bob has it');
    await stop(bob);
    await ctl(cy, 'group', 'edit', group.id, posted.id, 'meet at the dock');
    await ctl(ada, 'group', 'react', group.id, posted.id, '👍');
    const reply = (await ctl(ada, 'group', 'send', group.id, 'on my way', '--reply-to', posted.id)) as GroupMessageView;
    await start(bob);
    await wait(async () => (await line(bob, posted.id))?.text === 'meet at the dock', 'the edit catches up');
    await wait(async () => (await line(bob, posted.id))?.reactions?.[0]?.emoji === '👍', 'the reaction catches up');
    await wait(async () => (await line(bob, reply.id))?.replyTo === posted.id, 'the reply catches up');

    await ctl(ada, 'group', 'delete', group.id, posted.id, '--for-everyone');
    for (const who of [bob, cy])
      await wait(async () => (await line(who, posted.id))?.deleted === true, `${who.name} sees the moderation`);
    const refused = async (args: string[], error: string): Promise<void> => {
      const result = await runBurrow(['ctl', 'group', ...args, '--profile', cy.profile]);
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr).toMatch(new RegExp(error, 'i'));
    };
    await refused(['delete', group.id, reply.id, '--for-everyone'], 'only the author of a message or a group admin');
    await refused(['edit', group.id, reply.id, 'mine now'], 'only the author');
    await refused(['timer', group.id, '1h'], 'only an admin');
    expect((await line(bob, reply.id))?.text).toBe('on my way');
  }, 900_000);
});
