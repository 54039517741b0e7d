/**
 * Tab completion of a file path (the argument of /send), like a shell's: the part after the
 * last "/" completes to the names in that folder, folders with a "/" so the next Tab goes on
 * into them. "~" stands for the home folder; a relative path is relative to the folder Burrow
 * was started in. Hidden entries are offered only once a "." is typed.
 */
import { readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Completions } from './completions.js';

/** Most names offered at once (a folder with thousands of files would flood the notice line). */
export const MAX_PATH_MATCHES = 200;

/** One entry of a folder. */
export interface FolderEntry {
  readonly name: string;
  readonly isDirectory: boolean;
}

/** Where paths are looked up. */
export interface PathContext {
  readonly cwd: string;
  readonly home: string;
  /** Lists a folder (default: readdirSync); throws or returns [] when it cannot. */
  readonly list?: (folder: string) => readonly FolderEntry[];
}

/** The absolute path a user typed: `~/x` is in the home folder, `x` in the working folder. */
export function resolveUserPath(typed: string, context: Pick<PathContext, 'cwd' | 'home'>): string {
  if (typed === '~') return context.home;
  if (typed.startsWith('~/')) return join(context.home, typed.slice(2));
  return isAbsolute(typed) ? typed : join(context.cwd, typed);
}

/** Completions of the path typed in `line` from `start` to `cursor`, or undefined when nothing matches. */
export function completePath(
  line: string,
  start: number,
  cursor: number,
  context: PathContext,
): Completions | undefined {
  const typed = line.slice(start, cursor);
  const slash = typed.lastIndexOf('/');
  const folderPart = slash < 0 ? '' : typed.slice(0, slash + 1);
  const namePart = slash < 0 ? typed : typed.slice(slash + 1);
  const folder = folderPart === '' ? context.cwd : resolveUserPath(folderPart, context);
  let entries: readonly FolderEntry[];
  try {
    entries = (context.list ?? listFolder)(folder);
  } catch {
    return undefined;
  }
  const matches = entries
    .filter((entry) => entry.name.startsWith(namePart) && (namePart.startsWith('.') || !entry.name.startsWith('.')))
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, MAX_PATH_MATCHES)
    .map((entry) => folderPart + entry.name + (entry.isDirectory ? '/' : ''));
  return matches.length === 0 ? undefined : { start, end: cursor, matches };
}

function listFolder(folder: string): FolderEntry[] {
  return readdirSync(folder, { withFileTypes: true }).map((entry) => ({
    name: entry.name,
    isDirectory: entry.isDirectory(),
  }));
}
