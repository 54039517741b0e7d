/**
 * Writing torrc files. Values reach tor's config parser, so a value with a newline (or a NUL)
 * could smuggle in another option: {@link renderTorrc} refuses them.
 */
export type TorrcEntry = readonly [option: string, value: string | number];

const OPTION_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Renders `[option, value]` pairs as torrc text, one per line; repeated options stay repeated. */
export function renderTorrc(entries: readonly TorrcEntry[]): string {
  return (
    entries
      .map(([option, value]) => {
        if (!OPTION_NAME.test(option)) throw new TypeError(`invalid torrc option name: ${JSON.stringify(option)}`);
        const text = String(value);
        if (/[\r\n\0]/.test(text)) throw new TypeError(`torrc value for ${option} contains a line break`);
        return `${option} ${text}`;
      })
      .join('\n') + '\n'
  );
}

/**
 * Settings every tor of a private test network shares (authorities, relays and the clients that
 * join it), measured in docs/TESTNET.md: `Schedulers Vanilla` (KIST adds ~10 ms a hop on
 * loopback), `ShutdownWaitLength 0`, and no GeoIP files (30 MB each and a slower start).
 * Tors on the public network keep tor's defaults.
 */
export function testnetCommonTorrc(emptyFile: string): TorrcEntry[] {
  return [
    ['Schedulers', 'Vanilla'],
    ['ShutdownWaitLength', 0],
    ['GeoIPFile', emptyFile],
    ['GeoIPv6File', emptyFile],
  ];
}
