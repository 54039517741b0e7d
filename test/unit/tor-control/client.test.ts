import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortedError, TimeoutError } from '../../../src/errors.js';
import {
  TorControlClient,
  type TorControlClosed,
  TorControlProtocolError,
  TorControlReplyError,
  unquoteString,
  type ControlEvent,
} from '../../../src/transport/tor/control/index.js';
import { replay, startFakeTor, type FakeHandler, type FakeTor } from './fake-tor.js';
import { DATA_EVENT, HS_DESC_EVENTS, REAL, SESSION } from './transcripts.js';
import { errorNamed } from '../../shared/errors.js';

let fake: FakeTor | undefined;
let client: TorControlClient | undefined;

afterEach(async () => {
  await client?.close();
  await fake?.close();
  client = undefined;
  fake = undefined;
});

async function connect(handler: FakeHandler, commandTimeoutMs?: number): Promise<[TorControlClient, FakeTor]> {
  fake = await startFakeTor(handler);
  client = await TorControlClient.connect({
    port: fake.port,
    ...(commandTimeoutMs === undefined ? {} : { commandTimeoutMs }),
  });
  return [client, fake];
}

const exchange = (sent: string) => SESSION.find((e) => e.sent === sent)!;

/** Answers PROTOCOLINFO with NULL auth, AUTHENTICATE and SETEVENTS with 250 OK (552 for FOO), and delegates the rest. */
function nullAuthTor(rest: FakeHandler = () => undefined): FakeHandler {
  return (line, connection) => {
    if (line === 'PROTOCOLINFO 1') connection.send(REAL.protocolInfoNull.received);
    else if (line === 'AUTHENTICATE') connection.send('250 OK\r\n');
    else if (line.startsWith('SETEVENTS'))
      connection.send(line.split(' ').includes('FOO') ? REAL.unknownEvent.received : '250 OK\r\n');
    else rest(line, connection);
  };
}

describe('commands over a replayed real session', () => {
  it('reads GETINFO values, data blocks and empty values', async () => {
    const [tor] = await connect(replay([...SESSION, REAL.getinfoRepeatedWithData, REAL.getinfoEmptyValue]));
    const many = await tor.getInfo(['version', 'config-file', 'status/bootstrap-phase']);
    expect([...many]).toEqual([
      ['version', '0.4.9.11'],
      ['config-file', '/tmp/torcap/torrc'],
      ['status/bootstrap-phase', 'NOTICE BOOTSTRAP PROGRESS=0 TAG=starting SUMMARY="Starting"'],
    ]);
    const config = (await tor.getInfo(['config-text'])).get('config-text')!;
    expect(config.split('\n')).toHaveLength(9);
    expect(config.split('\n')[0]).toBe('ControlPort auto');
    const repeated = await tor.getInfo(['version', 'config-text', 'version']);
    expect(repeated.get('config-text')).toContain('Log notice file /tmp/torcap/data/log2');
    expect((await tor.getInfo(['md/all'])).get('md/all')).toBe('');
    expect(unquoteString((await tor.getInfo(['net/listeners/control'])).get('net/listeners/control')!)).toBe(
      '127.0.0.1:37201',
    );
  });

  it('reads GETCONF values, unset options and quoted values', async () => {
    const [tor] = await connect(replay([...SESSION, REAL.getconfQuoted]));
    const conf = await tor.getConf(['DisableNetwork', 'SocksPort', 'Log', 'ControlPort', 'HiddenServiceDir']);
    expect(conf.get('Log')).toEqual(['notice file /tmp/torcap/data/log']);
    expect(conf.get('HiddenServiceDir')).toEqual([]);
    expect(conf.get('DisableNetwork')).toEqual(['1']);
    expect((await tor.getConf(['ContactInfo'])).get('ContactInfo')).toEqual(['"hi" there \\\\ back']);
  });

  it('sends SETCONF, SIGNAL and TAKEOWNERSHIP as tor expects them', async () => {
    const [tor, server] = await connect((line, connection) =>
      connection.send(line.startsWith('SIGNAL FOO') ? exchange('SIGNAL FOO').received : '250 OK\r\n'),
    );
    await tor.setConf({ DisableNetwork: '0', Log: 'notice stdout' });
    await tor.setConf([
      ['HiddenServicePort', '80 127.0.0.1:8080'],
      ['ContactInfo', ''],
    ]);
    await tor.signal('NEWNYM');
    await tor.takeOwnership();
    await expect(tor.signal('FOO')).rejects.toMatchObject({
      name: 'TorControlReplyError',
      code: 552,
      replyText: 'Unrecognized signal code "FOO"',
    });
    expect(server.lines).toEqual([
      'SETCONF DisableNetwork=0 Log="notice stdout"',
      'SETCONF HiddenServicePort="80 127.0.0.1:8080" ContactInfo=""',
      'SIGNAL NEWNYM',
      'TAKEOWNERSHIP',
      'SIGNAL FOO',
    ]);
  });

  it('rejects 4xx/5xx replies with TorControlReplyError carrying code and text', async () => {
    const [tor] = await connect(replay(SESSION));
    const unknownKey = await tor.getInfo(['nosuchkey']).catch((e: unknown) => e);
    expect(unknownKey).toBeInstanceOf(TorControlReplyError);
    expect(unknownKey).toMatchObject({
      code: 552,
      replyText: 'Unrecognized key "nosuchkey"',
      keyword: 'GETINFO',
      action: 'bug',
    });
    await expect(tor.command('FROBNICATE')).rejects.toMatchObject({
      code: 510,
      replyText: 'Unrecognized command "FROBNICATE"',
    });
    await expect(tor.command('AUTHENTICATE')).rejects.toMatchObject({ code: 515 });
    // The connection still works after error replies.
    expect((await tor.getInfo(['version'])).get('version')).toBe('0.4.9.11');
  });
});

