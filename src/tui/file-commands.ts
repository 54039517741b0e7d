/**
 * The file sharing slash commands, parsed (pure): `/send <path>` offers a file to the open
 * friend or group, `/files` opens the transfers view (where offers are accepted or declined).
 * commands.ts lists them with the others; run-file-command.ts runs them.
 */
import type { CommandSpec, ParsedLine } from './commands.js';

/** A parsed file command. */
export type FileCommand = { readonly name: 'send'; readonly path: string } | { readonly name: 'files' };

/** The file commands, in the order /help lists them. */
export const FILE_COMMANDS: readonly CommandSpec[] = [
  { name: 'send', usage: '/send <path>', summary: 'offer a file to the open friend or group (Tab completes the path)', takesContact: false },
  { name: 'files', usage: '/files', summary: 'file transfers: accept or decline offers, progress, cancel', takesContact: false },
];

/**
 * Parses the argument of a file command. The path is the rest of the line (it may hold
 * spaces); quotes around it are dropped, as a shell would.
 * @example parseFileCommand('send', '"my notes.txt"') // { kind: 'command', command: { name: 'send', path: 'my notes.txt' } }
 */
export function parseFileCommand(name: FileCommand['name'], rest: string): ParsedLine {
  if (name === 'files') {
    return rest === '' ? { kind: 'command', command: { name: 'files' } } : { kind: 'invalid', message: '/files takes no arguments. Usage: /files' };
  }
  const path = unquote(rest);
  if (path === '') return { kind: 'invalid', message: 'Give the file to send. Usage: /send <path> (Tab completes the path)' };
  return { kind: 'command', command: { name: 'send', path } };
}

function unquote(text: string): string {
  const quoted = /^(["'])(.*)\1$/s.exec(text);
  return quoted === null ? text : (quoted[2] ?? '');
}
