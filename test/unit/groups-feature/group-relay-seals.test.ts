// Which members get a sealed copy of our group items, and when (groups/feature/relay-seals.ts), on fake
// timers: the item is a real op from a GroupEngine; the relay is a recording sealer.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { generateIdentity } from '../../../src/crypto/identity.js';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import { GroupEngine, type VerifiedGroupOp } from '../../../src/groups/index.js';
import { GroupRelaySeals, MAX_SEALED_COPIES_PER_GROUP_ITEM } from '../../../src/groups/feature/relay-seals.js';
import type { RelayedGroupItem } from '../../../src/relay/feature/ports.js';

const GRACE_MS = 1_000;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const someone = (): OnionAddress => generateIdentity().onionAddress;

/** A real group item (the create op of a new group) by `self`. */
function ownItem(): { self: OnionAddress; groupId: string; item: VerifiedGroupOp } {
  const identity = generateIdentity();
  const engine = new GroupEngine({ identity, isFriend: () => false, now: Date.now() });
  const { groupId, effects } = engine.createGroup('climbers', 'ada', Date.now());
  return { self: identity.onionAddress, groupId, item: effects.changes[0]!.ops[0]! };
}

function recordingSeals(self: OnionAddress, friends: readonly OnionAddress[], accept: () => boolean = () => true) {
  const sealed: [OnionAddress, RelayedGroupItem, string][] = [];
  const seals = new GroupRelaySeals({
    sealer: {
      sealGroupItem: (recipient, item, ref) => {
        if (!accept()) return false;
        sealed.push([recipient, item, ref]);
        return true;
      },
    },
    graceMs: GRACE_MS,
    now: () => Date.now(),
    self,
    isFriend: (peer) => friends.includes(peer),
  });
  return { seals, sealed };
}

describe('GroupRelaySeals', () => {
  it('seals to at most the bound of absent members, our friends first, after the grace period', () => {
    const { self, groupId, item } = ownItem();
    const friends = [someone(), someone(), someone()];
    const connected = friends[0]!;
    const strangers = Array.from({ length: MAX_SEALED_COPIES_PER_GROUP_ITEM + 4 }, someone);
    const { seals, sealed } = recordingSeals(self, friends);

    seals.created(groupId, item, new Set([self, ...friends, ...strangers]), new Set([connected]));
    vi.advanceTimersByTime(GRACE_MS - 1);
    expect(sealed).toEqual([]);
    vi.advanceTimersByTime(1);

    const recipients = sealed.map(([recipient]) => recipient);
    expect(recipients).toHaveLength(MAX_SEALED_COPIES_PER_GROUP_ITEM);
    expect(new Set(recipients).size).toBe(recipients.length);
    expect(recipients).toEqual(expect.arrayContaining([friends[1], friends[2]]));
    expect(recipients).not.toContain(self);
    expect(recipients).not.toContain(connected);
    for (const [, sealedItem, ref] of sealed) {
      expect(ref).toBe(`group:${groupId}`);
      expect(sealedItem).toEqual({ kind: 'group-op', op: item.wire });
    }
    seals.stop();
  });

  it('seals nothing for a friend who comes back within the grace period, and waits out a fresh one after they leave again', () => {
    const { self, groupId, item } = ownItem();
    const friend = someone();
    const { seals, sealed } = recordingSeals(self, [friend]);

    seals.created(groupId, item, new Set([self, friend]), new Set());
    seals.online(friend);
    vi.advanceTimersByTime(10 * GRACE_MS);
    expect(sealed).toEqual([]);

    seals.offline(friend);
    seals.created(groupId, item, new Set([self, friend]), new Set());
    vi.advanceTimersByTime(GRACE_MS - 1);
    expect(sealed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sealed.map(([recipient]) => recipient)).toEqual([friend]);
    seals.stop();
  });

  it('tries again a grace period later when the relay is full, and nothing after stop', () => {
    const { self, groupId, item } = ownItem();
    const friend = someone();
    let full = true;
    const { seals, sealed } = recordingSeals(self, [friend], () => !full);

    seals.created(groupId, item, new Set([self, friend]), new Set());
    vi.advanceTimersByTime(GRACE_MS);
    expect(sealed).toEqual([]);
    full = false;
    vi.advanceTimersByTime(GRACE_MS);
    expect(sealed.map(([recipient]) => recipient)).toEqual([friend]);

    seals.created(groupId, item, new Set([self, friend]), new Set());
    seals.stop();
    vi.advanceTimersByTime(10 * GRACE_MS);
    expect(sealed).toHaveLength(1);
  });
});
