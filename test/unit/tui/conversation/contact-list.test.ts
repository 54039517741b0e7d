import { describe, expect, it } from 'vitest';
import { contactEntries, contactName, resolveTarget } from '../../../../src/tui/conversation/contact-list.js';
import { contact, onion } from '../../../shared/fake-node/index.js';

describe('contactEntries', () => {
  it('orders requests, friends, waiting, blocked, alphabetically inside, numbered in that order', () => {
    const entries = contactEntries([
      contact(1, { nickname: 'zoe' }),
      contact(2, { state: 'blocked', nickname: 'mallory' }),
      contact(3, { state: 'incoming-request' }),
      contact(4, { nickname: 'adam' }),
      contact(5, { state: 'outgoing-request', nickname: 'bob' }),
    ]);
    expect(entries.map((entry) => [entry.number, entry.section, entry.name])).toEqual([
      [1, 'requests', onion(3)],
      [2, 'friends', 'adam'],
      [3, 'friends', 'zoe'],
      [4, 'pending', 'bob'],
      [5, 'blocked', 'mallory'],
    ]);
  });

  it('names a contact by our nickname, else by the name they announced, else by onion address', () => {
    expect(contactName(contact(1, { nickname: 'Alice', displayName: 'Queen of Hearts' }))).toBe('Alice');
    expect(contactName(contact(1, { displayName: 'Grace' }))).toBe('Grace');
    expect(contactName(contact(1, { nickname: '  ', displayName: ' ' }))).toBe(onion(1));
  });

  it('shows the start of the onion address beside names that read the same, and only those', () => {
    // A stranger announces the name of a friend (other case, a full-width letter, extra spaces).
    const entries = contactEntries([
      contact(1, { nickname: 'Ada' }),
      contact(2, { state: 'incoming-request', displayName: ' ａda ' }),
      contact(3, { nickname: 'Grace' }),
    ]);
    const names = new Map(entries.map((entry) => [entry.contact.onion, entry.name]));
    expect(names.get(onion(1))).toBe(`Ada ·${onion(1).slice(0, 6)}`);
    expect(names.get(onion(2))).toBe(` ａda  ·${onion(2).slice(0, 6)}`);
    expect(names.get(onion(3))).toBe('Grace');
  });

  it('finds a contact by the name they announced', () => {
    const entries = contactEntries([
      contact(1, { state: 'incoming-request', displayName: 'Grace' }),
      contact(2, { nickname: 'Ada' }),
    ]);
    const result = resolveTarget('grace', entries);
    expect('contact' in result ? result.contact.onion : result.error).toBe(onion(1));
  });
});

describe('resolveTarget', () => {
  const entries = contactEntries([
    contact(1, { nickname: 'alice' }),
    contact(2, { nickname: 'alicia' }),
    contact(3, { nickname: 'Bob' }),
  ]);

  it('finds exact names in any case, onion addresses, and unambiguous prefixes', () => {
    const found = (typed: string): string | undefined => {
      const result = resolveTarget(typed, entries);
      return 'contact' in result ? result.contact.onion : undefined;
    };
    expect(found('ALICE')).toBe(onion(1));
    expect(found(`${onion(2)}.onion`)).toBe(onion(2));
    expect(found('bo')).toBe(onion(3));
  });

  it('says when a name is unknown or ambiguous', () => {
    expect(resolveTarget('carol', entries)).toEqual({ error: 'No contact called "carol".' });
    expect(resolveTarget('ali', entries)).toEqual({ error: '"ali" could be alice, alicia: type more of the name.' });
  });
});
