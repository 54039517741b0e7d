import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ControlReplyParser,
  MAX_LINE_BYTES,
  MAX_REPLY_BYTES,
  TorControlProtocolError,
  type ControlMessage,
} from '../../../src/transport/tor/control/index.js';
import { lineText } from './arbitraries.js';
import { DATA_EVENT, HS_DESC_EVENTS, REAL, SESSION, SESSION_BYTES } from './transcripts.js';

const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));
const utf8 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));

function parseChunks(chunks: readonly Uint8Array[]): ControlMessage[] {
  const parser = new ControlReplyParser();
  return chunks.flatMap((chunk) => parser.push(chunk));
}

function parseAll(data: Uint8Array): ControlMessage[] {
  return parseChunks([data]);
}

function splitAt(data: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (data.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of points) {
    chunks.push(data.subarray(start, point));
    start = point;
  }
  chunks.push(data.subarray(start));
  return chunks;
}

function expectProtocolError(action: () => unknown): TorControlProtocolError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(TorControlProtocolError);
    return error as TorControlProtocolError;
  }
  throw new Error('expected a TorControlProtocolError');
}

describe('ControlReplyParser on real tor transcripts', () => {
  it('parses PROTOCOLINFO into one four-line reply', () => {
    expect(parseAll(bytes(SESSION[0]!.received))).toEqual([
      {
        type: 'reply',
        reply: {
          code: 250,
          lines: [
            { code: 250, divider: '-', text: 'PROTOCOLINFO 1' },
            {
              code: 250,
              divider: '-',
              text: 'AUTH METHODS=COOKIE,SAFECOOKIE COOKIEFILE="/tmp/torcap/data/control_auth_cookie"',
            },
            { code: 250, divider: '-', text: 'VERSION Tor="0.4.9.11"' },
            { code: 250, divider: ' ', text: 'OK' },
          ],
        },
      },
    ]);
  });

  it('parses a GETINFO data block and the key=value lines around it', () => {
    const [message] = parseAll(bytes(REAL.getinfoRepeatedWithData.received));
    expect(message?.type).toBe('reply');
    const lines = message?.type === 'reply' ? message.reply.lines : [];
    expect(lines.map((line) => line.divider)).toEqual(['-', '+', '-', ' ']);
    expect(lines[1]).toEqual({
      code: 250,
      divider: '+',
      text: 'config-text=',
      data: [
        'ControlPort auto',
        'ControlPortWriteToFile /tmp/torcap/data/control-port',
        'CookieAuthentication 1',
        'DataDirectory /tmp/torcap/data',
        'DisableNetwork 1',
        'GeoIPFile /tmp/torcap/empty',
        'GeoIPv6File /tmp/torcap/empty',
        'Log notice file /tmp/torcap/data/log2',
        'SocksPort 0',
      ].join('\n'),
    });
  });

  it('keeps error replies as replies with their code (552, 510, 515)', () => {
    const codes = parseAll(
      bytes(
        SESSION.map((e) => e.received)
          .filter((r) => /^5/.test(r))
          .join(''),
      ),
    ).map((m) => (m.type === 'reply' ? m.reply.code : 0));
    expect(codes).toEqual([552, 510, 512, 512, 552, 515]);
  });

  it('separates events that follow a reply in the same chunk', () => {
    const setconf = SESSION.find((e) => e.sent === 'SETCONF DisableNetwork=0')!;
    expect(parseAll(bytes(setconf.received))).toEqual([
      { type: 'reply', reply: { code: 250, lines: [{ code: 250, divider: ' ', text: 'OK' }] } },
      {
        type: 'event',
        event: {
          code: 650,
          name: 'CONF_CHANGED',
          body: '',
          lines: [
            { code: 650, divider: '-', text: 'CONF_CHANGED' },
            { code: 650, divider: '-', text: 'DisableNetwork=0' },
            { code: 650, divider: ' ', text: 'OK' },
          ],
        },
      },
    ]);
  });

  it('names STATUS_CLIENT bootstrap events and keeps their bodies', () => {
    const bootstrap = SESSION.find((e) => e.sent === 'GETINFO status/bootstrap-phase')!;
    const messages = parseAll(bytes(bootstrap.received));
    expect(messages.map((m) => m.type)).toEqual(['reply', 'event', 'event', 'event', 'event']);
    const events = messages.flatMap((m) => (m.type === 'event' ? [m.event] : []));
    expect(events.map((e) => e.name)).toEqual(['STATUS_CLIENT', 'STATUS_CLIENT', 'STATUS_CLIENT', 'STATUS_CLIENT']);
    expect(events[0]?.body).toBe('NOTICE BOOTSTRAP PROGRESS=5 TAG=conn SUMMARY="Connecting to a relay"');
  });

  it('parses HS_DESC events and a data-block event with dot-unstuffing', () => {
    const messages = parseAll(bytes(HS_DESC_EVENTS + DATA_EVENT));
    const events = messages.flatMap((m) => (m.type === 'event' ? [m.event] : []));
    expect(events.map((e) => [e.name, e.body.split(' ')[0]])).toEqual([
      ['HS_DESC', 'UPLOAD'],
      ['HS_DESC', 'UPLOADED'],
      ['HS_DESC', 'FAILED'],
      ['NEWCONSENSUS', ''],
    ]);
    expect(events[3]?.lines[0]?.data).toBe(
      'r test000a AAAAAAAAAAAAAAAAAAAAAAAAAAA 2025-11-21 11:00:00 127.0.0.1 5000 0\n.dot-stuffed\n250 OK\ns Fast Guard HSDir Running Stable Valid',
    );
  });

  it('gives the same messages for every two-chunk split of a whole session', () => {
    const data = bytes(SESSION_BYTES + HS_DESC_EVENTS + DATA_EVENT);
    const whole = parseAll(data);
    expect(whole.filter((m) => m.type === 'reply')).toHaveLength(SESSION.length);
    for (let cut = 0; cut <= data.length; cut++) {
      expect(parseChunks([data.subarray(0, cut), data.subarray(cut)])).toEqual(whole);
    }
  });

  it('gives the same messages when fed one byte at a time', () => {
    const data = bytes(SESSION_BYTES + HS_DESC_EVENTS + DATA_EVENT);
    const parser = new ControlReplyParser();
    const messages: ControlMessage[] = [];
    for (let i = 0; i < data.length; i++) messages.push(...parser.push(data.subarray(i, i + 1)));
    expect(messages).toEqual(parseAll(data));
    expect(parser.midReply).toBe(false);
  });
});

