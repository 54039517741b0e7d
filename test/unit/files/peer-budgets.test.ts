import { describe, expect, it } from 'vitest';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import { ChatBudget, REFUSAL_HOLD_MS } from '../../../src/chat/chat-budget.js';
import { OfferBudget, type PendingOffers } from '../../../src/files/offer-budget.js';
import { ThrottleNotices } from '../../../src/lib/throttle-notices.js';

const ada = 'a'.repeat(56) as OnionAddress;
const eve = 'e'.repeat(56) as OnionAddress;

describe('per-friend budgets (pure)', () => {
  it('refuses an offer past the waiting count or bytes without spending a token, then by rate', () => {
    let pending: PendingOffers = { count: 0, bytes: 0 };
    const budget = new OfferBudget(
      { rate: { capacity: 2, refillIntervalMs: 1_000 }, maxPendingOffers: 3, maxPendingBytes: 100 },
      () => pending,
    );
    pending = { count: 3, bytes: 0 };
    expect(budget.admit(eve, 1, 0)).toBe('pending-offers');
    pending = { count: 0, bytes: 90 };
    expect(budget.admit(eve, 11, 0)).toBe('pending-offer-bytes');
    pending = { count: 0, bytes: 0 };
    expect([budget.admit(eve, 1, 0), budget.admit(eve, 1, 0), budget.admit(eve, 1, 0)]).toEqual([
      undefined,
      undefined,
      'rate',
    ]);
    expect(budget.admit(ada, 1, 0)).toBeUndefined();
    expect(budget.admit(eve, 1, 1_000)).toBeUndefined();
  });

  it('refuses a chat message past the unread bytes before the rate', () => {
    let unread = 0;
    const budget = new ChatBudget({ rate: { capacity: 1, refillIntervalMs: 1_000 }, maxUnreadBytes: 10 }, () => unread);
    unread = 5;
    expect(budget.admit(eve, 'm1', 6, 0)).toBe('unread-bytes');
    expect(budget.admit(eve, 'm1', 5, 0)).toBeUndefined();
    unread = 0;
    expect(budget.admit(eve, 'm2', 1, 0)).toBe('rate');
  });

  it('holds later chat messages behind the first refused one, so the order stays', () => {
    const budget = new ChatBudget({ rate: { capacity: 1, refillIntervalMs: 1_000 }, maxUnreadBytes: 100 }, () => 0);
    expect(budget.admit(eve, 'm1', 1, 0)).toBeUndefined();
    expect(budget.admit(eve, 'm2', 1, 0)).toBe('rate');
    // The rate has refilled, but m3 must not overtake m2.
    expect(budget.admit(eve, 'm3', 1, 5_000)).toBe('rate');
    expect(budget.admit(eve, 'm2', 1, 5_000)).toBeUndefined();
    expect(budget.admit(eve, 'm3', 1, 6_000)).toBeUndefined();
    // Stored another way (through friends), the held message stops holding.
    expect(budget.admit(eve, 'm4', 1, 6_000)).toBe('rate');
    budget.stored(eve, 'm4');
    expect(budget.admit(eve, 'm5', 1, 7_000)).toBeUndefined();
    // And a held message that never comes again stops holding after REFUSAL_HOLD_MS.
    expect(budget.admit(ada, 'a1', 1, 0)).toBeUndefined();
    expect(budget.admit(ada, 'a2', 1, 0)).toBe('rate');
    expect(budget.admit(ada, 'a3', 1, REFUSAL_HOLD_MS - 1)).toBe('rate');
    expect(budget.admit(ada, 'a3', 1, REFUSAL_HOLD_MS)).toBeUndefined();
  });

  it('tells about a throttled peer once per interval', () => {
    const notices = new ThrottleNotices<OnionAddress>(60_000);
    expect([0, 1, 59_999, 60_000].map((now) => notices.shouldTell(eve, now))).toEqual([true, false, false, true]);
    expect(notices.shouldTell(ada, 1)).toBe(true);
    notices.retain(new Set([ada]));
    expect(notices.shouldTell(eve, 60_001)).toBe(true);
  });
});
