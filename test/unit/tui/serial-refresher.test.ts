import { describe, expect, it } from 'vitest';
import { serialRefresher } from '../../../src/tui/serial-refresher.js';

describe('serialRefresher', () => {
  it('never overlaps fetches, and runs once more however often it was asked meanwhile', async () => {
    const releases: (() => void)[] = [];
    let running = 0;
    let most = 0;
    const refresher = serialRefresher(
      async () => {
        running++;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
      },
      () => undefined,
    );
    refresher.run();
    expect(refresher.busy).toBe(true);
    refresher.run();
    refresher.run();
    releases.shift()!();
    await expect.poll(() => releases.length).toBe(1);
    releases.shift()!();
    await expect.poll(() => refresher.busy).toBe(false);
    expect(releases).toEqual([]);
    expect(most).toBe(1);
  });

  it('reports a failure and starts afresh on the next run; nothing runs once disposed', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const refresher = serialRefresher(
      () => {
        calls++;
        return calls === 1 ? Promise.reject(new Error('offline')) : Promise.resolve();
      },
      (error) => errors.push(error),
    );
    refresher.run();
    await expect.poll(() => errors.length).toBe(1);
    refresher.run();
    await expect.poll(() => calls).toBe(2);
    refresher.dispose();
    refresher.run();
    expect(calls).toBe(2);
  });
});