describe('ControlReplyParser framing', () => {
  it('keeps an event that arrives inside a multi-line reply out of that reply', () => {
    const messages = parseAll(
      bytes('250-version=0.4.9.11\r\n650 STATUS_CLIENT NOTICE CIRCUIT_ESTABLISHED\r\n250 OK\r\n'),
    );
    expect(messages).toEqual([
      {
        type: 'event',
        event: {
          code: 650,
          name: 'STATUS_CLIENT',
          body: 'NOTICE CIRCUIT_ESTABLISHED',
          lines: [{ code: 650, divider: ' ', text: 'STATUS_CLIENT NOTICE CIRCUIT_ESTABLISHED' }],
        },
      },
      {
        type: 'reply',
        reply: {
          code: 250,
          lines: [
            { code: 250, divider: '-', text: 'version=0.4.9.11' },
            { code: 250, divider: ' ', text: 'OK' },
          ],
        },
      },
    ]);
  });

  it('decodes UTF-8 split across chunks', () => {
    const data = utf8('250 caf\u00e9 \u{1F9C5}\r\n');
    for (let cut = 0; cut <= data.length; cut++) {
      expect(parseChunks([data.subarray(0, cut), data.subarray(cut)])).toEqual([
        { type: 'reply', reply: { code: 250, lines: [{ code: 250, divider: ' ', text: 'caf\u00e9 \u{1F9C5}' }] } },
      ]);
    }
  });

  it('reports an unfinished reply through midReply', () => {
    const parser = new ControlReplyParser();
    expect(parser.midReply).toBe(false);
    parser.push(bytes('250-version=0.4.9.11\r\n'));
    expect(parser.midReply).toBe(true);
    parser.push(bytes('250 OK\r'));
    expect(parser.midReply).toBe(true);
    expect(parser.push(bytes('\n'))).toHaveLength(1);
    expect(parser.midReply).toBe(false);
  });

  it('accepts a line of exactly MAX_LINE_BYTES and refuses one byte more', () => {
    const exact = '250 ' + 'a'.repeat(MAX_LINE_BYTES - 4);
    expect(parseAll(bytes(exact + '\r\n'))).toHaveLength(1);
    expectProtocolError(() => parseAll(bytes(exact + 'a\r\n')));
  });

  it('fails as soon as a line grows past MAX_LINE_BYTES without CRLF', () => {
    const parser = new ControlReplyParser();
    parser.push(bytes('250 ' + 'a'.repeat(MAX_LINE_BYTES - 4)));
    parser.push(bytes('\r')); // could still be the CR of CRLF
    expect(parser.midReply).toBe(true);
    expect(() => parser.push(bytes('a'))).toThrow(TorControlProtocolError);
  });

  it('refuses a reply larger than MAX_REPLY_BYTES', () => {
    const parser = new ControlReplyParser();
    const line = bytes('250-' + 'a'.repeat(MAX_LINE_BYTES - 4) + '\r\n');
    const fits = Math.floor(MAX_REPLY_BYTES / line.length);
    for (let i = 0; i < fits; i++) parser.push(line);
    expect(() => parser.push(line)).toThrow(/larger than/);
  });
});

