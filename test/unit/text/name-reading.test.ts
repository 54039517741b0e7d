import { describe, expect, it } from 'vitest';
import { lookalikes, readsAs } from '../../../src/lib/name-reading.js';

describe('how a name reads', () => {
  it('is the same whatever invisible characters, controls, case, width or spacing a copy adds', () => {
    for (const copy of ['Bob', 'bo\u200bb', '\u202eBOB', 'ｂｏｂ', ' bob\u3164 ', 'b\u0007ob', 'bo\u2060b\u{E0062}'])
      expect(readsAs(copy)).toBe('bob');
    expect(readsAs('bobby')).not.toBe('bob');
  });

  it('finds every item that shares its reading with another, never blank names', () => {
    const people = ['bob', 'Bo\u200bb', 'carol', '', '\u200b', 'dave'];
    expect([...lookalikes(people, (name) => name)]).toEqual(['bob', 'Bo\u200bb']);
  });
});
