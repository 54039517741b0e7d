/**
 * `/tour [skip|off]`: the guided tour (tui/tour/). It only ever shows notices: it never takes
 * the keyboard or the screen, so everything else works while it runs.
 */
import { tourFor } from '../tour/tour-tracker.js';
import { info, usageError, type CommandHelp, type SlashCommand } from './command.js';

type TourAction = 'show' | 'skip' | 'off';

const TOUR_HELP: CommandHelp = {
  usage: '/tour [skip|off]',
  summary: 'a guided tour: chat, a request, a group, a file, an offline friend (skip a step, or stop it)',
};

export const TOUR_COMMAND: SlashCommand<{ readonly name: 'tour'; readonly action: TourAction }> = {
  name: 'tour',
  aliases: [],
  help: TOUR_HELP,
  parse(rest) {
    const word = rest.toLowerCase();
    if (word === '') return { command: { name: 'tour', action: 'show' } };
    if (word === 'skip' || word === 'off') return { command: { name: 'tour', action: word } };
    return usageError(TOUR_HELP, `/tour takes "skip" or "off", not "${rest.slice(0, 24)}"`);
  },
  run({ action }, { api }) {
    const tour = tourFor(api);
    return Promise.resolve(info(action === 'skip' ? tour.skip() : action === 'off' ? tour.stop() : tour.start()));
  },
};
