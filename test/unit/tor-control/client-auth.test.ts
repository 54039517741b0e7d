import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identityFromSeed } from '../../../src/crypto/identity.js';
import {
  ControlReplyParser,
  TorControlProtocolError,
  clientAuthAddArguments,
  clientAuthRemoveArguments,
  parseClientAuthViewReply,
  type ControlReply,
} from '../../../src/transport/tor/control/index.js';

const ADDRESS = identityFromSeed(new Uint8Array(32).fill(1)).onionAddress;
const KEY = new Uint8Array(32).fill(0xab);
const KEY_BASE64 = Buffer.from(KEY).toString('base64');

function reply(text: string): ControlReply {
  const [message] = new ControlReplyParser().push(Buffer.from(text, 'latin1'));
  if (message?.type !== 'reply') throw new Error('not a reply');
  return message.reply;
}

describe('ONION_CLIENT_AUTH_ADD / REMOVE arguments', () => {
  it('name the service and carry the key as x25519:<base64>', () => {
    expect(clientAuthAddArguments(`${ADDRESS}.onion`, KEY)).toEqual([ADDRESS, `x25519:${KEY_BASE64}`]);
    expect(clientAuthRemoveArguments(ADDRESS)).toEqual([ADDRESS]);
  });

  it('refuse keys of the wrong length and addresses that are not v3 onions, before anything is sent', () => {
    for (const length of [0, 31, 33, 64])
      expect(() => clientAuthAddArguments(ADDRESS, new Uint8Array(length))).toThrow(TypeError);
    for (const bad of ['x', `${ADDRESS}\r\nSIGNAL HALT`, ADDRESS.slice(1)]) {
      expect(() => clientAuthAddArguments(bad, KEY)).toThrow(TypeError);
      expect(() => clientAuthRemoveArguments(bad)).toThrow(TypeError);
    }
  });
});

describe('ONION_CLIENT_AUTH_VIEW replies', () => {
  it('list every credential tor holds, dropping ClientName and Flags', () => {
    const text =
      `250-ONION_CLIENT_AUTH_VIEW\r\n250-CLIENT ${ADDRESS} x25519:${KEY_BASE64} ClientName=b Flags=Permanent\r\n` +
      `250 OK\r\n`;
    expect(parseClientAuthViewReply(reply(text))).toEqual([{ address: ADDRESS, privateKey: KEY }]);
    expect(parseClientAuthViewReply(reply(`250-ONION_CLIENT_AUTH_VIEW ${ADDRESS}\r\n250 OK\r\n`))).toEqual([]);
  });

  it('refuse replies that are not a header, CLIENT lines and OK', () => {
    const bad = [
      '250 OK\r\n',
      `250-ONION_CLIENT_AUTH_VIEW\r\n250-CLIENT ${ADDRESS} x25519:${KEY_BASE64}\r\n250 DONE\r\n`,
      `250-ONION_CLIENT_AUTH_VIEW\r\n250-SERVER ${ADDRESS} x25519:${KEY_BASE64}\r\n250 OK\r\n`,
      `250-ONION_CLIENT_AUTH_VIEW\r\n250-CLIENT aaaa x25519:${KEY_BASE64}\r\n250 OK\r\n`,
      `250-ONION_CLIENT_AUTH_VIEW\r\n250-CLIENT ${ADDRESS} x25519:AAAA\r\n250 OK\r\n`,
      `250-ONION_CLIENT_AUTH_VIEW\r\n250-CLIENT ${ADDRESS} ed25519:${KEY_BASE64}\r\n250 OK\r\n`,
    ];
    for (const text of bad) expect(() => parseClientAuthViewReply(reply(text))).toThrow(TorControlProtocolError);
  });

  it('throw only TorControlProtocolError on garbage lines', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[\x20-\x7e]{0,120}$/), { maxLength: 5 }), (lines) => {
        const text = ['250-ONION_CLIENT_AUTH_VIEW', ...lines.map((l) => `250-${l}`), '250 OK'].join('\r\n') + '\r\n';
        try {
          parseClientAuthViewReply(reply(text));
        } catch (error) {
          expect(error).toBeInstanceOf(TorControlProtocolError);
        }
      }),
    );
  });
});
