import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  TorControlClient,
  TorControlProtocolError,
  TorControlReplyError,
  parseAuthChallenge,
  parseProtocolInfo,
  quoteString,
  readAuthCookie,
  safeCookieHashes,
  ControlReplyParser,
  type ControlReply,
} from '../../../src/transport/tor/control/index.js';
import { startFakeTor, type FakeConnection, type FakeTor } from './fake-tor.js';
import { REAL, SAFECOOKIE_VECTOR, SESSION } from './transcripts.js';
import { errorNamed } from '../../shared/errors.js';

const hex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function reply(text: string): ControlReply {
  const [message] = new ControlReplyParser().push(Buffer.from(text, 'latin1'));
  if (message?.type !== 'reply') throw new Error('not a reply');
  return message.reply;
}

const dir = mkdtempSync(join(tmpdir(), 'burrow-tor-control-'));
const cookieFile = join(dir, 'control_auth_cookie');
writeFileSync(cookieFile, hex(SAFECOOKIE_VECTOR.cookie));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SAFECOOKIE (control-spec §3.24)', () => {
  it('computes the hashes of a real tor session', () => {
    const { serverHash, clientHash } = safeCookieHashes(
      hex(SAFECOOKIE_VECTOR.cookie),
      hex(SAFECOOKIE_VECTOR.clientNonce),
      hex(SAFECOOKIE_VECTOR.serverNonce),
    );
    expect(toHex(serverHash)).toBe(SAFECOOKIE_VECTOR.serverHash.toLowerCase());
    expect(toHex(clientHash)).toBe(SAFECOOKIE_VECTOR.clientHash);
  });

  it('parses a real AUTHCHALLENGE reply', () => {
    const parsed = parseAuthChallenge(reply(SESSION[1]!.received));
    expect(toHex(parsed.serverHash)).toBe(SAFECOOKIE_VECTOR.serverHash.toLowerCase());
    expect(toHex(parsed.serverNonce)).toBe(SAFECOOKIE_VECTOR.serverNonce.toLowerCase());
  });

  it('refuses AUTHCHALLENGE replies without 32-byte hex values', () => {
    for (const bad of [
      '250 AUTHCHALLENGE SERVERHASH=00 SERVERNONCE=00\r\n',
      '250 OK\r\n',
      `250 AUTHCHALLENGE SERVERHASH=${'zz'.repeat(32)} SERVERNONCE=${'00'.repeat(32)}\r\n`,
    ]) {
      expect(() => parseAuthChallenge(reply(bad))).toThrow(TorControlProtocolError);
    }
  });
});

describe('parseProtocolInfo', () => {
  it('reads methods, cookie file and version of real replies', () => {
    expect(parseProtocolInfo(reply(SESSION[0]!.received))).toEqual({
      methods: new Set(['COOKIE', 'SAFECOOKIE']),
      cookieFile: '/tmp/torcap/data/control_auth_cookie',
      torVersion: '0.4.9.11',
    });
    expect(parseProtocolInfo(reply(REAL.protocolInfoPassword.received)).methods).toEqual(new Set(['HASHEDPASSWORD']));
    expect(parseProtocolInfo(reply(REAL.protocolInfoNull.received)).methods).toEqual(new Set(['NULL']));
  });

  it('unescapes the cookie path', () => {
    const info = parseProtocolInfo(
      reply('250-PROTOCOLINFO 1\r\n250-AUTH METHODS=COOKIE COOKIEFILE="/home/\\303\\251 x/\\"c\\""\r\n250 OK\r\n'),
    );
    expect(info.cookieFile).toBe('/home/\u00e9 x/"c"');
  });

  it('refuses a reply without an AUTH line', () => {
    expect(() => parseProtocolInfo(reply('250-PROTOCOLINFO 1\r\n250 OK\r\n'))).toThrow(TorControlProtocolError);
  });
});

describe('readAuthCookie', () => {
  it('reads a 32-byte cookie', async () => {
    expect(toHex(await readAuthCookie(cookieFile))).toBe(SAFECOOKIE_VECTOR.cookie);
  });

  it('refuses files of another size and missing files, naming the path', async () => {
    for (const size of [0, 31, 33, 4096]) {
      const path = join(dir, `cookie-${size}`);
      writeFileSync(path, new Uint8Array(size));
      await expect(readAuthCookie(path)).rejects.toThrow(errorNamed('TorControlAuthError'));
    }
    await expect(readAuthCookie(join(dir, 'missing'))).rejects.toThrow(/missing.*ENOENT/);
    await expect(readAuthCookie(dir)).rejects.toThrow(errorNamed('TorControlAuthError'));
  });
});

