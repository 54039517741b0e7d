/**
 * The guided tour (`/tour`): five things to try, each checked off when the node's events show
 * the user did it, whether or not the tour was started. Pure: {@link tourStep} reads one event
 * into the next {@link TourState}; the words the screen shows come from {@link tourText}.
 */
import type { NodeEvent } from '../../node/api.js';

/** The steps, in the order the tour suggests them. */
export type TourStepId = 'chat' | 'request' | 'group' | 'file' | 'offline';

/** One step: what to do and how. */
export interface TourStepSpec {
  readonly id: TourStepId;
  /** Short name, for the checklist. */
  readonly name: string;
  /** What to do next, in one line. */
  readonly how: string;
}

export const TOUR_STEPS: readonly TourStepSpec[] = [
  { id: 'chat', name: 'chat', how: 'open a friend (Alt+1) and write a message.' },
  { id: 'request', name: 'request', how: 'accept a contact request: /accept <name>.' },
  {
    id: 'group',
    name: 'group',
    how: 'write in a group: /group create <name>, /group invite <friend>; or /group accept.',
  },
  { id: 'file', name: 'file', how: '/send <path> to a friend, or accept an offer in /files.' },
  { id: 'offline', name: 'offline', how: 'write to a friend who is offline (○): a friend holds it (»1) until ✓✓.' },
];

/** What the tour knows. */
export interface TourState {
  /** `/tour` was typed (and not `/tour off`): check-offs are announced. */
  readonly active: boolean;
  readonly done: ReadonlySet<TourStepId>;
  readonly skipped: ReadonlySet<TourStepId>;
  /** Contacts seen asking to be friends. */
  readonly requesters: ReadonlySet<string>;
  /** Our messages that were sealed for an offline friend. */
  readonly sealed: ReadonlySet<string>;
}

export const INITIAL_TOUR: TourState = {
  active: false,
  done: new Set(),
  skipped: new Set(),
  requesters: new Set(),
  sealed: new Set(),
};

/** The state after `event`: a step the event shows the user did is checked off. */
export function tourStep(state: TourState, event: NodeEvent): TourState {
  switch (event.type) {
    case 'message':
      return event.message.direction === 'out' ? check(state, 'chat') : state;
    case 'contact': {
      const { onion, state: relation } = event.contact;
      if (relation === 'incoming-request') return { ...state, requesters: new Set(state.requesters).add(onion) };
      return relation === 'friend' && state.requesters.has(onion) ? check(state, 'request') : state;
    }
    case 'group-entry':
      return event.entry.type === 'message' && event.entry.sender.isSelf ? check(state, 'group') : state;
    case 'transfer': {
      const { transfer } = event;
      const arrived = transfer.direction === 'in' && transfer.state === 'complete';
      const taken = transfer.recipients?.some((recipient) => recipient.state === 'complete') === true;
      return arrived || taken ? check(state, 'file') : state;
    }
    case 'message-relay':
      if (event.relay === undefined) return state;
      if (event.relay.state === 'delivered') return check(state, 'offline');
      return { ...state, sealed: new Set(state.sealed).add(event.id) };
    case 'message-state':
      return state.sealed.has(event.id) && (event.state === 'delivered' || event.state === 'read')
        ? check(state, 'offline')
        : state;
    default:
      return state;
  }
}

function check(state: TourState, id: TourStepId): TourState {
  return state.done.has(id) ? state : { ...state, done: new Set(state.done).add(id) };
}

/** The step the tour suggests now: the first neither done nor skipped. */
export function nextStep(state: TourState): TourStepSpec | undefined {
  return TOUR_STEPS.find((step) => !state.done.has(step.id) && !state.skipped.has(step.id));
}

/** The checklist and the next step, in one notice. */
export function tourText(state: TourState): string {
  const marks = TOUR_STEPS.map(
    (step) => `${state.done.has(step.id) ? '✓' : state.skipped.has(step.id) ? '–' : '·'}${step.name}`,
  ).join(' ');
  const next = nextStep(state);
  const count = `Tour ${state.done.size}/${TOUR_STEPS.length} ${marks}`;
  return next === undefined
    ? `${count}. That was the tour: /help lists everything else.`
    : `${count}. Next: ${next.how} /tour skip|off`;
}

/** What to say when `id` was just checked off during the tour. */
export function checkedText(state: TourState, id: TourStepId): string {
  const name = TOUR_STEPS.find((step) => step.id === id)?.name ?? id;
  return `Tour: ✓ ${name}. ${tourText(state)}`;
}

/** The one-line hint of the first screen. */
export const TOUR_HINT = 'New here? Type /tour: five steps through chat, requests, groups, files and offline friends.';