describe('ControlReplyParser on garbage', () => {
  const garbage: readonly [string, string][] = [
    ['no status code', 'HTTP/1.0 400 Bad Request\r\n'],
    ['a status outside 2xx/4xx/5xx/6xx', '150 hello\r\n'],
    ['a three-character line', '250\r\n'],
    ['a bad divider', '250_OK\r\n'],
    ['LF without CR', '250 OK\n'],
    ['a lone LF', '\n'],
    ['mixed codes in one reply', '250-version=0.4.9.11\r\n552 OK\r\n'],
    ['mixed codes in one event', '650-CONF_CHANGED\r\n651 OK\r\n'],
    ['an event without a name', '650 \r\n'],
    ['a SOCKS reply', '\x05\x00\r\n'],
  ];
  for (const [what, input] of garbage) {
    it(`refuses ${what}`, () => {
      expectProtocolError(() => parseAll(bytes(input)));
    });
  }

  it('stays failed after an error', () => {
    const parser = new ControlReplyParser();
    const error = expectProtocolError(() => parser.push(bytes('garbage\r\n')));
    expect(() => parser.push(bytes('250 OK\r\n'))).toThrow(error);
  });
});

/** A random valid reply or event, with its serialisation. */
const text40 = lineText(40);
const dataLines = fc.array(text40, { maxLength: 5 });
const messageArbitrary = fc
  .record({
    event: fc.boolean(),
    code: fc.constantFrom(250, 251, 451, 515, 552),
    name: fc.stringMatching(/^[A-Z][A-Z_]{0,12}$/),
    lines: fc.array(fc.record({ text: text40, data: fc.option(dataLines, { nil: undefined }) }), {
      minLength: 1,
      maxLength: 4,
    }),
  })
  .map(({ event, code, name, lines }) => {
    const status = event ? 650 : code;
    const texts = lines.map((line, i) =>
      event && i === 0 ? `${name}${line.text === '' ? '' : ' ' + line.text}` : line.text,
    );
    let wire = '';
    const parsed = lines.map((line, i) => {
      const last = i === lines.length - 1;
      const text = texts[i]!;
      if (line.data !== undefined && !last) {
        wire += `${status}+${text}\r\n${line.data.map((d) => (d.startsWith('.') ? '.' + d : d) + '\r\n').join('')}.\r\n`;
        return { code: status, divider: '+' as const, text, data: line.data.join('\n') };
      }
      wire += `${status}${last ? ' ' : '-'}${text}\r\n`;
      return { code: status, divider: last ? (' ' as const) : ('-' as const), text };
    });
    const message: ControlMessage = event
      ? { type: 'event', event: { code: status, lines: parsed, name, body: texts[0]!.slice(name.length + 1) } }
      : { type: 'reply', reply: { code: status, lines: parsed } };
    return { wire, message };
  });

describe('ControlReplyParser properties', () => {
  it('parses any valid transcript, split anywhere, into exactly its messages', () => {
    fc.assert(
      fc.property(
        fc.array(messageArbitrary, { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (messages, cuts) => {
          const data = utf8(messages.map((m) => m.wire).join(''));
          expect(parseChunks(splitAt(data, cuts))).toEqual(messages.map((m) => m.message));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('parses a real session split at any points into the same messages', () => {
    const data = bytes(SESSION_BYTES);
    const whole = parseAll(data);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (cuts) => {
        expect(parseChunks(splitAt(data, cuts))).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });

  it('returns messages or throws TorControlProtocolError on arbitrary bytes', () => {
    const protocolish = fc
      .array(
        fc.constantFrom(
          '250',
          '650',
          '552',
          '199',
          '-',
          '+',
          ' ',
          '\r\n',
          '\r',
          '\n',
          '.',
          'OK',
          'STATUS_CLIENT',
          'x=',
          '"',
          '\u00e9',
        ),
        { maxLength: 60 },
      )
      .map((parts) => utf8(parts.join('')));
    const session = bytes(SESSION_BYTES);
    const corrupted = fc
      .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 })
      .map((edits) => {
        const copy = session.slice();
        for (const [index, value] of edits) copy[index % copy.length] = value;
        return copy;
      });
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 300 }), protocolish, corrupted),
        fc.array(fc.nat(), { maxLength: 6 }),
        (data, cuts) => {
          try {
            const messages = parseChunks(splitAt(data, cuts));
            for (const message of messages) expect(['reply', 'event']).toContain(message.type);
          } catch (error) {
            expect(error).toBeInstanceOf(TorControlProtocolError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
