/**
 * The feed view in the terminal UI: opened from the sidebar's Feed row and with /feed, posts
 * newest first with new-marks, comments folded under each post and unfolded under the selected
 * one, posting, commenting and reacting on the selected post, one author's wall, live updates
 * on wall events, and hostile text from peers drawn harmless.
 */
import { describe, expect, it } from 'vitest';
import { helpLines } from '../../../src/tui/help-lines.js';
import type { WallCommentView, WallPostView } from '../../../src/walls/feature/api.js';
import { contact, FakeNode, onion, person } from '../../shared/fake-node/index.js';
import { KEYS, startMain, waitForFrame, type Rendered } from './harness.js';

const day = (hour: number, minute = 0): number => new Date(2025, 5, 3, hour, minute).getTime();
const id = (seed: number): string => seed.toString(16).padStart(2, '0').repeat(32);

const ALICE = person(onion(1), { name: 'alice-announced', nickname: 'alice' });
const BOB = person(onion(2), { name: 'bob', nickname: 'bob' });
/** Dave is no friend of ours: a commenter on alice's wall. */
const DAVE = person(onion(4), { name: 'dave', isFriend: false });
const DAVE_TAG = `dave·${onion(4).slice(0, 4)}`;

function post(seed: number, fields: Partial<WallPostView> = {}): WallPostView {
  return {
    id: id(seed),
    author: ALICE,
    text: `post ${seed}`,
    createdAt: day(9),
    comments: [],
    reactions: [],
    ...fields,
  };
}

function comment(seed: number, fields: Partial<WallCommentView> = {}): WallCommentView {
  return { id: id(seed), author: BOB, text: `comment ${seed}`, createdAt: day(9, 30), ...fields };
}

/** A node with friends alice and bob, and (newest first) a post of bob's and two of alice's. */
function withFeed(): FakeNode {
  const node = new FakeNode([contact(1, { nickname: 'alice' }), contact(2, { nickname: 'bob' })]);
  node.walls.posts = [
    post(3, { author: BOB, text: 'bob at the crag', createdAt: day(11) }),
    post(2, {
      text: 'alice climbed',
      createdAt: day(10),
      comments: [comment(20, { text: 'well done' }), comment(21, { author: DAVE, text: 'see you there' })],
      reactions: [{ emoji: '👍', count: 2, mine: true, by: [onion(2), 'me'] }],
    }),
    post(1, { text: 'alice hello', createdAt: day(9) }),
  ];
  return node;
}

/** The pane part (right of the sidebar) of every row. */
const pane = (frame: string): string[] => frame.split('\n').map((line) => line.split('│')[1] ?? '');
/** The sidebar part of the row holding `text`. */
const sidebarRow = (frame: string, text: string): string =>
  frame
    .split('\n')
    .map((line) => line.split('│')[0] ?? '')
    .find((left) => left.includes(text)) ?? '';

async function openFeed(ui: Rendered): Promise<string> {
  await ui.type('/feed', KEYS.enter);
  return waitForFrame(ui, (frame) => (pane(frame)[0] ?? '').includes('Feed (3)'));
}