describe('concurrency and events', () => {
  it('gives each concurrent command its own reply when the answers arrive byte by byte, with events in between', async () => {
    const sends = [
      'GETINFO version',
      'GETINFO config-text',
      'GETINFO nosuchkey',
      'GETINFO version config-file status/bootstrap-phase',
      'SETCONF DisableNetwork=0',
    ];
    const answer = [
      exchange(sends[0]!).received,
      HS_DESC_EVENTS,
      exchange(sends[1]!).received,
      exchange(sends[2]!).received,
      DATA_EVENT,
      // An event inside a multi-line reply stays out of it.
      '250-version=0.4.9.11\r\n650 STATUS_CLIENT NOTICE CIRCUIT_ESTABLISHED\r\n250-config-file=/tmp/torcap/torrc\r\n250-status/bootstrap-phase=x\r\n250 OK\r\n',
      exchange(sends[4]!).received,
    ].join('');
    const [tor, server] = await connect(() => undefined);
    const events: ControlEvent[] = [];
    for (const name of ['HS_DESC', 'NEWCONSENSUS', 'STATUS_CLIENT', 'CONF_CHANGED'])
      tor.onEvent(name, (event) => events.push(event));
    const confChanged = new Promise((resolve) => tor.onEvent('CONF_CHANGED', resolve));

    const results = [
      tor.getInfo(['version']),
      tor.getInfo(['config-text']),
      tor.getInfo(['nosuchkey']).catch((e: unknown) => e),
      tor.getInfo(['version', 'config-file', 'status/bootstrap-phase']),
      tor.setConf({ DisableNetwork: '0' }),
    ] as const;
    await server.waitForLines(sends.length);
    expect(server.lines).toEqual(sends);
    await server.connections[0]!.sendBytewise(answer);
    const [version, config, unknown, many, setconf] = await Promise.all(results);
    expect(version).toEqual(new Map([['version', '0.4.9.11']]));
    expect(config.get('config-text')).toMatch(/^ControlPort auto\n/);
    expect(unknown).toMatchObject({ name: 'TorControlReplyError', code: 552 });
    expect(many.get('status/bootstrap-phase')).toBe('x');
    expect(setconf).toBeUndefined();
    await confChanged;
    expect(events.map((e) => `${e.name} ${e.body.split(' ')[0] ?? ''}`)).toEqual([
      'HS_DESC UPLOAD',
      'HS_DESC UPLOADED',
      'HS_DESC FAILED',
      'NEWCONSENSUS ',
      'STATUS_CLIENT NOTICE',
      'CONF_CHANGED ',
    ]);
  });

  it('keeps SETEVENTS equal to the union of subscribed names, sent only after authentication', async () => {
    const [tor, server] = await connect(nullAuthTor());
    const offClient = tor.onEvent('STATUS_CLIENT', () => undefined);
    await tor.authenticate();
    await tor.subscriptionsReady();
    expect(server.lines).toEqual(['PROTOCOLINFO 1', 'AUTHENTICATE', 'SETEVENTS STATUS_CLIENT']);

    const offDesc = tor.onEvent('HS_DESC', () => undefined);
    const offDescAgain = tor.onEvent('HS_DESC', () => undefined);
    tor.onEvent('CONF_CHANGED', () => undefined);
    await tor.subscriptionsReady();
    expect(server.lines.at(-1)).toBe('SETEVENTS CONF_CHANGED HS_DESC STATUS_CLIENT');

    offClient();
    offClient();
    offDesc();
    await tor.subscriptionsReady();
    expect(server.lines.at(-1)).toBe('SETEVENTS CONF_CHANGED HS_DESC');
    offDescAgain();
    await tor.subscriptionsReady();
    expect(server.lines.at(-1)).toBe('SETEVENTS CONF_CHANGED');
    expect(server.lines.filter((l) => l.startsWith('SETEVENTS'))).toHaveLength(4);
  });

  it('reports a SETEVENTS tor refused, and recovers once the bad name is dropped', async () => {
    const [tor] = await connect(nullAuthTor());
    await tor.authenticate();
    tor.onEvent('STATUS_CLIENT', () => undefined);
    const off = tor.onEvent('FOO', () => undefined);
    await expect(tor.subscriptionsReady()).rejects.toMatchObject({ code: 552, replyText: 'Unrecognized event "FOO"' });
    off();
    await expect(tor.subscriptionsReady()).resolves.toBeUndefined();
    expect(() => tor.onEvent('status_client', () => undefined)).toThrow(TypeError);
    expect(() => tor.onEvent('A B', () => undefined)).toThrow(TypeError);
  });

  it('survives listeners that throw or reject', async () => {
    const [tor] = await connect(replay(SESSION));
    const seen: string[] = [];
    tor.onEvent('STATUS_CLIENT', () => {
      throw new Error('listener bug');
    });
    tor.onEvent('STATUS_CLIENT', (event) => seen.push(event.body));
    // eslint-disable-next-line @typescript-eslint/require-await -- an async listener that rejects
    tor.onEvent('STATUS_CLIENT', async () => {
      throw new Error('async listener bug');
    });
    await tor.getInfo(['status/bootstrap-phase']);
    expect((await tor.getInfo(['version'])).get('version')).toBe('0.4.9.11');
    expect(seen).toHaveLength(4);
  });
});

