/**
 * Commands terminal-chat users bring from IRC clients: `/me <action>` (an action line,
 * conversation/action-line.ts) and `/search <text>` over the open conversation (every
 * conversation when none is open), `/searchall <text>` over every conversation. Both searches
 * run in the node over the decrypted history (node API `searchMessages`, `groups.search`).
 */
import { actionMessage } from '../conversation/action-line.js';
import { SEARCH_KEYS } from '../search/search-keys.js';
import { searchHits, type SearchResults } from '../search/search-results.js';
import { type CommandContext, type CommandHelp, type CommandOutcome, type SlashCommand } from './command.js';

const ME_HELP: CommandHelp = { usage: '/me <action>', summary: 'send an action line: /me waves shows "* you waves"' };

const me: SlashCommand<{ readonly name: 'me'; readonly action: string }> = {
  name: 'me',
  aliases: ['action'],
  help: ME_HELP,
  parse: (rest) =>
    rest === '' ? { error: `Say what you do. Usage: ${ME_HELP.usage}` } : { command: { name: 'me', action: rest } },
  run: (command) => Promise.resolve({ send: actionMessage(command.action) }),
};

type Search = { readonly name: 'search' | 'searchall'; readonly text: string };

/** Runs a search: in the open conversation when `here` and one is open, else in all. */
async function search(text: string, here: boolean, context: CommandContext): Promise<CommandOutcome> {
  const { api, openContact, openGroup } = context;
  const contact = here && openContact?.contact.state !== 'incoming-request' ? openContact : undefined;
  const group = here ? openGroup : undefined;
  const all = contact === undefined && group === undefined;
  const [messages, groupMessages] = await Promise.all([
    group !== undefined ? [] : api.searchMessages(text, all ? {} : { conversation: contact?.contact.onion ?? '' }),
    contact !== undefined ? [] : api.groups.search(text, all ? {} : { conversation: group?.group.id ?? '' }),
  ]);
  const results: SearchResults = {
    query: text,
    scope: all ? 'all conversations' : (contact?.name ?? `#${group?.name ?? ''}`),
    hits: searchHits(messages, groupMessages, context),
  };
  return { search: results };
}

function searchCommand(name: Search['name'], aliases: readonly string[], help: CommandHelp): SlashCommand<Search> {
  return {
    name,
    aliases,
    help,
    parse: (rest) =>
      rest === '' ? { error: `Give the text to look for. Usage: ${help.usage}` } : { command: { name, text: rest } },
    run: (command, context) => search(command.text, name === 'search', context),
  };
}

const searchHere = searchCommand('search', ['find'], {
  usage: '/search <text>',
  summary: 'find messages in the open conversation (all when none is open); Enter opens a match',
  section: { title: 'Search results', rows: SEARCH_KEYS },
});

const searchAll = searchCommand('searchall', ['sa'], {
  usage: '/searchall <text>',
  summary: 'find messages in every conversation and group',
});

/** The chat-habit commands, in the order /help lists them. */
export const CHAT_HABIT_COMMANDS: readonly SlashCommand[] = [me, searchHere, searchAll];
