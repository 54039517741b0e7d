import { describe, expect, it } from 'vitest';
import {
  applyNodeEvent,
  EMPTY_NODE_VIEW,
  mergeContacts,
  refreshed,
} from '../../../../src/tui/conversation/node-view.js';
import { upsertMessages } from '../../../../src/tui/conversation/history-merge.js';
import { contact, message, onion } from '../../../shared/fake-node/index.js';

const status = {
  onion: onion(9),
  displayName: 'me',
  tor: { bootstrap: 10, summary: 's', ready: false },
  friends: 1,
  online: 0,
  pendingRequests: 0,
  visibility: { state: 'open' as const },
};

describe('node view', () => {
  it('merges contacts() and requests() by onion address', () => {
    expect(
      mergeContacts([contact(1), contact(2)], [contact(2, { state: 'incoming-request' })]).map((item) => item.state),
    ).toEqual(['friend', 'incoming-request']);
  });

  it('applies contact, removal, presence, tor and message events', () => {
    let view = refreshed(EMPTY_NODE_VIEW, status, [contact(1)]);
    view = applyNodeEvent(view, { type: 'contact', contact: contact(2, { nickname: 'b' }) });
    view = applyNodeEvent(view, { type: 'presence', onion: onion(1), online: true });
    view = applyNodeEvent(view, { type: 'message', message: message(onion(1), { createdAt: 5000 }) });
    view = applyNodeEvent(view, { type: 'tor', tor: { bootstrap: 80, summary: 'x', ready: false } });
    expect(view.contacts).toEqual([contact(1, { online: true, lastMessageAt: 5000 }), contact(2, { nickname: 'b' })]);
    expect(view.tor?.bootstrap).toBe(80);
    view = applyNodeEvent(view, { type: 'contact-removed', onion: onion(1) });
    expect(view.contacts.map((item) => item.onion)).toEqual([onion(2)]);
  });

  it('keeps a tor event that is newer than the status a refetch brought', () => {
    const event = applyNodeEvent(EMPTY_NODE_VIEW, {
      type: 'tor',
      tor: { bootstrap: 90, summary: 'late', ready: false },
    });
    expect(refreshed(event, status, [], true).tor?.bootstrap).toBe(90);
    expect(refreshed(event, status, [], false).tor?.bootstrap).toBe(10);
  });

  it('follows the public address being opened and closed', () => {
    let view = refreshed(EMPTY_NODE_VIEW, status, []);
    view = applyNodeEvent(view, { type: 'visibility', visibility: { state: 'closed' } });
    expect(view.status?.visibility).toEqual({ state: 'closed' });
    expect(applyNodeEvent(EMPTY_NODE_VIEW, { type: 'visibility', visibility: { state: 'closed' } })).toBe(
      EMPTY_NODE_VIEW,
    );
  });
});

describe('upsertMessages', () => {
  it('replaces messages by id in place and appends new ones', () => {
    const a = message(onion(1), { text: 'a' });
    const b = message(onion(1), { text: 'b', direction: 'out', state: 'sending' });
    const c = message(onion(1), { text: 'c' });
    const updated = upsertMessages([a, b], [{ ...b, state: 'delivered' }, c]);
    expect(updated.map((item) => [item.text, item.state])).toEqual([
      ['a', 'received'],
      ['b', 'delivered'],
      ['c', 'received'],
    ]);
  });
});
