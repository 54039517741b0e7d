import { describe, expect, it } from 'vitest';
import { formatSize, tooLongReason, utf8Length } from '../../../src/tui/text/message-size.js';
import { MAX_MESSAGE_BYTES } from '../../../src/tui/limits.js';
import { passphraseStrength } from '../../../src/tui/passphrase-strength.js';
import { progressBar } from '../../../src/tui/text/progress-bar.js';
import { copyToClipboardSequence, setTitleSequence } from '../../../src/tui/terminal-sequences.js';
import { formatDay, formatTime } from '../../../src/tui/text/time-format.js';
import { readSetting, writeSetting } from '../../../src/tui/preferences.js';
import { isWrongPassphrase } from '../../../src/tui/boot.js';
import { memoryPreferences } from './harness.js';

describe('passphraseStrength', () => {
  it.each([
    ['short', 'too short'],
    ['password123', 'weak'],
    ['aaaaaaaaaaaa', 'weak'],
    ['Tr0ub4dor&3', 'weak'],
    ['correct horse battery', 'fair'],
    ['correct horse battery staple gravel', 'strong'],
    ['k8#Qz!p2Lm@9vX4', 'strong'],
  ])('rates %j as %s', (passphrase, level) => {
    expect(passphraseStrength(passphrase).level).toBe(level);
  });
});

describe('progressBar', () => {
  it('fills by eighths and clamps', () => {
    expect(progressBar(0, 4)).toBe('    ');
    expect(progressBar(50, 4)).toBe('██  ');
    expect(progressBar(100, 4)).toBe('████');
    expect(progressBar(150, 4)).toBe('████');
    expect(progressBar(Number.NaN, 2)).toBe('  ');
    expect(progressBar(10, 10)).toBe('█         ');
    expect(progressBar(5, 10)).toBe('▌         ');
  });
});

describe('message size', () => {
  it('measures UTF-8 bytes and explains the limit', () => {
    expect(utf8Length('é你🙂')).toBe(2 + 3 + 4);
    expect(tooLongReason(MAX_MESSAGE_BYTES)).toBeUndefined();
    expect(tooLongReason(MAX_MESSAGE_BYTES + 1)).toMatch(/at most 16 KiB/);
    expect(formatSize(20_600)).toBe('20.1 KiB');
    expect(formatSize(3 * 1024 * 1024)).toBe('3 MiB');
  });
});

describe('terminal sequences', () => {
  it('builds OSC 52 and a title that cannot smuggle controls', () => {
    expect(copyToClipboardSequence('abc.onion')).toBe(
      `\u001b]52;c;${Buffer.from('abc.onion').toString('base64')}\u0007`,
    );
    expect(setTitleSequence('(2) Burrow\u0007\u001b]0;x')).toBe('\u001b]2;(2) Burrow\u0007');
  });
});

describe('time format', () => {
  it('formats local times and days in a fixed format', () => {
    expect(formatTime(new Date(2025, 0, 2, 9, 5).getTime())).toBe('09:05');
    expect(formatDay(new Date(2025, 0, 2, 9, 5).getTime())).toBe('Thu 2 Jan 2025');
  });
});

describe('preferences', () => {
  it('default to on and store booleans under their keys', () => {
    const preferences = memoryPreferences();
    expect(readSetting(preferences, 'bell')).toBe(true);
    writeSetting(preferences, 'bell', false);
    expect(preferences.values).toEqual({ 'notifications.bell': false });
    expect(readSetting(preferences, 'bell')).toBe(false);
  });
});

describe('isWrongPassphrase', () => {
  it('matches errors by name', () => {
    expect(isWrongPassphrase(Object.assign(new Error('x'), { name: 'WrongPassphraseError' }))).toBe(true);
    expect(isWrongPassphrase(new Error('x'))).toBe(false);
    expect(isWrongPassphrase('WrongPassphraseError')).toBe(false);
  });
});
