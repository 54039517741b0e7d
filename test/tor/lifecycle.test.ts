/**
 * Taking messages back over the private Tor network, through `burrow ctl` only: three daemons
 * (Ada, Bob, and Cy, a friend of both who relays for them). Ada edits and deletes for everyone
 * while Bob is online, and while he is offline (the actions reach him sealed through Cy, with Ada
 * gone); a 10-second timer makes a message disappear from both profiles; bad input is refused.
 * The same in a group: group-lifecycle.test.ts.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { MessageView } from '../../src/node/api.js';
import type { RelayStatusView } from '../../src/relay/feature/api.js';
import { runBurrow } from '../shared/burrow-cli.js';
import { daemonTrio, wait, type Who } from './helpers/daemon-trio.js';

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
  const trio = daemonTrio('lifecycle', inject('testnetDir'));
  const { people, ctl, start, stop, online } = trio;
  const [ada, bob, cy] = people;
  const history = (who: Who, peer: Who): Promise<MessageView[]> =>
    ctl(who, 'history', peer.onion) as Promise<MessageView[]>;
  const find = async (who: Who, peer: Who, id: string): Promise<MessageView | undefined> =>
    (await history(who, peer)).find((message) => message.id === id);

  beforeAll(() => trio.setUp(), 900_000);
  afterAll(() => trio.tearDown());

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
});
