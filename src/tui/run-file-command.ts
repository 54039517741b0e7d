/**
 * Runs a file command and says what the screen should do next (like run-command.ts: every
 * failure becomes a notice; nothing here throws). `/send` offers the file to the open friend
 * or group; `/files` opens the transfers view.
 */
import type { NodeApi } from '../node/api.js';
import { formatBytes } from '../text/transfer-format.js';
import type { ContactEntry } from './conversation/contact-list.js';
import type { FileCommand } from './file-commands.js';
import type { GroupEntry } from './conversation/group-list.js';
import { resolveUserPath } from './input/path-completion.js';
import type { CommandOutcome } from './run-command.js';
import { describeError } from './safe-node.js';

/** What a file command may use. */
export interface FileCommandContext {
  readonly api: NodeApi;
  /** The contact open in the pane, if any. */
  readonly open: ContactEntry | undefined;
  /** The group open in the pane, if any. */
  readonly openGroup: GroupEntry | undefined;
  /** Relative paths are relative to this folder; `~` is `home`. */
  readonly cwd: string;
  readonly home: string;
}

const failure = (text: string): CommandOutcome => ({ notice: { text, tone: 'error' } });

/** Runs `command`; resolves with what to show (never rejects). */
export async function runFileCommand(command: FileCommand, context: FileCommandContext): Promise<CommandOutcome> {
  if (command.name === 'files') return { show: 'transfers' };
  const { open, openGroup } = context;
  const target = openGroup?.group.id ?? (open?.contact.state === 'friend' ? open.contact.onion : undefined);
  if (target === undefined) return failure('Open a friend’s conversation or a group first: the file goes to whoever is open.');
  try {
    const offered = await context.api.files.send(target, resolveUserPath(command.path, context));
    const to = openGroup !== undefined ? `the group ${openGroup.name}` : (open?.name ?? target);
    return { notice: { text: `Offered ${offered.name} (${formatBytes(offered.size)}) to ${to}. /files shows who accepted and the progress.`, tone: 'info' } };
  } catch (error) {
    return failure(`Not offered: ${describeError(error)}`);
  }
}
