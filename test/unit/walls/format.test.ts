/** `burrow ctl wall` and `feed` output (walls/ctl/format.ts): peer text scrubbed, non-friends with their fingerprint. */
import { describe, expect, it } from 'vitest';
import type { GroupPersonView } from '../../../src/groups/feature/api.js';
import { formatWall } from '../../../src/walls/ctl/format.js';

const person = (name: string, isFriend: boolean, isSelf = false): GroupPersonView => ({
  onion: `${name}${'a'.repeat(56 - name.length)}`,
  name,
  fingerprint: `${name} aaaa`,
  isFriend,
  isSelf,
});

describe('wall output', () => {
  it('shows posts with reactions and comments, a non-friend marked, escape sequences stripped', () => {
    const text = formatWall({
      owner: 'ada',
      isSelf: false,
      posts: [
        {
          id: '1'.repeat(64),
          author: person('ada', true),
          text: 'hello\u001b]0;pwned\u0007 there',
          createdAt: Date.UTC(2026, 0, 2, 3, 4),
          reactions: [{ emoji: '👍', count: 2, mine: true, by: [] }],
          comments: [
            {
              id: '2'.repeat(64),
              author: person('cy', false),
              text: 'hi \u001b[2Jall',
              createdAt: Date.UTC(2026, 0, 2, 3, 5),
            },
          ],
        },
      ],
    });
    expect(text).toBe(
      [
        'wall of ada',
        '111111111111  2026-01-02 03:04  ada (ada aaaa)',
        '  hello there',
        '  👍 2',
        '    222222222222  2026-01-02 03:05  cy (cy aaaa, not a friend): hi all',
      ].join('\n'),
    );
    // Only our own wall says how many read it.
    expect(formatWall({ owner: 'me', isSelf: true, audience: 3, posts: [] })).toBe(
      'your wall (audience: 3)\n(no posts yet)',
    );
  });
});
