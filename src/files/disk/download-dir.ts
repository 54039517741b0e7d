/**
 * The default folder for downloads: the XDG download directory (xdg-user-dirs:
 * `XDG_DOWNLOAD_DIR` in `$XDG_CONFIG_HOME/user-dirs.dirs`, which the desktop keeps translated,
 * e.g. ~/Téléchargements), else ~/Downloads if it exists, else the home directory.
 */
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * The download directory named in the text of a user-dirs.dirs file, or undefined. The format
 * (xdg-user-dirs(1)) is shell-like: `XDG_DOWNLOAD_DIR="$HOME/Downloads"`; only `$HOME/…` and
 * absolute paths are valid.
 * @example parseUserDirs('XDG_DOWNLOAD_DIR="$HOME/Downloads"', '/home/ada') // '/home/ada/Downloads'
 */
export function parseUserDirs(text: string, home: string): string | undefined {
  for (const line of text.split('\n')) {
    const match = /^\s*XDG_DOWNLOAD_DIR\s*=\s*"((?:[^"\\]|\\.)*)"\s*$/u.exec(line);
    if (match === null) continue;
    const value = match[1]!.replace(/\\(.)/gu, '$1');
    if (value.startsWith('$HOME/')) return join(home, value.slice('$HOME/'.length));
    if (value === '$HOME') return home;
    if (isAbsolute(value)) return value;
  }
  return undefined;
}

/** Where downloads go unless the user picks another folder. */
export async function defaultDownloadFolder(
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): Promise<string> {
  const configHome =
    env['XDG_CONFIG_HOME'] !== undefined && isAbsolute(env['XDG_CONFIG_HOME'])
      ? env['XDG_CONFIG_HOME']
      : join(home, '.config');
  const fromFile = await readFile(join(configHome, 'user-dirs.dirs'), 'utf8').then(
    (text) => parseUserDirs(text, home),
    () => undefined,
  );
  for (const candidate of [fromFile, join(home, 'Downloads')]) {
    if (candidate !== undefined && (await isDirectory(candidate))) return candidate;
  }
  return home;
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
}
