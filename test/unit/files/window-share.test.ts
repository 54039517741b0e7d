/** Fair shares among one friend's downloads (src/files/window-share.ts). */
import { describe, expect, it } from 'vitest';
import { WINDOW_REPORT_TTL_MS, WindowShare } from '../../../src/files/window-share.js';

describe('window shares', () => {
  it('never holds back a download alone with a friend', () => {
    const share = new WindowShare();
    expect(share.allow('bob', 'a', 7, 0)).toBe(7);
    expect(share.for('a').allow('bob', 9, 1)).toBe(9);
  });

  it('holds a download that got ahead to the mean of that friend’s downloads, not another friend’s', () => {
    const share = new WindowShare();
    share.allow('bob', 'a', 2, 0);
    share.allow('bob', 'b', 2, 0);
    expect(share.allow('bob', 'c', 8, 0)).toBe(4); // ceil((2 + 2 + 8) / 3)
    expect(share.allow('bob', 'a', 2, 0)).toBe(2); // under the mean: its own
    expect(share.allow('cyd', 'c', 8, 0)).toBe(8); // alone with Cyd
  });

  it('forgets a download that stopped planning', () => {
    const share = new WindowShare();
    share.allow('bob', 'finished', 2, 0);
    expect(share.allow('bob', 'live', 8, 1_000)).toBe(5);
    expect(share.allow('bob', 'live', 8, 1_000 + WINDOW_REPORT_TTL_MS + 1)).toBe(8);
  });
});
