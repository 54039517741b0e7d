import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FALLBACK_FILE_NAME,
  SAFE_NAME_MAX_BYTES,
  safeFileName,
  toWireFileName,
  withConflictNumber,
} from '../../../src/files/index.js';
import { fileNameProblem, MAX_FILE_NAME_BYTES } from '../../../src/protocol/files/index.js';

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

describe('safeFileName', () => {
  const cases: [string, string][] = [
    ['photo.jpg', 'photo.jpg'],
    ['../../.ssh/authorized_keys', '_.._.ssh_authorized_keys'],
    ['..', FALLBACK_FILE_NAME],
    ['.', FALLBACK_FILE_NAME],
    ['', FALLBACK_FILE_NAME],
    ['/etc/passwd', '_etc_passwd'],
    ['C:\\Windows\\win.ini', 'C__Windows_win.ini'],
    ['.bashrc', 'bashrc'],
    ['-rf', 'rf'],
    ['--help.txt', 'help.txt'],
    ['a\u0000b', 'a_b'],
    ['line\nbreak\r.txt', 'line_break_.txt'],
    ['bell\u0007\u001b[31m.txt', 'bell__[31m.txt'],
    ['c1\u0085.txt', 'c1_.txt'],
    // U+202E RIGHT-TO-LEFT OVERRIDE makes "invoice_\u202Etxt.exe" display as "invoice_exe.txt".
    ['invoice_\u202Etxt.exe', 'invoice_txt.exe'],
    ['CON', '_CON'],
    ['nul.txt', '_nul.txt'],
    ['com1.tar.gz', '_com1.tar.gz'],
    ['console.txt', 'console.txt'],
    ['trailing dots...', 'trailing dots'],
    ['   spaced  ', 'spaced'],
    ['what?*<>|:".txt', 'what_______.txt'],
    ['emoji 👩‍💻.png', 'emoji 👩‍💻.png'],
    ['lone \uD800 surrogate', 'lone _ surrogate'],
  ];
  for (const [input, output] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(output)}`, () => {
      expect(safeFileName(input)).toBe(output);
    });
  }

  it('shortens long names at a character boundary, keeping a short extension', () => {
    const long = 'é'.repeat(200) + '.pdf';
    const safe = safeFileName(long);
    expect(bytes(safe)).toBeLessThanOrEqual(SAFE_NAME_MAX_BYTES);
    expect(safe.endsWith('é.pdf')).toBe(true);
    const longExtension = 'x.' + 'y'.repeat(300);
    expect(bytes(safeFileName(longExtension))).toBeLessThanOrEqual(SAFE_NAME_MAX_BYTES);
  });

  it('always gives one non-empty, plain, bounded component that a conflict number and .part still fit NAME_MAX', () => {
    fc.assert(
      // Plain boolean checks: expect() inside 2 000 runs would dominate the test's time.
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (name) => {
        const safe = safeFileName(name);
        return (
          safe.length > 0 &&
          !/[/\\\p{Cc}\u202A-\u202E\u2066-\u2069]/u.test(safe) &&
          !/^[.\-\s]/u.test(safe) &&
          !/[.\s]$/u.test(safe) &&
          bytes(withConflictNumber(safe, 99_999) + '.part') <= 255 &&
          safeFileName(safe) === safe
        );
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('toWireFileName', () => {
  it('makes any local name pass the wire rule', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 400 }),
        (name) => fileNameProblem(toWireFileName(name)) === undefined,
      ),
      { numRuns: 2_000 },
    );
    expect(toWireFileName('..')).toBe(FALLBACK_FILE_NAME);
    expect(toWireFileName('a/b\n')).toBe('a_b_');
    expect(bytes(toWireFileName('x'.repeat(300) + '.txt'))).toBe(MAX_FILE_NAME_BYTES);
  });
});

describe('withConflictNumber', () => {
  it('numbers before the extension', () => {
    expect(withConflictNumber('report.pdf', 0)).toBe('report.pdf');
    expect(withConflictNumber('report.pdf', 1)).toBe('report (1).pdf');
    expect(withConflictNumber('archive.tar.gz', 2)).toBe('archive (2).tar.gz');
    expect(withConflictNumber('README', 3)).toBe('README (3)');
    expect(withConflictNumber('a.b.c', 1)).toBe('a.b (1).c');
  });
});