describe('closing', () => {
  it('rejects a command whose reply is cut off, and every later one', async () => {
    const [tor] = await connect((_line, connection) => {
      connection.send('250-version=0.4');
      setImmediate(() => connection.socket.destroy());
    });
    const error = await tor.getInfo(['version']).catch((e: unknown) => e);
    expect(error).toEqual(errorNamed('TorControlClosedError'));
    expect((error as TorControlClosed).reason).toMatch(/middle of a reply/);
    await expect(tor.getInfo(['version'])).rejects.toThrow(errorNamed('TorControlClosedError'));
    await expect(tor.closed).resolves.toEqual(errorNamed('TorControlClosedError'));
    expect(tor.isClosed).toBe(true);
  });

  it('rejects every queued command when tor goes away', async () => {
    const [tor, server] = await connect(() => undefined);
    const pending = [tor.getInfo(['version']), tor.signal('NEWNYM'), tor.command('GETINFO', ['config-text'])];
    await server.waitForLines(3);
    server.connections[0]!.socket.destroy();
    for (const result of await Promise.allSettled(pending)) {
      expect(result.status).toBe('rejected');
      expect(result.status === 'rejected' ? result.reason : undefined).toEqual(errorNamed('TorControlClosedError'));
    }
  });

  it('closes on garbage, with the protocol error as cause', async () => {
    const [tor] = await connect((_line, connection) => connection.send('HTTP/1.0 400 Bad Request\r\n\r\n'));
    const error = await tor.getInfo(['version']).catch((e: unknown) => e);
    expect(error).toEqual(errorNamed('TorControlClosedError'));
    expect((error as Error).cause).toBeInstanceOf(TorControlProtocolError);
    const reason = await tor.closed;
    expect(reason.cause).toBeInstanceOf(TorControlProtocolError);
  });

  it('closes when tor sends a reply nobody asked for', async () => {
    const [tor, server] = await connect(() => undefined);
    (await server.firstConnection()).send('250 OK\r\n');
    const reason = await tor.closed;
    expect(reason.cause).toBeInstanceOf(TorControlProtocolError);
  });

  it('close() ends the connection; later commands reject', async () => {
    const [tor] = await connect(() => undefined);
    const pending = tor.getInfo(['version']);
    await tor.close();
    await expect(pending).rejects.toThrow(errorNamed('TorControlClosedError'));
    await expect(tor.getInfo(['version'])).rejects.toThrow(errorNamed('TorControlClosedError'));
    expect((await tor.closed).reason).toBe('closed by this client');
    await tor.close();
  });
});

