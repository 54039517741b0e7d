/** The chat budget's order of checks: the rate (a counter) before the unread bytes (a query of the store). */
import { describe, expect, it } from 'vitest';
import { ChatBudget } from '../../../src/chat/chat-budget.js';
import { generateIdentity } from '../../../src/crypto/identity.js';

describe('chat budget', () => {
  const friend = generateIdentity().onionAddress;

  it('refuses a friend over its rate without asking the store for unread bytes', () => {
    let queries = 0;
    const budget = new ChatBudget({ rate: { capacity: 2, refillIntervalMs: 3_600_000 }, maxUnreadBytes: 1_000 }, () => {
      queries += 1;
      return 0;
    });
    expect(budget.admit(friend, 'a1', 10, 0)).toBeUndefined();
    expect(budget.admit(friend, 'a2', 10, 0)).toBeUndefined();
    expect(queries).toBe(2);
    for (let i = 0; i < 50; i++) expect(budget.admit(friend, `b${i}`, 10, 0)).toBe('rate');
    expect(queries).toBe(2);
  });

  it('spends no token on a message refused for unread bytes', () => {
    let unread = 995;
    const budget = new ChatBudget(
      { rate: { capacity: 1, refillIntervalMs: 3_600_000 }, maxUnreadBytes: 1_000 },
      () => unread,
    );
    expect(budget.admit(friend, 'big', 10, 0)).toBe('unread-bytes');
    unread = 0; // the user read
    expect(budget.admit(friend, 'big', 10, 0)).toBeUndefined();
    expect(budget.admit(friend, 'next', 10, 0)).toBe('rate');
  });
});
