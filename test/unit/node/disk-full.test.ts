/**
 * A full disk under a profile: Bob's profile lives on a small file system that fills up while
 * Ada writes to him. Nothing is acknowledged that was not stored (Ada never sees "delivered"
 * for a message Bob does not have), Bob is told clearly, nothing is corrupted, and once space
 * comes back every message arrives by itself, exactly once.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { captureLogs, tearDownNodes, TestNode, texts } from '../../shared/node-harness.js';
import { mountSmallDisk, type SmallDisk } from '../../shared/small-disk.js';
import { until } from '../../shared/until.js';

const disk = mountSmallDisk(8 * 1024 * 1024);
const mounted = typeof disk === 'string' ? undefined : disk;

afterEach(tearDownNodes);
afterAll(() => mounted?.unmount());

describe.skipIf(mounted === undefined)(`a full disk (${typeof disk === 'string' ? disk : 'tmpfs'})`, () => {
  it('acknowledges only what was stored, says so, and delivers everything once space returns', async () => {
    const small = mounted as SmallDisk;
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    const bob = await TestNode.create(network, 'bob', {}, small.dir);
    await befriend(ada, bob);

    await captureLogs(async (lines) => {
      small.fill(0);
      const sent: string[] = [];
      for (let i = 0; i < 40; i++) {
        const text = `while the disk is full ${i} ${'x'.repeat(2000)}`;
        await ada.node.sendMessage(bob.onion, text);
        sent.push(text);
      }
      await until(() => bob.eventsOf('storage-problem').length > 0, 'Bob is told');
      expect(bob.eventsOf('storage-problem')[0]).toMatchObject({ error: 'StoreFullError' });
      expect(bob.eventsOf('storage-problem')[0]!.message).toContain('is full');
      expect(lines.some((line) => line.includes('StoreFullError'))).toBe(true);
      // Whatever Ada counts as delivered, Bob has.
      const delivered = (await ada.node.history(bob.onion, { limit: 500 })).filter((m) => m.state === 'delivered');
      const stored = new Set(await texts(bob, ada.onion));
      expect(delivered.every((message) => stored.has(message.text))).toBe(true);
      expect(delivered.length).toBeLessThan(sent.length);

      small.release();
      await until(async () => (await texts(bob, ada.onion)).length === sent.length, 'everything arrives', 30_000);
      await until(
        async () => (await ada.node.history(bob.onion, { limit: 500 })).every((m) => m.state === 'delivered'),
        'Ada sees it all delivered',
        30_000,
      );
      expect(await texts(bob, ada.onion)).toEqual(sent);
      // Told once, not once per refused message.
      expect(bob.eventsOf('storage-problem')).toHaveLength(1);
    });
    bob.store.checkIntegrity('full');
  });
});