describe('the feed', () => {
  it('opens from the sidebar Feed row (after the last conversation) and with /feed, newest first', async () => {
    const node = withFeed();
    const ui = await startMain(node, { columns: 100, rows: 30 });
    // Two friends' posts not seen yet are counted on the Feed row (three posts, none ours).
    expect(sidebarRow(ui.frame(), 'Feed')).toMatch(/≡ Feed +3/);
    await ui.type(KEYS.ctrlP); // from alice, the first conversation, back round to the feed
    const frame = await waitForFrame(ui, (text) => (pane(text)[0] ?? '').includes('Feed (3)'));
    const rows = pane(frame).join('\n');
    expect(rows.indexOf('bob at the crag')).toBeLessThan(rows.indexOf('alice climbed'));
    expect(rows.indexOf('alice climbed')).toBeLessThan(rows.indexOf('alice hello'));
    // While open, nothing is unseen.
    expect(sidebarRow(frame, 'Feed')).not.toMatch(/\d/);

    await ui.type(KEYS.ctrlN); // round to alice
    await waitForFrame(ui, (text) => (pane(text)[0] ?? '').includes('alice'));
    await openFeed(ui);
    expect(node.callsOf('walls.feed').length).toBeGreaterThan(0);
  });

  it('marks posts new the first time, then only those that came since the feed was last open', async () => {
    const node = withFeed();
    const ui = await startMain(node);
    let frame = await openFeed(ui);
    expect(pane(frame).filter((row) => row.includes('●'))).toHaveLength(3);
    await ui.type(KEYS.alt('1'));
    node.walls.posts = [post(4, { author: BOB, text: 'bob again', createdAt: day(12) }), ...node.walls.posts];
    node.emit({ type: 'wall', owner: onion(2) });
    frame = await waitForFrame(ui, (text) => /≡ Feed +1/.test(sidebarRow(text, 'Feed')));
    await ui.type('/feed', KEYS.enter);
    frame = await waitForFrame(ui, (text) => pane(text).some((row) => row.includes('bob again')));
    frame = await waitForFrame(ui, (text) => pane(text).filter((row) => row.includes('●')).length === 1);
    expect(pane(frame).find((row) => row.includes('●'))).toContain('bob');
  });

  it('folds comments to a count, unfolds them under the selected post (↑/↓), a non-friend with their tag', async () => {
    const node = withFeed();
    const ui = await startMain(node, { columns: 110, rows: 34 });
    let frame = await openFeed(ui);
    // The newest post is selected; alice's has its comments folded and its reactions counted.
    expect(pane(frame).find((row) => row.includes('▸'))).toContain('bob');
    expect(pane(frame).join('\n')).toMatch(/👍 2 \(yours: 👍\) · 2 comments \(↑↓ to open\)/);
    expect(frame).not.toContain('well done');

    await ui.type(KEYS.down);
    frame = await waitForFrame(ui, (text) => text.includes('well done'));
    expect(pane(frame).find((row) => row.includes('▸'))).toContain('alice');
    expect(frame).toContain('see you there');
    expect(pane(frame).find((row) => row.includes('dave'))).toContain(DAVE_TAG);
    expect(pane(frame).find((row) => row.includes('↳ bob'))).not.toContain('·');

    await ui.type(KEYS.down, KEYS.down); // stops at the oldest
    frame = await waitForFrame(ui, (text) => !text.includes('well done'));
    const rows = pane(frame);
    expect(rows[rows.findIndex((row) => row.includes('▸')) + 1]).toContain('alice hello');
    await ui.type(KEYS.up);
    await waitForFrame(ui, (text) => text.includes('well done'));
  });

  it('posts a typed line or /post to our wall, and comments and reacts on the selected post', async () => {
    const node = withFeed();
    const ui = await startMain(node);
    await openFeed(ui);
    await ui.type('first light on the ridge', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Posted to your wall.'));
    await ui.type('/post second one', KEYS.enter);
    await waitForFrame(ui, () => node.callsOf('walls.post').length === 2);
    expect(node.callsOf('walls.post').map((call) => call.args)).toEqual([['first light on the ridge'], ['second one']]);
    // Nothing went to a conversation.
    expect(node.callsOf('sendMessage')).toEqual([]);

    // The fake sends no wall event: the feed is read again after each action all the same.
    const beforeComment = node.callsOf('walls.feed').length;
    await ui.type(KEYS.down, '/comment nice one', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Commented on alice’s post.'));
    expect(node.callsOf('walls.feed').length).toBeGreaterThan(beforeComment);
    expect(node.callsOf('walls.comment').map((call) => call.args)).toEqual([[id(2), 'nice one']]);
    await ui.type('/react 🎉', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Reacted 🎉 to alice’s post.'));
    await ui.type('/react off', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Reaction removed.'));
    expect(node.callsOf('walls.react').map((call) => call.args)).toEqual([
      [id(2), '🎉'],
      [id(2), ''],
    ]);
    await ui.type('/react not an emoji', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('A reaction is exactly one emoji'));
    expect(node.callsOf('walls.react')).toHaveLength(2);

    // A wall event (the node sends one for our own comment too) fetches the feed again.
    const fetched = node.callsOf('walls.feed').length;
    node.walls.posts = [post(2, { ...node.walls.posts[1], comments: [comment(22, { text: 'nice one' })] })];
    node.emit({ type: 'wall', owner: onion(1) });
    await waitForFrame(ui, (frame) => (pane(frame)[0] ?? '').includes('Feed (1)') && frame.includes('nice one'));
    expect(node.callsOf('walls.feed').length).toBeGreaterThan(fetched);
  });

  it('/edit and /delete change or delete our own selected post, and refuse anyone else’s', async () => {
    const node = withFeed();
    node.walls.posts = [
      post(4, { author: person('me', { name: 'me', isSelf: true }), text: 'my typo', createdAt: day(12) }),
      ...node.walls.posts,
    ];
    const ui = await startMain(node);
    await ui.type('/feed', KEYS.enter);
    await waitForFrame(ui, (frame) => (pane(frame)[0] ?? '').includes('Feed (4)'));
    await ui.type('/edit my fixed text', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Post edited.'));
    await ui.type('/delete', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Post deleted.'));
    expect(node.callsOf('walls.edit').map((call) => call.args)).toEqual([[id(4), 'my fixed text']]);
    expect(node.callsOf('walls.delete').map((call) => call.args)).toEqual([[id(4)]]);
    // Bob's post (the next one down) is not ours.
    await ui.type(KEYS.down, '/edit not mine', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Only your own posts can be edited.'));
    await ui.type('/delete', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Only your own posts can be deleted.'));
    expect(node.callsOf('walls.edit')).toHaveLength(1);
    expect(node.callsOf('walls.delete')).toHaveLength(1);
    // Nothing touched a conversation.
    expect(node.callsOf('chat.edit')).toEqual([]);
  });

  it('/wall shows only the selected post’s author, /feed everyone again; outside the feed they say to open it', async () => {
    const node = withFeed();
    const ui = await startMain(node);
    await ui.type('/comment hello', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Open the feed (/feed) and choose a post'));
    expect(node.callsOf('walls.comment')).toEqual([]);

    await openFeed(ui);
    await ui.type(KEYS.down, '/wall', KEYS.enter);
    let frame = await waitForFrame(ui, (text) => (pane(text)[0] ?? '').includes('alice’s wall'));
    expect(frame).toContain('Showing alice’s wall.');
    expect(frame).toContain('alice hello');
    expect(frame).not.toContain('bob at the crag');
    await ui.type('/feed', KEYS.enter);
    frame = await waitForFrame(ui, (text) => (pane(text)[0] ?? '').includes('Feed (3)'));
    expect(frame).toContain('bob at the crag');
  });

  it('draws hostile posts, comments, reactions and names without any control sequence', async () => {
    const ESC = '\u001b';
    const hostile = `x${ESC}]0;pwned\u0007${ESC}[2J${ESC}]8;;https://evil.example${ESC}\\link${ESC}]8;;${ESC}\\\u009b5A end`;
    const node = new FakeNode([contact(1, { nickname: 'alice' })]);
    const mallory = person(onion(5), { name: `mal${ESC}[2Klory`, isFriend: false });
    node.walls.posts = [
      post(1, {
        author: person(onion(1), { name: `alice${ESC}]0;t\u0007` }),
        text: `post ${hostile}`,
        comments: [comment(2, { author: mallory, text: `comment ${hostile}` })],
        reactions: [{ emoji: `${ESC}[5m!`, count: 1, mine: false, by: [onion(5)] }],
      }),
    ];
    const ui = await startMain(node, { columns: 140, rows: 30 });
    await ui.type('/feed', KEYS.enter);
    const frame = await waitForFrame(ui, (text) => text.includes('comment x'));
    expect(frame).toMatch(/post x.*link.* end/);
    const unstyled = ui.frames.map((each) => each.replace(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '')).join('\n');
    const controls = [...unstyled].filter((character) => {
      const code = character.codePointAt(0) ?? 0;
      return (code < 0x20 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f);
    });
    expect(controls).toEqual([]);
    for (const payload of [']0;', '2J', '2K', ']8;', 'evil.example', '[5m', '5A'])
      expect(unstyled).not.toContain(payload);
  });

  it('is on the help screen: the commands, and a section for the feed’s keys', () => {
    const text = helpLines(100)
      .map((line) => line.segments.map((segment) => segment.text).join(''))
      .join('\n');
    for (const usage of ['/feed', '/post <text>', '/comment <text>', '/wall']) expect(text).toContain(usage);
    expect(text).toContain('Feed (/feed)');
    expect(text).toMatch(/\/react <emoji\|off> +react to the chosen post/);
  });
});
