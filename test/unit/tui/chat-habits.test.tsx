/**
 * The habits users bring from terminal chat clients, as a user meets them on the main screen:
 * /me action lines, Alt+A to the next active conversation, /search with a jump to the match,
 * the mouse wheel, Ctrl+L, Ctrl+Z, opt-in desktop notifications, links, dropped file paths.
 */
import { describe, expect, it } from 'vitest';
import { contact, FakeNode, group, groupMessage, message, onion, person } from '../../shared/fake-node/index.js';
import { KEYS, memoryPreferences, recordingEffects, settle, startMain, waitForFrame } from './harness.js';

const WHEEL_UP = '\u001b[<64;40;10M';
const WHEEL_DOWN = '\u001b[<65;40;10M';
const CLICK = '\u001b[<0;40;10M';
const CLEAR = '\u001b[2J';

describe('/me', () => {
  it('sends an action message and draws it, and a friend’s, as "* name does"', async () => {
    const node = new FakeNode([contact(1, { nickname: 'alice' })]);
    const ui = await startMain(node);
    await ui.type('/me waves', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('* Me waves'));
    expect(node.callsOf('sendMessage')[0]?.args).toEqual([onion(1), '/me waves']);
    node.receive(onion(1), '/me dances');
    await waitForFrame(ui, (frame) => frame.includes('* alice dances'));
  });

  it('asks what you do when /me comes alone, and no longer opens the address card', async () => {
    const ui = await startMain(new FakeNode([contact(1, { nickname: 'alice' })]));
    await ui.type('/me', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Say what you do. Usage: /me <action>'));
    expect(ui.frame()).not.toContain('Your Burrow address');
  });
});

describe('Alt+A, Alt+U', () => {
  it('opens the next conversation with unread messages, and says so when there is none', async () => {
    const node = new FakeNode([
      contact(1, { nickname: 'alice' }),
      contact(2, { nickname: 'bob' }),
      contact(3, { nickname: 'carol' }),
    ]);
    const ui = await startMain(node);
    node.receive(onion(3), 'from carol');
    await settle();
    await ui.type(KEYS.alt('a'));
    await waitForFrame(ui, (frame) => frame.includes('from carol'));
    node.receive(onion(2), 'from bob');
    await settle();
    await ui.type(KEYS.alt('u'));
    await waitForFrame(ui, (frame) => frame.includes('from bob'));
    await ui.type(KEYS.alt('a'));
    await waitForFrame(ui, (frame) => frame.includes('No other conversation has unread messages.'));
  });

  it('moves the address card to Alt+O', async () => {
    const ui = await startMain(new FakeNode());
    await ui.type(KEYS.alt('o'));
    await waitForFrame(ui, (frame) => frame.includes('Your Burrow address'));
  });
});

describe('/search', () => {
  it('finds messages in the open conversation and opens an old one at the match', async () => {
    const alice = onion(1);
    const older = Array.from({ length: 300 }, (_, index) =>
      message(alice, {
        text: index === 3 ? 'the Needle in the haystack' : `filler ${index}`,
        createdAt: index * 60_000,
      }),
    );
    const node = new FakeNode([contact(1, { nickname: 'alice' })], older);
    const ui = await startMain(node, { rows: 24 });
    await waitForFrame(ui, (frame) => frame.includes('filler 299'));
    await ui.type('/search needle', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Search "needle" in alice: 1 match'));
    expect(node.callsOf('searchMessages')[0]?.args).toEqual(['needle', { conversation: alice }]);
    await ui.type(KEYS.enter);
    const frame = await waitForFrame(ui, (text) => text.includes('the Needle in the haystack'));
    expect(frame).not.toContain('filler 299');
    expect(node.callsOf('history').length).toBeGreaterThan(1);
  });

  it('searches every conversation and group with /searchall; Esc closes the results', async () => {
    const node = new FakeNode(
      [contact(1, { nickname: 'alice' }), contact(2, { nickname: 'bob' })],
      [message(onion(2), { text: 'Lunch at noon?' })],
    );
    const climbers = group(7, { name: 'climbers' });
    node.groups.groupList = [climbers];
    node.groups.entries.set(climbers.id, [groupMessage(climbers.id, person(onion(3), { name: 'dave' }), 'lunch!')]);
    const ui = await startMain(node);
    await ui.type('/searchall LUNCH', KEYS.enter);
    const frame = await waitForFrame(ui, (text) => text.includes('2 matches'));
    expect(frame).toMatch(/bob .*bob: Lunch at noon\?/);
    expect(frame).toMatch(/#climbers .*dave: lunch!/);
    await ui.type(KEYS.escape);
    await waitForFrame(ui, (text) => !text.includes('2 matches'));
  });

  it('starts a search with Ctrl+F, taking the words already typed', async () => {
    const ui = await startMain(new FakeNode([contact(1, { nickname: 'alice' })]));
    await ui.type('tickets', '\u0006');
    await waitForFrame(ui, (frame) => frame.includes('> /search tickets'));
  });

  it('says when nothing matches, and refuses an empty search', async () => {
    const ui = await startMain(new FakeNode([contact(1, { nickname: 'alice' })]));
    await ui.type('/searchall zebra', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Nothing found for "zebra".'));
    await ui.type(KEYS.escape, '/search', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Give the text to look for.'));
  });
});

describe('mouse and screen keys', () => {
  it('scrolls the conversation with the wheel (SGR mouse reports) and ignores clicks', async () => {
    const alice = onion(1);
    const many = Array.from({ length: 40 }, (_, index) => message(alice, { text: `line ${index}` }));
    const ui = await startMain(new FakeNode([contact(1, { nickname: 'alice' })], many), { rows: 20 });
    await waitForFrame(ui, (frame) => frame.includes('line 39'));
    await ui.type(WHEEL_UP, WHEEL_UP);
    await waitForFrame(ui, (frame) => frame.includes('6 more lines below') && !frame.includes('line 39'));
    await ui.type(WHEEL_DOWN);
    await waitForFrame(ui, (frame) => frame.includes('3 more lines below'));
    await ui.type(CLICK, WHEEL_DOWN);
    const frame = await waitForFrame(ui, (text) => text.includes('line 39'));
    expect(frame).not.toContain('[<');
    expect(frame).toMatch(/> *\n/);
  });

  it('redraws on Ctrl+L, suspends on Ctrl+Z and redraws when resumed', async () => {
    const effects = recordingEffects();
    const ui = await startMain(new FakeNode(), { effects });
    const clears = (): number => ui.frames.filter((frame) => frame.includes(CLEAR)).length;
    await ui.type('\u000c');
    expect(clears()).toBe(1);
    await ui.type('\u001a');
    expect(effects.suspends).toBe(1);
    effects.resume();
    await settle();
    expect(clears()).toBe(2);
  });
});

describe('desktop notifications', () => {
  it('are off until turned on, name the sender only, and carry the text only with preview on', async () => {
    const effects = recordingEffects();
    const preferences = memoryPreferences();
    const node = new FakeNode([contact(1, { nickname: 'alice' }), contact(2, { nickname: 'bob' })]);
    const ui = await startMain(node, { effects, preferences });
    node.receive(onion(2), 'secret plans');
    await settle();
    expect(effects.notifications).toEqual([]);
    await ui.type('/set notify on', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('notify is now on'));
    node.receive(onion(2), 'secret plans');
    await settle();
    expect(effects.notifications).toEqual([{ title: 'Burrow', body: 'New message from bob' }]);
    await ui.type('/set preview on', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('preview is now on'));
    node.receive(onion(2), 'secret plans');
    await settle();
    expect(effects.notifications.at(-1)).toEqual({ title: 'Burrow', body: 'bob: secret plans' });
    expect(preferences.values).toMatchObject({ 'notifications.desktop': true, 'notifications.preview': true });
  });
});

describe('links', () => {
  it('makes http(s) and onion URLs clickable with our own OSC 8, and keeps a peer’s OSC 8 out', async () => {
    const alice = onion(1);
    const node = new FakeNode(
      [contact(1, { nickname: 'alice' })],
      [
        message(alice, { text: `see https://example.org/a(b). or ${onion(9)}.onion/x` }),
        message(alice, { text: 'click \u001b]8;;https://evil.example/\u0007here\u001b]8;;\u0007 now' }),
      ],
    );
    const ui = await startMain(node, { columns: 160 });
    const frame = await waitForFrame(ui, (text) => text.includes('click here now'));
    expect(frame).toContain('\u001b]8;;https://example.org/a%28b%29\u0007');
    expect(frame).toContain(`\u001b]8;;http://${onion(9)}.onion/x\u0007`);
    expect(frame).not.toContain('evil.example');
  });
});

describe('/send', () => {
  it.each([
    ['a backslash-escaped path', 'My\\ File.pdf'],
    ['a quoted path', '"My File.pdf"'],
    ['a file:// URL', 'file:///tmp/My%20File.pdf'],
  ])('reads %s as a dropped file pastes it', async (_label, typed) => {
    const node = new FakeNode([contact(1, { nickname: 'alice' })]);
    const ui = await startMain(node);
    await ui.type(`/send ${typed}`, KEYS.enter);
    await settle();
    const path = node.callsOf('files.send')[0]?.args[1];
    expect(path).toMatch(/\/My File\.pdf$/);
  });
});
