import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TorControlProtocolError,
  assertArgument,
  formatCommand,
  formatKeyValue,
  formatValue,
  parseReplyArguments,
  quoteString,
  readQuotedString,
  unquoteString,
} from '../../../src/transport/tor/control/index.js';
import { lineText } from './arbitraries.js';

describe('building arguments', () => {
  it('quotes `"` and `\\` and keeps the rest', () => {
    expect(quoteString('say "hi" \\o/')).toBe('"say \\"hi\\" \\\\o/"');
    expect(quoteString('')).toBe('""');
  });

  it('quotes a value only when tor would misread it', () => {
    expect(formatValue('1')).toBe('1');
    expect(formatValue('127.0.0.1:9050')).toBe('127.0.0.1:9050');
    expect(formatValue('notice stdout')).toBe('"notice stdout"');
    expect(formatValue('')).toBe('""');
    expect(formatValue('a"b')).toBe('"a\\"b"');
    expect(formatValue('tab\there')).toBe('"tab\there"');
    expect(formatKeyValue('Log', 'notice stdout')).toBe('Log="notice stdout"');
    expect(formatKeyValue('__OwningControllerProcess', '1234')).toBe('__OwningControllerProcess=1234');
  });

  it('refuses CR, LF and NUL everywhere', () => {
    for (const bad of ['a\rb', 'a\nb', 'a\0b', '\r\nSIGNAL HALT']) {
      expect(() => quoteString(bad)).toThrow(TypeError);
      expect(() => formatValue(bad)).toThrow(TypeError);
      expect(() => assertArgument(bad)).toThrow(TypeError);
      expect(() => formatCommand('GETINFO', [bad])).toThrow(TypeError);
    }
  });

  it('accepts exactly one argument per string', () => {
    for (const ok of ['version', 'Log="notice stdout"', '"a b"', 'Port=80,127.0.0.1:8080', 'k="a\\"b c"', 'caf\u00e9'])
      expect(() => assertArgument(ok)).not.toThrow();
    for (const bad of ['', 'two words', 'tab\tinside', '"unclosed', 'k="open \\"', 'del\x7f'])
      expect(() => assertArgument(bad)).toThrow(TypeError);
  });

  it('formats a command line and validates the keyword', () => {
    expect(formatCommand('GETINFO', ['version', 'config-file'])).toBe('GETINFO version config-file\r\n');
    expect(formatCommand('AUTHENTICATE', [])).toBe('AUTHENTICATE\r\n');
    for (const bad of ['', 'GET INFO', 'GETINFO\r\n', '+POSTDESCRIPTOR', '1X'])
      expect(() => formatCommand(bad, [])).toThrow(TypeError);
    expect(() => formatKeyValue('bad key', 'x')).toThrow(TypeError);
  });
});

describe('reading quoted strings', () => {
  it('undoes the C escapes tor writes (control-spec §2.1.1)', () => {
    expect(unquoteString('"a\\"b\\\\c"')).toBe('a"b\\c');
    expect(unquoteString('"\\n\\t\\r\\\'"')).toBe("\n\t\r'");
    expect(unquoteString('"caf\\303\\251"')).toBe('caf\u00e9');
    expect(unquoteString('"caf\\xC3\\xa9"')).toBe('caf\u00e9');
    expect(unquoteString('"\\0"')).toBe('\0');
    expect(unquoteString('"\u00e9 \u{1F9C5}"')).toBe('\u00e9 \u{1F9C5}');
    expect(unquoteString('"\\"hi\\" there \\\\\\\\ back"')).toBe('"hi" there \\\\ back');
  });

  it('reports where the string ends', () => {
    expect(readQuotedString('x="a b" rest', 2)).toEqual({ value: 'a b', end: 7 });
  });

  it('refuses malformed quoted strings with TorControlProtocolError', () => {
    for (const bad of ['"open', '"ends with backslash\\', '"\\q"', '"\\xZZ"', '"\\777"', 'no quote', '"a"b']) {
      expect(() => unquoteString(bad)).toThrow(TorControlProtocolError);
    }
  });

  it('round-trips every single-line string', () => {
    fc.assert(
      fc.property(lineText(60), (text) => {
        expect(unquoteString(quoteString(text))).toBe(text);
        const formatted = formatValue(text);
        expect(formatted.startsWith('"') ? unquoteString(formatted) : formatted).toBe(text);
        expect(() => assertArgument(formatted)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseReplyArguments', () => {
  it('reads a PROTOCOLINFO AUTH line', () => {
    const args = parseReplyArguments('METHODS=COOKIE,SAFECOOKIE COOKIEFILE="/tmp/torcap/data/control_auth_cookie"');
    expect(args.positional).toEqual([]);
    expect([...args.keywords]).toEqual([
      ['METHODS', 'COOKIE,SAFECOOKIE'],
      ['COOKIEFILE', '/tmp/torcap/data/control_auth_cookie'],
    ]);
  });

  it('reads a bootstrap event body', () => {
    const args = parseReplyArguments(
      'WARN BOOTSTRAP PROGRESS=14 TAG=handshake SUMMARY="Handshaking with a relay" WARNING="DONE" REASON=DONE COUNT=1 RECOMMENDATION=ignore HOSTID="579E92A3168011112BE428E28F1DB12B847EE662" HOSTADDR="82.41.132.3:9001"',
    );
    expect(args.positional).toEqual(['WARN', 'BOOTSTRAP']);
    expect(args.keywords.get('SUMMARY')).toBe('Handshaking with a relay');
    expect(args.keywords.get('PROGRESS')).toBe('14');
    expect(args.keywords.get('HOSTADDR')).toBe('82.41.132.3:9001');
  });

  it('reads quoted positional words and empty values', () => {
    const args = parseReplyArguments('"a b"  KEY= OTHER=""');
    expect(args.positional).toEqual(['a b']);
    expect(args.keywords.get('KEY')).toBe('');
    expect(args.keywords.get('OTHER')).toBe('');
  });

  it('refuses broken quoting', () => {
    for (const bad of ['KEY="open', 'KEY="a"b', 'wo"rd'])
      expect(() => parseReplyArguments(bad)).toThrow(TorControlProtocolError);
  });
});
