import { describe, expect, it } from 'vitest';
import {
  launchTorrc,
  parseControlPortFile,
  parseHostPort,
  parseSocksListeners,
  torProcessPaths,
} from '../../../src/transport/tor/tor-process-config.js';
import { renderTorrc } from '../../../src/transport/tor/torrc.js';

const paths = torProcessPaths('/profile/tor');

describe('launchTorrc', () => {
  it('renders the torrc of a tor Burrow owns, extras last', () => {
    expect(renderTorrc(launchTorrc(paths, 4242, [['DisableNetwork', 1]]))).toBe(
      [
        'DataDirectory /profile/tor',
        'ControlPort auto',
        'ControlPortWriteToFile /profile/tor/control-port',
        'CookieAuthentication 1',
        'CookieAuthFile /profile/tor/control_auth_cookie',
        'SocksPort auto IsolateSOCKSAuth ExtendedErrors',
        '__OwningControllerProcess 4242',
        'AvoidDiskWrites 1',
        'Log notice stdout',
        'DisableNetwork 1',
        '',
      ].join('\n'),
    );
  });

  it("writes a log file only when asked to (debugging): by default nothing of tor's log reaches the disk", () => {
    expect(launchTorrc(paths, 1).filter(([option]) => option === 'Log')).toEqual([['Log', 'notice stdout']]);
    expect(launchTorrc(paths, 1, [], true).filter(([option]) => option === 'Log')).toEqual([
      ['Log', 'notice stdout'],
      ['Log', 'notice file /profile/tor/tor.log'],
    ]);
  });

  it.each(['DataDirectory', 'controlport', 'CookieAuthFile', 'RunAsDaemon', '__OwningControllerProcess'])(
    'refuses an extra line that sets %s',
    (option) => {
      expect(() => launchTorrc(paths, 1, [[option, 'x']])).toThrow(/may not set/);
    },
  );

  it('lets extras add more listeners of a list option (SocksPort)', () => {
    expect(launchTorrc(paths, 1, [['SocksPort', 9150]]).filter(([o]) => o === 'SocksPort')).toHaveLength(2);
  });
});

describe('parseControlPortFile', () => {
  it('reads what tor 0.4.9.11 writes', () => {
    expect(parseControlPortFile('PORT=127.0.0.1:38475\n')).toEqual({ host: '127.0.0.1', port: 38475 });
  });

  it('skips unix sockets and takes the first TCP listener', () => {
    expect(parseControlPortFile('UNIX_PORT=/run/tor/control\nPORT=[::1]:9051\nPORT=127.0.0.1:9052\n')).toEqual({
      host: '::1',
      port: 9051,
    });
  });

  it.each([
    ['an empty file', ''],
    ['a truncated line', 'PORT=127.0.0.1:'],
    ['port 0', 'PORT=127.0.0.1:0'],
    ['a port above 65535', 'PORT=127.0.0.1:65536'],
    ['garbage', 'hello'],
  ])('returns undefined for %s', (_what, text) => {
    expect(parseControlPortFile(text)).toBeUndefined();
  });
});

describe('parseSocksListeners', () => {
  it('reads a quoted listener list', () => {
    expect(parseSocksListeners('"127.0.0.1:36273"')).toEqual({ host: '127.0.0.1', port: 36273 });
    expect(parseSocksListeners('"unix:/tmp/socks" "[::1]:9050" "127.0.0.1:9150"')).toEqual({ host: '::1', port: 9050 });
  });

  it('returns undefined when tor has no SOCKS listener (DisableNetwork 1 gives an empty value)', () => {
    expect(parseSocksListeners('')).toBeUndefined();
    expect(parseSocksListeners('"unix:/tmp/socks"')).toBeUndefined();
  });
});

describe('parseHostPort', () => {
  it.each(['127.0.0.1', ':9050', '[::1]9050', 'host:port', '127.0.0.1:123456', 'a b:1'])('rejects %j', (text) => {
    expect(parseHostPort(text)).toBeUndefined();
  });
});