/** A fake tor that implements cookie / SAFECOOKIE / password authentication honestly. */
interface AuthScript {
  readonly methods: string;
  /** The COOKIEFILE PROTOCOLINFO reports. */
  readonly reportedCookieFile?: string;
  readonly password?: string;
  /** Sends a SERVERHASH computed from another cookie (a tor that does not know our cookie). */
  readonly lieAboutServerHash?: boolean;
}

const SERVER_NONCE = hex('a5'.repeat(32));

function authHandler(script: AuthScript): (line: string, connection: FakeConnection) => void {
  const cookie = hex(SAFECOOKIE_VECTOR.cookie);
  let expectedClientHash = '';
  return (line, connection) => {
    const [keyword, ...args] = line.split(' ');
    if (keyword === 'PROTOCOLINFO') {
      const file =
        script.reportedCookieFile === undefined ? '' : ` COOKIEFILE=${quoteString(script.reportedCookieFile)}`;
      connection.send(
        `250-PROTOCOLINFO 1\r\n250-AUTH METHODS=${script.methods}${file}\r\n250-VERSION Tor="0.4.9.11"\r\n250 OK\r\n`,
      );
    } else if (keyword === 'AUTHCHALLENGE') {
      const clientNonce = hex(args[1] ?? '');
      const hashes = safeCookieHashes(
        script.lieAboutServerHash === true ? new Uint8Array(32) : cookie,
        clientNonce,
        SERVER_NONCE,
      );
      expectedClientHash = toHex(safeCookieHashes(cookie, clientNonce, SERVER_NONCE).clientHash);
      connection.send(
        `250 AUTHCHALLENGE SERVERHASH=${toHex(hashes.serverHash).toUpperCase()} SERVERNONCE=${toHex(SERVER_NONCE).toUpperCase()}\r\n`,
      );
    } else if (keyword === 'AUTHENTICATE') {
      const given = args.join(' ');
      const ok =
        (script.methods.includes('SAFECOOKIE') && given === expectedClientHash) ||
        (script.methods.includes('COOKIE') && given === SAFECOOKIE_VECTOR.cookie) ||
        (script.password !== undefined && given === quoteString(script.password)) ||
        (script.methods === 'NULL' && given === '');
      if (ok) {
        connection.send('250 OK\r\n');
      } else {
        connection.send('515 Authentication failed: Safe cookie response did not match expected value.\r\n');
        connection.socket.end();
      }
    } else if (line === 'GETINFO version') {
      connection.send('250-version=0.4.9.11\r\n250 OK\r\n');
    }
  };
}

