/**
 * One item of a conversation's history, whichever kind of conversation: a 1:1 message
 * (node/api.ts MessageView) or a group's message or system line (groups/feature/api.ts
 * GroupEntryView), and how it is shown. What differs between the two kinds is data here: a 1:1
 * message has a delivery mark and is written by "me" or "them"; a group message names its
 * author, with '·' and the start of their address when they are not our friend; a system line
 * says who changed what in the group.
 */
import type { GroupEntryView, GroupPersonView, GroupSystemView } from '../../groups/feature/api.js';
import type { MessageState, MessageView } from '../../node/api.js';
import type { Segment } from '../text/display-line.js';
import { linkSegments } from '../text/links.js';
import { actionOf } from './action-line.js';
import { personName, personTag } from './group-list.js';
import { relayMark } from './relay-marks.js';
import { lifecycleText, timerLine, timerWords, type QuotableLine } from './lifecycle-marks.js';

/** One item of a history, oldest first in a conversation. */
export type HistoryItem = MessageView | GroupEntryView;

/** Whether `item` is a 1:1 message. */
export function isChatMessage(item: HistoryItem): item is MessageView {
  return 'conversation' in item;
}

/** Delivery marks of our own 1:1 messages, two columns each; incoming messages have none. */
export const DELIVERY_MARKS: Readonly<Record<MessageState, string>> = {
  sending: ' ·',
  sent: ' ✓',
  delivered: '✓✓',
  read: '✓✓',
  received: '  ',
};

/** What a 1:1 conversation calls us and the other side. */
export interface ChatNames {
  readonly me: string;
  readonly peer: string;
}

/** How one item is shown: a message (its mark, if it has one, its author, its text) or a system line. */
export type ItemView =
  | {
      readonly kind: 'message';
      readonly mark: Segment | undefined;
      readonly author: readonly Segment[];
      readonly text: string;
    }
  | { readonly kind: 'system'; readonly segments: readonly Segment[] }
  /** An action line (conversation/action-line.ts): `* author does something`, after the mark. */
  | { readonly kind: 'action'; readonly mark: Segment | undefined; readonly segments: readonly Segment[] };

/** `view` drawn as an action line when its text is an action message. */
function asAction(view: Extract<ItemView, { kind: 'message' }>): ItemView {
  const action = actionOf(view.text);
  if (action === undefined) return view;
  const star: Segment = { text: '* ', tone: 'time' };
  return { kind: 'action', mark: view.mark, segments: [star, ...view.author, ...linkSegments(` ${action}`, 'text')] };
}

/** A group person's label: their name, then the not-a-friend tag; we are "me". */
export function personLabel(person: GroupPersonView): Segment[] {
  if (person.isSelf) return [{ text: 'me', tone: 'me' }];
  const tag = personTag(person);
  return [{ text: personName(person), tone: 'peer' }, ...(tag === '' ? [] : [{ text: tag, tone: 'flag' as const }])];
}

function systemText(entry: GroupSystemView): Segment[] {
  const target = entry.target === undefined ? [] : personLabel(entry.target);
  const actor = personLabel(entry.actor);
  const quoted = (name: string | undefined): Segment => ({ text: `"${name ?? ''}"`, tone: 'text' });
  const says = (text: string): Segment => ({ text, tone: 'time' });
  switch (entry.event) {
    case 'created':
      return [...actor, says(' created the group '), quoted(entry.name)];
    case 'added':
      return [...target, says(' joined, added by '), ...actor];
    case 'removed':
      return [...target, says(' was removed by '), ...actor];
    case 'left':
      return [...actor, says(' left the group')];
    case 'admin':
      return [...target, says(' was made an admin by '), ...actor];
    case 'renamed':
      return [...actor, says(' renamed the group to '), quoted(entry.name)];
  }
}

/** How `item` is shown; `names` say who is who in a 1:1 conversation. */
export function describeItem(
  item: HistoryItem,
  names: ChatNames,
  quoted: (id: string) => QuotableLine | undefined = () => undefined,
): ItemView {
  if (isChatMessage(item)) {
    const outgoing = item.direction === 'out';
    const line = timerLine(item, outgoing ? names.me : names.peer);
    if (line !== undefined) return { kind: 'system', segments: line };
    const mark = outgoing ? (relayMark(item) ?? DELIVERY_MARKS[item.state]) : DELIVERY_MARKS.received;
    return asAction({
      kind: 'message',
      mark: { text: mark, tone: item.state === 'read' ? 'mark-read' : 'mark' },
      author: [{ text: outgoing ? names.me : names.peer, tone: outgoing ? 'me' : 'peer' }],
      text: lifecycleText(item, quoted),
    });
  }
  if (item.type === 'system') return { kind: 'system', segments: [{ text: '* ', tone: 'time' }, ...systemText(item)] };
  if (item.timer !== undefined)
    return {
      kind: 'system',
      segments: [
        { text: '* ', tone: 'time' },
        ...personLabel(item.sender),
        { text: timerWords(item.timer), tone: 'time' },
      ],
    };
  return asAction({
    kind: 'message',
    mark: undefined,
    author: personLabel(item.sender),
    text: lifecycleText(item, quoted),
  });
}
