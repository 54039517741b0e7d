/**
 * Reads the path `/send` is given the way terminals paste a file dropped on them, or a shell
 * user types it: quoted (`"My File.pdf"`, `'My File.pdf'`), with backslash escapes
 * (`My\ File.pdf`, as GNOME Terminal and iTerm2 paste a drop) or as a `file://` URL (as
 * Konsole and kitty paste one, with %-escapes). Anything else is taken as it is.
 */
import { fileURLToPath } from 'node:url';

/**
 * The path in `text` (already trimmed).
 * @example droppedPath('My\\ File.pdf') === 'My File.pdf'
 * @example droppedPath('file:///tmp/My%20File.pdf') === '/tmp/My File.pdf'
 */
export function droppedPath(text: string): string {
  const quoted = /^(["'])(.*)\1$/s.exec(text);
  if (quoted !== null) return quoted[2] ?? '';
  if (/^file:\/\//i.test(text)) {
    try {
      return fileURLToPath(text);
    } catch {
      return text;
    }
  }
  return text.replace(/\\(.)/gs, '$1');
}