describe('TorControlClient.authenticate', () => {
  let fake: FakeTor | undefined;
  let client: TorControlClient | undefined;
  afterEach(async () => {
    await client?.close();
    await fake?.close();
    client = undefined;
    fake = undefined;
  });

  async function connect(script: AuthScript): Promise<[TorControlClient, FakeTor]> {
    fake = await startFakeTor(authHandler(script));
    client = await TorControlClient.connect({ port: fake.port });
    return [client, fake];
  }

  it('uses SAFECOOKIE with the cookie file PROTOCOLINFO names', async () => {
    const [tor, server] = await connect({ methods: 'COOKIE,SAFECOOKIE', reportedCookieFile: cookieFile });
    const info = await tor.authenticate();
    expect(info.torVersion).toBe('0.4.9.11');
    expect(server.lines[0]).toBe('PROTOCOLINFO 1');
    expect(server.lines[1]).toMatch(/^AUTHCHALLENGE SAFECOOKIE [0-9a-f]{64}$/);
    expect(server.lines[2]).toMatch(/^AUTHENTICATE [0-9a-f]{64}$/);
    expect((await tor.getInfo(['version'])).get('version')).toBe('0.4.9.11');
  });

  it('sends a fresh random client nonce each time', async () => {
    const nonces: string[] = [];
    for (let i = 0; i < 2; i++) {
      const [tor, server] = await connect({ methods: 'SAFECOOKIE', reportedCookieFile: cookieFile });
      await tor.authenticate();
      nonces.push(server.lines[1]!);
      await tor.close();
      await server.close();
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it('prefers the cookieFile option over the reported path', async () => {
    const [tor] = await connect({ methods: 'SAFECOOKIE', reportedCookieFile: join(dir, 'elsewhere') });
    await expect(tor.authenticate({ cookieFile })).resolves.toBeDefined();
  });

  it('refuses a tor whose SAFECOOKIE proof is wrong, before revealing anything', async () => {
    const [tor, server] = await connect({
      methods: 'SAFECOOKIE',
      reportedCookieFile: cookieFile,
      lieAboutServerHash: true,
    });
    await expect(tor.authenticate()).rejects.toThrow(errorNamed('TorControlAuthError'));
    expect(server.lines.map((l) => l.split(' ')[0])).toEqual(['PROTOCOLINFO', 'AUTHCHALLENGE']);
    await tor.closed;
    expect(tor.isClosed).toBe(true);
  });

  it('uses COOKIE when SAFECOOKIE is not offered', async () => {
    const [tor, server] = await connect({ methods: 'COOKIE', reportedCookieFile: cookieFile });
    await tor.authenticate();
    expect(server.lines[1]).toBe(`AUTHENTICATE ${SAFECOOKIE_VECTOR.cookie}`);
  });

  it('refuses a cookie file of the wrong size without sending it', async () => {
    const shortCookie = join(dir, 'short-cookie');
    writeFileSync(shortCookie, new Uint8Array(31));
    const [tor, server] = await connect({ methods: 'COOKIE,SAFECOOKIE', reportedCookieFile: shortCookie });
    await expect(tor.authenticate()).rejects.toThrow(/32 bytes/);
    expect(server.lines).toEqual(['PROTOCOLINFO 1']);
  });

  it('falls back to the password when the cookie cannot be read', async () => {
    const [tor, server] = await connect({
      methods: 'HASHEDPASSWORD,SAFECOOKIE',
      reportedCookieFile: join(dir, 'unreadable'),
      password: 'secret',
    });
    await tor.authenticate({ password: 'secret' });
    expect(server.lines[1]).toBe('AUTHENTICATE "secret"');
  });

  it('sends a quoted password for HASHEDPASSWORD', async () => {
    const password = 'pa"ss\\word with spaces';
    const [tor, server] = await connect({ methods: 'HASHEDPASSWORD', password });
    await tor.authenticate({ password });
    expect(server.lines[1]).toBe('AUTHENTICATE "pa\\"ss\\\\word with spaces"');
  });

  it('turns a 515 reply into TorControlAuthError carrying the reply', async () => {
    fake = await startFakeTor((line, connection) => {
      if (line === 'PROTOCOLINFO 1') connection.send(REAL.protocolInfoPassword.received);
      else if (line === REAL.passwordRejected.sent) connection.send(REAL.passwordRejected.received);
    });
    client = await TorControlClient.connect({ port: fake.port });
    const error = await client.authenticate({ password: 'wrong' }).catch((e: unknown) => e);
    expect(error).toEqual(errorNamed('TorControlAuthError'));
    expect((error as Error).cause).toBeInstanceOf(TorControlReplyError);
    expect((error as Error).message).toMatch(/515 Authentication failed: Password did not match/);
  });

  it('asks for the password when tor wants one and none was given', async () => {
    const [tor, server] = await connect({ methods: 'HASHEDPASSWORD' });
    await expect(tor.authenticate()).rejects.toThrow(/Pass the password/);
    expect(server.lines).toEqual(['PROTOCOLINFO 1']);
  });

  it('sends a bare AUTHENTICATE for NULL', async () => {
    const [tor, server] = await connect({ methods: 'NULL' });
    await tor.authenticate();
    expect(server.lines).toEqual(['PROTOCOLINFO 1', 'AUTHENTICATE']);
  });

  it('refuses a password with a line break before sending anything, and stays usable', async () => {
    const [tor, server] = await connect({ methods: 'HASHEDPASSWORD', password: 'ok' });
    await expect(tor.authenticate({ password: 'x\r\nSIGNAL HALT' })).rejects.toThrow(TypeError);
    await tor.authenticate({ password: 'ok' });
    expect(server.lines).toEqual(['PROTOCOLINFO 1', 'AUTHENTICATE "ok"']);
  });

  it('authenticates once per connection', async () => {
    const [tor] = await connect({ methods: 'NULL' });
    await tor.authenticate();
    await expect(tor.authenticate()).rejects.toThrow(errorNamed('TorControlAuthError'));
  });

  it('surfaces 514 for a command sent before authenticating', async () => {
    fake = await startFakeTor((line, connection) => {
      if (line === REAL.authenticationRequired.sent) connection.send(REAL.authenticationRequired.received);
    });
    client = await TorControlClient.connect({ port: fake.port });
    await expect(client.getInfo(['version'])).rejects.toMatchObject({ name: 'TorControlReplyError', code: 514 });
  });
});
