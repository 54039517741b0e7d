/**
 * `/visibility [open [<duration>] | closed]`: shows, opens (for a while) or closes our public
 * address, the one contact requests arrive at (docs/PROTOCOL.md "Visibility"). Closed, strangers
 * find us offline and friends reach us as before.
 */
import { describeRemaining, OPEN_WINDOW_HINT, parseOpenWindow } from '../../lib/open-window.js';
import type { Visibility } from '../../node/api.js';
import { info, usageError, type CommandHelp, type SlashCommand } from './command.js';

type VisibilityCommand = {
  readonly name: 'visibility';
  readonly state?: Visibility['state'];
  readonly forSeconds?: number;
};

export const VISIBILITY_HELP: CommandHelp = {
  usage: '/visibility [open [<duration>] | closed]',
  summary: 'your address: open takes contact requests (e.g. open 10m: for a while), closed looks offline to strangers',
};

/** The state in a sentence, with what to do next. */
export function describeVisibility(visibility: Visibility, now = Date.now()): string {
  if (visibility.state === 'closed')
    return 'Your address is closed: strangers find you offline, friends reach you as before. /visibility open 10m lets a request in.';
  if (visibility.openUntil !== undefined)
    return `Your address is open for ${describeRemaining(visibility.openUntil, now)} more, then closed.`;
  return 'Your address is open: anyone who knows it can send you a contact request. /visibility closed to look offline to them.';
}

export const VISIBILITY_COMMAND: SlashCommand<VisibilityCommand> = {
  name: 'visibility',
  aliases: [],
  help: VISIBILITY_HELP,
  parse(rest) {
    const [word = '', duration, extra] = rest.toLowerCase().split(/\s+/);
    if (word === '') return { command: { name: 'visibility' } };
    if (extra !== undefined) return usageError(VISIBILITY_HELP, 'Too many words');
    if (word === 'closed' || word === 'close') {
      if (duration !== undefined) return usageError(VISIBILITY_HELP, 'A duration goes with open');
      return { command: { name: 'visibility', state: 'closed' } };
    }
    if (word !== 'open') return usageError(VISIBILITY_HELP, `Say open or closed, not "${rest.slice(0, 24)}"`);
    if (duration === undefined) return { command: { name: 'visibility', state: 'open' } };
    const forSeconds = parseOpenWindow(duration);
    if (forSeconds === undefined) return usageError(VISIBILITY_HELP, `Give ${OPEN_WINDOW_HINT}`);
    return { command: { name: 'visibility', state: 'open', forSeconds } };
  },
  async run({ state, forSeconds }, { api }) {
    const visibility = state === undefined ? await api.visibility() : await api.setVisibility(state, forSeconds);
    return info(describeVisibility(visibility));
  },
};
