/**
 * Alt+A (and Alt+U): the next conversation with unread messages, in sidebar order after the
 * open one and round again, as irssi's and weechat's "next active window" key. Pure.
 */

/** A sidebar conversation as far as activity goes. */
export interface ActivityEntry {
  readonly key: string;
  readonly unread: number;
}

/**
 * The key of the next conversation after `current` with unread messages, or undefined when no
 * other one has any.
 * @example nextActiveKey([{ key: 'a', unread: 0 }, { key: 'b', unread: 2 }], 'a') === 'b'
 */
export function nextActiveKey(entries: readonly ActivityEntry[], current: string | undefined): string | undefined {
  const start = entries.findIndex((entry) => entry.key === current);
  for (let step = 1; step <= entries.length; step++) {
    const entry = entries[(start + step + entries.length) % entries.length];
    if (entry !== undefined && entry.key !== current && entry.unread > 0) return entry.key;
  }
  return undefined;
}