describe('timeouts, aborts and bad arguments', () => {
  it('times a command out and keeps its place, so the next command gets its own reply', async () => {
    const held: string[] = [];
    const [tor, server] = await connect((line) => held.push(line));
    await expect(tor.command('GETINFO', ['version'], { timeoutMs: 20 })).rejects.toBeInstanceOf(TimeoutError);
    const next = tor.getInfo(['config-file']);
    await server.waitForLines(2);
    server.connections[0]!.send('250-version=LATE\r\n250 OK\r\n250-config-file=/right\r\n250 OK\r\n');
    expect((await next).get('config-file')).toBe('/right');
    expect(held).toEqual(['GETINFO version', 'GETINFO config-file']);
  });

  it('aborts a sent command (keeping its place) and refuses an aborted signal before sending', async () => {
    const [tor, server] = await connect(() => undefined);
    const controller = new AbortController();
    const sent = tor.getInfo(['version'], { signal: controller.signal });
    await server.waitForLines(1);
    controller.abort();
    await expect(sent).rejects.toBeInstanceOf(AbortedError);
    await expect(tor.getInfo(['version'], { signal: controller.signal })).rejects.toBeInstanceOf(AbortedError);
    const next = tor.getInfo(['config-file']);
    await server.waitForLines(2);
    server.connections[0]!.send('250-version=0.4.9.11\r\n250 OK\r\n250-config-file=/right\r\n250 OK\r\n');
    expect((await next).get('config-file')).toBe('/right');
    expect(server.lines).toEqual(['GETINFO version', 'GETINFO config-file']);
  });

  it('refuses CR, LF and NUL in arguments before sending anything', async () => {
    const [tor, server] = await connect(replay(SESSION));
    for (const bad of ['version\r\nSIGNAL HALT', 'a\nb', 'a\rb', 'a\0b']) {
      await expect(tor.command('GETINFO', [bad])).rejects.toThrow(TypeError);
      await expect(tor.getInfo([bad])).rejects.toThrow(TypeError);
      await expect(tor.setConf({ ContactInfo: bad })).rejects.toThrow(TypeError);
    }
    await expect(tor.command('GETINFO\r\nSIGNAL', ['HALT'])).rejects.toThrow(TypeError);
    await tor.getInfo(['version']);
    expect(server.lines).toEqual(['GETINFO version']);
  });

  it('refuses hostile values in every helper before sending anything', async () => {
    const [tor, server] = await connect(() => undefined);
    const attempts: (() => Promise<unknown>)[] = [
      () => tor.getInfo([]),
      () => tor.getInfo(['a b']),
      () => tor.getInfo(['key=value']),
      () => tor.getInfo([42 as unknown as string]),
      () => tor.getConf([]),
      () => tor.getConf(['Log Level']),
      () => tor.setConf({}),
      () => tor.setConf({ 'bad key': 'x' }),
      () => tor.setConf({ Log: 7 as unknown as string }),
      () => tor.signal('newnym'),
      () => tor.signal('NEWNYM HALT'),
      () => tor.command('', []),
      () => tor.command('GETINFO', ['']),
      () => tor.command('GETINFO', ['"unclosed']),
      () => tor.command('GETINFO', [{} as unknown as string]),
      () => tor.onEvent('', () => undefined) as unknown as Promise<unknown>,
    ];
    for (const attempt of attempts) {
      await expect(Promise.resolve().then(attempt)).rejects.toThrow(TypeError);
    }
    expect(server.lines).toEqual([]);
  });
});

describe('connect', () => {
  it('says nothing listens when the port refuses', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const error = await TorControlClient.connect({ port }).catch((e: unknown) => e);
    expect(error).toEqual(errorNamed('TorControlConnectError'));
    expect((error as Error).message).toContain(`Nothing listens on 127.0.0.1:${port}`);
  });

  it('refuses bad ports and honours an abort signal', async () => {
    for (const port of [0, -1, 65536, 1.5, Number.NaN, '9051' as unknown as number]) {
      await expect(TorControlClient.connect({ port })).rejects.toThrow(TypeError);
    }
    await expect(TorControlClient.connect({ port: 9051, signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      AbortedError,
    );
    fake = await startFakeTor(() => undefined);
    const controller = new AbortController();
    const connecting = TorControlClient.connect({ port: fake.port, signal: controller.signal });
    controller.abort();
    await expect(connecting).rejects.toBeInstanceOf(AbortedError);
  });
});
