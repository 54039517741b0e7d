/**
 * `burrow ctl` commands of file sharing: offer a file, list transfers, answer offers,
 * cancel and resume. A transfer is named by its file id or a unique prefix of it (6 or more
 * hex characters, as `files` shows). Paths are resolved against the working directory here,
 * since the daemon runs elsewhere.
 */
import { resolve } from 'node:path';
import type { DeletedFileView, TransferView } from '../feature/api.js';
import type { CtlCommand } from '../../cli/ctl-command.js';
import { formatDeletion, formatTransfer, formatTransfers } from './format.js';
import { UsageError } from '../../cli/usage-error.js';

/** A command that names one transfer and prints it after the change. */
function transferCommand(name: string, method: string, summary: string, done: string): CtlCommand {
  return {
    usage: `${name} <id>`,
    summary,
    minArgs: 1,
    maxArgs: 1,
    run: async (client, [id = ''], _flags, output) => {
      const transfer = (await client.call(method, { id })) as TransferView;
      return output.print(transfer, () => `${done}\n${formatTransfer(transfer)}`);
    },
  };
}

export const FILE_CTL_COMMANDS: Readonly<Record<string, CtlCommand>> = {
  'send-file': {
    usage: 'send-file <onion|group> <path>',
    summary: 'offer a file to a friend or a group (sent when they are online)',
    minArgs: 2,
    maxArgs: 2,
    run: async (client, [target = '', path = ''], _flags, output) => {
      if (path.length === 0) throw new UsageError('give the path of the file to send.');
      const transfer = (await client.call('file.send', { target, path: resolve(path) })) as TransferView;
      return output.print(transfer, () => `offered\n${formatTransfer(transfer)}`);
    },
  },
  files: {
    usage: 'files [list | delete <id>]',
    summary: 'file transfers both ways: offers, downloads with progress, files you offered',
    minArgs: 0,
    maxArgs: 2,
    subcommands: {
      list: { usage: 'list', summary: 'every transfer (the default)' },
      delete: {
        usage: 'delete <id>',
        summary: 'delete a file offered to you: the saved file (if still there) and the transfer',
      },
    },
    run: async (client, [sub = 'list', id], _flags, output) => {
      if (sub === 'delete' && id !== undefined) {
        const deleted = (await client.call('file.delete', { id })) as DeletedFileView;
        return output.print(deleted, () => formatDeletion(deleted));
      }
      if (sub !== 'list' || id !== undefined) throw new UsageError('usage: burrow ctl files [list | delete <id>]');
      const transfers = (await client.call('file.list')) as TransferView[];
      return output.print(transfers, () => formatTransfers(transfers));
    },
  },
  'accept-file': {
    usage: 'accept-file <id> [dest]',
    summary: 'accept an offered file, saved in dest (default: your downloads folder)',
    minArgs: 1,
    maxArgs: 2,
    flags: ['dest'],
    run: async (client, [id = '', positional], flags, output) => {
      const given = positional ?? flags['dest'];
      if (positional !== undefined && flags['dest'] !== undefined)
        throw new UsageError('give the folder either as an argument or with --dest, not both.');
      const transfer = (await client.call('file.accept', {
        id,
        ...(given === undefined ? {} : { dest: resolve(given) }),
      })) as TransferView;
      return output.print(transfer, () => `accepted\n${formatTransfer(transfer)}`);
    },
  },
  'decline-file': transferCommand('decline-file', 'file.decline', 'decline an offered file', 'declined'),
  'cancel-file': transferCommand(
    'cancel-file',
    'file.cancel',
    'cancel a download (its part file is deleted) or withdraw your offer',
    'cancelled',
  ),
  'resume-file': transferCommand(
    'resume-file',
    'file.resume',
    'resume a paused download (after freeing disk space)',
    'resumed',
  ),
};
