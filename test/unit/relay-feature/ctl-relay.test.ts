// The relay's daemon methods and ctl output: strict params, sizes from the command line, and
// what `relay status` and `history` print.
import { describe, expect, it } from 'vitest';
import { parseSize } from '../../../src/relay/ctl/ctl-commands.js';
import { formatMessage } from '../../../src/chat/ctl/format.js';
import { formatRelayStatus, relayMark } from '../../../src/relay/ctl/format.js';
import { formatBytes } from '../../../src/text/transfer-format.js';
import { METHODS } from '../../../src/daemon/methods.js';
import type { MessageView } from '../../../src/node/api.js';
import { RELAY_STATUS } from '../../shared/fake-node/index.js';

const message = (fields: Partial<MessageView>): MessageView => ({
  id: '00'.repeat(16),
  conversation: 'a'.repeat(56),
  direction: 'out',
  text: 'see you',
  createdAt: Date.UTC(2025, 5, 3, 10, 30),
  state: 'sent',
  ...fields,
});

describe('relay daemon methods', () => {
  it('reads limits strictly', () => {
    const limits = METHODS['relay.limits']!;
    expect(limits.decode({})).toEqual({});
    expect(limits.decode({ maxEnvelopesPerFriend: 5, maxBytesPerFriend: 1024 })).toEqual({
      maxEnvelopesPerFriend: 5,
      maxBytesPerFriend: 1024,
    });
    expect(() => limits.decode({ maxEnvelopesPerFriend: '5' })).toThrow(/maxEnvelopesPerFriend must be an integer/);
    expect(() => limits.decode({ maxBytesPerFriend: 1.5 })).toThrow(/maxBytesPerFriend must be an integer/);
    expect(METHODS['relay.status']!.decode({ anything: 1 })).toBeUndefined();
  });
});

describe('relay ctl output', () => {
  it('parses sizes in powers of 1024 and refuses anything else', () => {
    expect(parseSize('1048576', 'bytes')).toBe(1_048_576);
    expect(parseSize('512k', 'bytes')).toBe(524_288);
    expect(parseSize('16MiB', 'bytes')).toBe(16 * 1024 ** 2);
    expect(parseSize('1G', 'bytes')).toBe(1024 ** 3);
    for (const bad of ['', '-1', '1.5M', '12 apples', 'M'])
      expect(() => parseSize(bad, 'bytes')).toThrow(/--bytes must be a size/);
  });

  it('formats bytes', () => {
    expect([0, 512, 1536, 16 * 1024 ** 2, 64 * 1024 ** 2 + 1].map(formatBytes)).toEqual([
      '0 B',
      '512 B',
      '1.5 KiB',
      '16 MiB',
      '64 MiB',
    ]);
  });

  it('marks a sealed message in history until it is delivered', () => {
    expect(relayMark(message({ relay: { state: 'waiting', holders: 0 } }))).toBe(
      '  [sealed, waiting for a friend to carry it]',
    );
    expect(formatMessage(message({ relay: { state: 'held', holders: 2 } }))).toMatch(
      /<me> see you {2}✓ {2}\[held by 2 friends\]$/,
    );
    expect(relayMark(message({ state: 'delivered', relay: { state: 'delivered', holders: 0 } }))).toBe(
      '  [delivered through friends]',
    );
    // Delivered directly: the sealed copy's story no longer matters.
    expect(relayMark(message({ state: 'delivered', relay: { state: 'held', holders: 1 } }))).toBe('');
    expect(relayMark(message({ relay: { state: 'dropped', holders: 0, reason: 'expired' } }))).toBe(
      '  [no friend holds it any more (expired)]',
    );
    expect(relayMark(message({ direction: 'in', state: 'received' }))).toBe('');
  });

  it('prints what is held, for whom, the quotas, and our own sealed messages', () => {
    const text = formatRelayStatus({
      ...RELAY_STATUS,
      perFriend: [{ onion: 'friend\u001b[31m', envelopes: 1, bytes: 1200 }],
      outgoing: [
        {
          envelopeId: 'ab'.repeat(16),
          message: 'cd'.repeat(16),
          recipient: 'r'.repeat(56),
          expiry: 0,
          relay: { state: 'held', holders: 3 },
        },
      ],
    });
    expect(text).toContain('holding     1 sealed message (1.2 KiB)');
    expect(text).toContain('per friend  1000 envelopes, 16 MiB');
    expect(text).toContain('grace       messages to a friend offline for 30 s');
    expect(text).toContain(`to ${'r'.repeat(56)}  cdcdcdcd  held by 3 friends`);
    expect(text).not.toContain('\u001b');
  });
});
