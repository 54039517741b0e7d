/**
 * The file sharing commands: `/send <path>` offers a file to the open friend or group (Tab
 * completes the path, like a shell), `/files` opens the transfers view, where offers are
 * accepted or declined (its keys are /files' section of the help screen).
 */
import { formatBytes } from '../../text/transfer-format.js';
import { droppedPath } from '../input/dropped-path.js';
import { completePath, resolveUserPath } from '../input/path-completion.js';
import { describeError } from '../safe-node.js';
import { TRANSFER_KEYS } from '../transfers/transfer-keys.js';
import { failure, noArguments, type CommandHelp, type SlashCommand } from './command.js';

/**
 * `/send <path>`: the path is the rest of the line (it may hold spaces; quotes, backslash
 * escapes and file:// URLs as a dropped file pastes them are read: input/dropped-path.ts).
 * @example send.parse('"my notes.txt"') // { command: { name: 'send', path: 'my notes.txt' } }
 */
const send: SlashCommand<{ readonly name: 'send'; readonly path: string }> = {
  name: 'send',
  aliases: [],
  help: { usage: '/send <path>', summary: 'offer a file to the open friend or group (Tab completes the path)' },
  parse(rest) {
    const path = droppedPath(rest);
    return path === ''
      ? { error: 'Give the file to send. Usage: /send <path> (Tab completes the path)' }
      : { command: { name: 'send', path } };
  },
  complete: ({ line, start, cursor }, { paths }) =>
    paths === undefined ? undefined : completePath(line, start, cursor, paths),
  async run(command, { api, openContact, openGroup, paths }) {
    const target =
      openGroup?.group.id ?? (openContact?.contact.state === 'friend' ? openContact.contact.onion : undefined);
    if (target === undefined)
      return failure('Open a friend’s conversation or a group first: the file goes to whoever is open.');
    try {
      const offered = await api.files.send(target, resolveUserPath(command.path, paths));
      const to = openGroup !== undefined ? `the group ${openGroup.name}` : (openContact?.name ?? target);
      return {
        notice: {
          text: `Offered ${offered.name} (${formatBytes(offered.size)}) to ${to}. /files shows who accepted and the progress.`,
          tone: 'info',
        },
      };
    } catch (error) {
      return failure(`Not offered: ${describeError(error)}`);
    }
  },
};

const FILES_HELP: CommandHelp = {
  usage: '/files',
  summary: 'file transfers: accept or decline offers, progress, cancel',
  section: { title: 'Transfers view (/files)', rows: TRANSFER_KEYS },
};

const files: SlashCommand<{ readonly name: 'files' }> = {
  name: 'files',
  aliases: [],
  help: FILES_HELP,
  parse: (rest) => noArguments({ name: 'files' }, FILES_HELP, rest),
  run: () => Promise.resolve({ show: 'transfers' }),
};

/** The file commands, in the order /help lists them. */
export const FILE_COMMANDS: readonly SlashCommand[] = [send, files];
