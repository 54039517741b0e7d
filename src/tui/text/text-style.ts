/**
 * Ink's `<Text color>` does not take `undefined` under exactOptionalPropertyTypes; this spreads
 * a colour only when there is one: `<Text {...colored(maybe)}>`.
 */
export function colored(color: string | undefined): { color?: string } {
  return color === undefined ? {} : { color };
}
