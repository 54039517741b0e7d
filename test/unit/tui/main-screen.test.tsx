import { describe, expect, it } from 'vitest';
import type { ContactView } from '../../../src/node/api.js';
import { MAX_MESSAGE_BYTES } from '../../../src/tui/limits.js';
import { contact, FakeNode, message, onion } from '../../shared/fake-node/index.js';
import { KEYS, memoryPreferences, recordingEffects, settle, startMain, waitForFrame } from './harness.js';

const day = (date: number, hour = 10, minute = 0): number => new Date(2025, 5, date, hour, minute).getTime();

/** The sidebar row of a contact (the text left of the separator). */
function sidebarRow(frame: string, name: string): string {
  return (
    frame
      .split('\n')
      .find((line) => line.split('│')[0]?.includes(name))
      ?.split('│')[0] ?? ''
  );
}

describe('main screen layout', () => {
  it('lists requests and friends with numbers, presence and unread counts, and Tor progress', async () => {
    const node = new FakeNode([
      contact(1, { nickname: 'alice', online: true, unread: 3 }),
      contact(2, { nickname: 'bob' }),
      contact(3, { state: 'incoming-request', requestMessage: 'hi, it is carol' }),
      contact(4, { state: 'outgoing-request', nickname: 'dave' }),
    ]);
    const ui = await startMain(node, { columns: 80, rows: 24 });
    const frame = await waitForFrame(ui, (text) => text.includes('alice'));
    expect(frame).toContain('Requests (1)');
    expect(sidebarRow(frame, 'ambq')).toMatch(/^1 \? ambq/);
    expect(sidebarRow(frame, 'alice')).toMatch(/^2 ● alice +3 *$/);
    expect(sidebarRow(frame, 'bob')).toMatch(/^3 ○ bob +$/);
    expect(sidebarRow(frame, 'dave')).toMatch(/^4 … dave/);
    // The first entry (the request) is open: its message and what to do about it.
    expect(frame).toContain('hi, it is carol');
    expect(frame).toContain('/accept to become friends');
    // Status bar: bar, percentage, connection count, own address (shortened).
    const status = frame.split('\n').at(-1) ?? '';
    expect(status).toMatch(/▕█+.*▏ 45% Loading relay/);
    expect(status).toContain('1/2 online');
    expect(status).toContain(node.ownOnion.slice(0, 6));
    expect(frame.split('\n')).toHaveLength(23);
    for (const line of frame.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('names a contact by the name they announced until the user gives a nickname', async () => {
    const node = new FakeNode([
      contact(3, { state: 'incoming-request', displayName: 'Grace', requestMessage: 'hi, it is grace' }),
      contact(1, { nickname: 'alice', displayName: 'Queen' }),
    ]);
    const ui = await startMain(node, { columns: 80, rows: 24 });
    const frame = await waitForFrame(ui, (text) => text.includes('Grace') && text.includes('alice'));
    expect(sidebarRow(frame, 'Grace')).toMatch(/^1 \? Grace/);
    expect(frame).toContain('Contact request from Grace');
    expect(frame).not.toContain('Queen');
  });

  it('renders immediately and follows Tor bootstrap events', async () => {
    const node = new FakeNode([contact(1, { nickname: 'alice' })]);
    const ui = await startMain(node);
    node.setTor({ bootstrap: 90, summary: 'Establishing a Tor circuit', ready: false });
    await waitForFrame(ui, (frame) => frame.includes('90% Establishing'));
    node.setTor({ bootstrap: 100, summary: 'Done', ready: true });
    await waitForFrame(ui, (frame) => frame.includes('Tor ready'));
    node.setPresence(onion(1), true);
    await waitForFrame(ui, (frame) => frame.includes('1/1 online') && sidebarRow(frame, 'alice').includes('●'));
  });

  it('shows timestamps, day separators and delivery marks, and updates the marks', async () => {
    const alice = onion(1);
    const sent = message(alice, { direction: 'out', state: 'sent', text: 'are you there?', createdAt: day(3, 9, 15) });
    const node = new FakeNode(
      [contact(1, { nickname: 'alice' })],
      [
        message(alice, { text: 'good morning', createdAt: day(3, 9, 0) }),
        sent,
        message(alice, { direction: 'out', state: 'delivered', text: 'next day', createdAt: day(4, 8, 1) }),
        message(alice, { direction: 'out', state: 'sending', text: 'pending one', createdAt: day(4, 8, 2) }),
      ],
    );
    const ui = await startMain(node);
    const frame = await waitForFrame(ui, (text) => text.includes('pending one'));
    expect(frame).toMatch(/─+ Tue 3 Jun 2025 ─+/);
    expect(frame).toMatch(/─+ Wed 4 Jun 2025 ─+/);
    expect(frame).toMatch(/09:00 {4}alice good morning/);
    expect(frame).toMatch(/09:15 {2}✓ Me {4}are you there\?/);
    expect(frame).toMatch(/08:01 ✓✓ Me {4}next day/);
    expect(frame).toMatch(/08:02 {2}· Me {4}pending one/);
    node.deliver(sent, 'delivered');
    await waitForFrame(ui, (text) => /09:15 ✓✓ Me {4}are you there\?/.test(text));
  });

  it('wraps long lines inside the pane', async () => {
    const alice = onion(1);
    const long = 'lorem ipsum dolor sit amet '.repeat(8).trim();
    const node = new FakeNode([contact(1, { nickname: 'alice' })], [message(alice, { text: long })]);
    const ui = await startMain(node, { columns: 80, rows: 24 });
    const frame = await waitForFrame(ui, (text) => text.includes('lorem'));
    const rows = frame.split('\n').filter((line) => line.includes('lorem') || line.includes('dolor'));
    expect(rows.length).toBeGreaterThan(2);
    for (const line of frame.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });
});

describe('sending', () => {
  it('sends the input line to the open conversation with Enter, and Alt+Enter makes a new line', async () => {
    const node = new FakeNode([contact(1, { nickname: 'alice' })]);
    const ui = await startMain(node);
    await ui.type('hello', KEYS.altEnter, 'world');
    expect(node.callsOf('sendMessage')).toEqual([]);
    await ui.type(KEYS.enter);
    expect(node.callsOf('sendMessage')).toEqual([{ method: 'sendMessage', args: [onion(1), 'hello\nworld'] }]);
    const frame = await waitForFrame(ui, (text) => text.includes('world'));
    expect(frame).toMatch(/· Me +hello/);
    // Up brings the sent text back.
    await ui.type(KEYS.up);
    expect(ui.frame()).toMatch(/> hello/);
  });

  it('keeps a bracketed paste together, newlines and all, until Enter', async () => {
    const node = new FakeNode([contact(1, { nickname: 'alice' })]);
    const ui = await startMain(node);
    await ui.type('\u001b[200~line one\rline two\u001b[201~');
    expect(node.callsOf('sendMessage')).toEqual([]);
    expect(ui.frame()).toMatch(/> line one\n {2}line two/);
    await ui.type(KEYS.enter);
    expect(node.callsOf('sendMessage')).toEqual([{ method: 'sendMessage', args: [onion(1), 'line one\nline two'] }]);
  });

  it('treats keys that arrive in one read with text as keys (ssh lag, tmux send-keys)', async () => {
    const node = new FakeNode([contact(1, { nickname: 'alice' })]);
    const ui = await startMain(node);
    await ui.type('hellp\u007fo\r');
    expect(node.callsOf('sendMessage')).toEqual([{ method: 'sendMessage', args: [onion(1), 'hello'] }]);
    await ui.type('/blo\t');
    expect(ui.frame()).toMatch(/> \/block\s*$/m);
  });

  it('says why a message was not sent', async () => {
    const node = new FakeNode([
      contact(1, { nickname: 'alice' }),
      contact(2, { state: 'outgoing-request', nickname: 'bob' }),
    ]);
    node.sendError = Object.assign(new Error('alice is offline and no relay is available'), {
      name: 'RelayUnavailableError',
    });
    const ui = await startMain(node);
    await ui.type('hi', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Not sent: alice is offline and no relay is available'));
    await ui.type(KEYS.alt('2'), 'hi', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('bob is not your friend yet'));
    expect(node.callsOf('sendMessage')).toHaveLength(1);
  });

  it('refuses a message over 16 KiB with a clear message instead of sending it', async () => {
    const node = new FakeNode([contact(1, { nickname: 'alice' })]);
    const ui = await startMain(node, { columns: 80, rows: 24 });
    await ui.type('é'.repeat(MAX_MESSAGE_BYTES / 2 + 100));
    await waitForFrame(ui, (frame) => frame.includes('Too long to send: 16.2 KiB'));
    await ui.type(KEYS.enter);
    expect(node.callsOf('sendMessage')).toEqual([]);
    for (const line of ui.frame().split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('refuses a huge paste outright and keeps the screen usable', async () => {
    const node = new FakeNode([contact(1, { nickname: 'alice' })]);
    const ui = await startMain(node, { columns: 80, rows: 24 });
    await ui.type('x'.repeat(2 * 1024 * 1024));
    await waitForFrame(ui, (frame) => frame.includes('Nothing pasted: 2 MiB'));
    await ui.type('\u001b[200~', 'y'.repeat(1024 * 1024), 'y'.repeat(1024 * 1024), '\u001b[201~');
    await waitForFrame(ui, (frame) => frame.includes('Nothing pasted: 2 MiB or more'));
    expect(ui.frame()).toMatch(/^>\s*$/m);
    await ui.type('still works', KEYS.enter);
    expect(node.callsOf('sendMessage')).toEqual([{ method: 'sendMessage', args: [onion(1), 'still works'] }]);
  });
});

describe('commands', () => {
  it('shows the parser’s reason for a malformed onion address and keeps the text to fix', async () => {
    const node = new FakeNode();
    const ui = await startMain(node);
    await ui.type('/add notanonion.onion hello', KEYS.enter);
    const frame = await waitForFrame(ui, (text) => text.includes('Not a Tor v3 onion address'));
    expect(frame).toMatch(/> \/add notanonion\.onion hello/);
    expect(node.callsOf('addContact')).toEqual([]);
  });

  it('adds a contact and opens it', async () => {
    const node = new FakeNode();
    const ui = await startMain(node);
    await ui.type(`/add ${onion(9)} hi, it is Me`, KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Contact request sent') && frame.includes('Waiting (1)'));
    expect(node.callsOf('addContact')).toEqual([{ method: 'addContact', args: [onion(9), 'hi, it is Me'] }]);
    expect(ui.frame()).toContain('You asked to be friends with');
  });

  it('opens a contact it added even when the node reports the new contact only later', async () => {
    const node = new FakeNode([contact(1, { nickname: 'alice' })]);
    const quietAdd = (address: string, text: string): Promise<ContactView> => {
      const added: ContactView = {
        onion: address,
        state: 'outgoing-request',
        online: false,
        unread: 0,
        requestMessage: text,
        nickname: 'zed',
      };
      node.contactList = [...node.contactList, added];
      return Promise.resolve(added);
    };
    node.addContact = quietAdd;
    const ui = await startMain(node);
    await ui.type(`/add ${onion(9)} hi`, KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Contact request sent'));
    node.emit({ type: 'contact', contact: node.contactList.at(-1)! });
    await waitForFrame(ui, (frame) => (frame.split('\n')[0] ?? '').includes('zed'));
  });

  it('names an unknown command', async () => {
    const ui = await startMain(new FakeNode());
    await ui.type('/frobnicate', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Unknown command "/frobnicate"') && frame.includes('/help'));
  });

  it('accepts, renames, blocks and removes contacts', async () => {
    const node = new FakeNode([
      contact(1, { nickname: 'alice' }),
      contact(3, { state: 'incoming-request', requestMessage: 'carol here' }),
    ]);
    const ui = await startMain(node);
    await ui.type('/accept', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('are now friends'));
    expect(node.callsOf('acceptContact')).toEqual([{ method: 'acceptContact', args: [onion(3)] }]);
    await ui.type('/nick Carol', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('is now called Carol'));
    await ui.type('/block alice', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('alice is blocked') && frame.includes('Blocked (1)'));
    await ui.type('/remove alice', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('alice removed') && !frame.includes('Blocked (1)'));
    await ui.type('/reject', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('There is no contact request waiting'));
    expect(node.callsOf('setNickname')).toEqual([{ method: 'setNickname', args: [onion(3), 'Carol'] }]);
  });

  it('completes commands and friends’ names with Tab, cycling with more Tabs', async () => {
    const node = new FakeNode([
      contact(1, { nickname: 'alice' }),
      contact(2, { nickname: 'alicia' }),
      contact(3, { nickname: 'bob' }),
    ]);
    const ui = await startMain(node);
    await ui.type('/blo', KEYS.tab);
    expect(ui.frame()).toMatch(/> \/block\s*$/m);
    await ui.type('ali', KEYS.tab);
    expect(ui.frame()).toMatch(/> \/block alice\s*$/m);
    expect(ui.frame()).toContain('alice  alicia');
    await ui.type(KEYS.tab);
    expect(ui.frame()).toMatch(/> \/block alicia\s*$/m);
    await ui.type(KEYS.shiftTab);
    expect(ui.frame()).toMatch(/> \/block alice\s*$/m);
    await ui.type(KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('alice is blocked'));
  });

  it('opens help (every key is listed) and closes it with Esc', async () => {
    const ui = await startMain(new FakeNode(), { columns: 100, rows: 80 });
    await ui.type('/help', KEYS.enter);
    const frame = await waitForFrame(ui, (text) => text.includes('Help —'));
    for (const keys of [
      'Alt+1 … Alt+9',
      'PageUp, PageDown',
      'Alt+Enter, Ctrl+J',
      'Tab, Shift+Tab',
      '/add <onion> <message>',
      'Alt+A, Alt+U',
      'Mouse wheel',
    ])
      expect(frame).toContain(keys);
    await ui.type(KEYS.escape);
    await waitForFrame(ui, (text) => !text.includes('Help —'));
  });

  it('changes notification settings with /set and keeps them in preferences', async () => {
    const preferences = memoryPreferences();
    const ui = await startMain(new FakeNode(), { preferences });
    await ui.type('/set bell off', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('bell is now off'));
    expect(preferences.values).toEqual({ 'notifications.bell': false });
    await ui.type('/set', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('bell: off, title: on'));
  });

  it('quits with /quit, once', async () => {
    const ui = await startMain(new FakeNode());
    await ui.type('/quit', KEYS.enter);
    await waitForFrame(ui, () => ui.boot.exits === 1);
    await ui.type(KEYS.ctrlC);
    expect(ui.boot.exits).toBe(1);
  });
});

describe('keys', () => {
  const three = () =>
    new FakeNode([
      contact(1, { nickname: 'alice' }),
      contact(2, { nickname: 'bob' }),
      contact(3, { nickname: 'carol' }),
    ]);
  const header = (frame: string): string => frame.split('\n')[0]?.split('│')[1] ?? '';

  it('switches conversations with Alt+number, Alt/Ctrl+arrows and Ctrl+N/P', async () => {
    const ui = await startMain(three());
    expect(header(ui.frame())).toContain('alice');
    const steps: [string, string][] = [
      [KEYS.alt('3'), 'carol'],
      [KEYS.altUp, 'bob'],
      [KEYS.altDown, 'carol'],
      // The feed comes after the last conversation (the sidebar's Feed row).
      [KEYS.altRight, 'Feed'],
      [KEYS.altRight, 'alice'],
      [KEYS.altLeft, 'Feed'],
      [KEYS.altLeft, 'carol'],
      [KEYS.ctrlUp, 'bob'],
      [KEYS.ctrlDown, 'carol'],
      [KEYS.ctrlN, 'Feed'],
      [KEYS.ctrlP, 'carol'],
      [KEYS.alt('1'), 'alice'],
    ];
    for (const [key, name] of steps) {
      await ui.type(key);
      expect(header(ui.frame()), `after ${JSON.stringify(key)}`).toContain(name);
    }
    await ui.type(KEYS.alt('7'));
    expect(ui.frame()).toContain('There is no conversation 7');
  });

  it('scrolls back with PageUp/PageDown and Home/End, and loads older history at the top', async () => {
    const alice = onion(1);
    const history = Array.from({ length: 250 }, (_, index) =>
      message(alice, { text: `message number ${index}`, createdAt: day(3, 8) + index * 1000 }),
    );
    const node = new FakeNode([contact(1, { nickname: 'alice' })], history);
    const ui = await startMain(node, { columns: 80, rows: 24 });
    await waitForFrame(ui, (frame) => frame.includes('message number 249'));
    await ui.type(KEYS.pageUp);
    let frame = ui.frame();
    expect(frame).not.toContain('message number 249');
    expect(frame).toContain('message number 230');
    expect(frame).toMatch(/more lines below/);
    await ui.type(KEYS.pageDown);
    expect(ui.frame()).toContain('message number 249');
    // Home on an empty input line goes to the oldest loaded message, and asks for older ones.
    await ui.type(KEYS.home);
    frame = await waitForFrame(ui, (text) => /message number 50$/m.test(text));
    expect(node.callsOf('history').at(-1)?.args[1]).toEqual({ limit: 200, before: history[50]?.id });
    await ui.type(KEYS.home);
    await waitForFrame(ui, (text) => /message number 0$/m.test(text));
    await ui.type(KEYS.end);
    await waitForFrame(ui, (text) => text.includes('message number 249'));
    // A new message while scrolled up does not move the view.
    await ui.type(KEYS.pageUp);
    const before = ui.frame().split('\n').slice(1, 10).join('\n');
    node.receive(alice, 'brand new');
    await settle();
    expect(ui.frame().split('\n').slice(1, 10).join('\n')).toBe(before);
    await ui.type(KEYS.ctrlEnd);
    await waitForFrame(ui, (text) => text.includes('brand new'));
  });

  it('uses Home/End in the input line when it has text', async () => {
    const ui = await startMain(new FakeNode([contact(1, { nickname: 'alice' })]));
    await ui.type('ace', KEYS.home, 'pl', KEYS.end, '!');
    expect(ui.frame()).toMatch(/> place!\s*$/m);
    await ui.type(KEYS.left, KEYS.left, KEYS.backspace);
    expect(ui.frame()).toMatch(/> plae!\s*$/m);
  });
});

describe('notifications', () => {
  it('rings the bell and puts the unread count in the title for a conversation that is not open', async () => {
    const node = new FakeNode([contact(1, { nickname: 'alice' }), contact(2, { nickname: 'bob' })]);
    const effects = recordingEffects();
    const ui = await startMain(node, { effects });
    node.receive(onion(2), 'psst');
    await waitForFrame(ui, (frame) => sidebarRow(frame, 'bob').includes('1'));
    expect(effects.bells).toBe(1);
    expect(effects.titles.at(-1)).toBe('(1) Burrow');
    // In the open conversation: no bell, marked read.
    node.receive(onion(1), 'hello');
    await waitForFrame(ui, (frame) => frame.includes('hello'));
    await waitForFrame(ui, () => node.callsOf('markRead').length > 0);
    expect(effects.bells).toBe(1);
    await ui.type(KEYS.alt('2'));
    await waitForFrame(ui, () => effects.titles.at(-1) === 'Burrow');
  });

  it('stays quiet when bell and title are off', async () => {
    const node = new FakeNode([contact(1, { nickname: 'alice' }), contact(2, { nickname: 'bob' })]);
    const effects = recordingEffects();
    const ui = await startMain(node, {
      effects,
      preferences: memoryPreferences({ 'notifications.bell': false, 'notifications.title': false }),
    });
    node.receive(onion(2), 'psst');
    await waitForFrame(ui, (frame) => sidebarRow(frame, 'bob').includes('1'));
    expect(effects.bells).toBe(0);
    expect(effects.titles).toEqual([]);
  });

  it('copies the address with Alt+C and shows it whole with Alt+O', async () => {
    const node = new FakeNode();
    const effects = recordingEffects();
    const ui = await startMain(node, { effects });
    await ui.type(KEYS.alt('c'));
    expect(effects.copies).toEqual([`${node.ownOnion}.onion`]);
    await ui.type(KEYS.alt('o'));
    await waitForFrame(ui, (frame) => frame.includes(`${node.ownOnion}.onion`) && frame.includes('Esc closes'));
    await ui.type(KEYS.escape);
    await waitForFrame(ui, (frame) => !frame.includes('Esc closes'));
  });
});

describe('terminal size', () => {
  it('survives tiny sizes and comes back intact', async () => {
    const node = new FakeNode([contact(1, { nickname: 'alice' })], [message(onion(1), { text: 'still here' })]);
    const ui = await startMain(node, { columns: 80, rows: 24 });
    await ui.type('draft text');
    for (const [columns, rows] of [
      [1, 1],
      [10, 3],
      [29, 24],
      [80, 7],
      [30, 8],
      [45, 10],
      [200, 60],
    ] as const) {
      ui.resize(columns, rows);
      await settle();
      expect(ui.frame()).not.toBe('');
    }
    ui.resize(10, 3);
    await settle();
    expect(ui.frame()).toContain('too small');
    ui.resize(80, 24);
    const frame = await waitForFrame(ui, (text) => text.includes('still here'));
    expect(frame).toMatch(/> draft text/);
  });

  it('hides the sidebar on narrow terminals and still switches with keys', async () => {
    const ui = await startMain(new FakeNode([contact(1, { nickname: 'alice' }), contact(2, { nickname: 'bob' })]), {
      columns: 40,
      rows: 12,
    });
    expect(ui.frame()).not.toContain('Friends (2)');
    await ui.type(KEYS.alt('2'));
    expect(ui.frame().split('\n')[0]).toContain('bob');
  });
});
