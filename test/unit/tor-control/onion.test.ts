import { describe, expect, it, afterEach } from 'vitest';
import { expandedSecretKey, identityFromSeed } from '../../../src/crypto/identity.js';
import {
  ControlReplyParser,
  TorControlClient,
  TorControlProtocolError,
  addOnionArguments,
  delOnionArguments,
  parseAddOnionReply,
  type ControlReply,
} from '../../../src/transport/tor/control/index.js';
import { replay, startFakeTor, type FakeTor } from './fake-tor.js';
import { ADD_ONION_FROM_SEED, REAL, SESSION } from './transcripts.js';
import { errorNamed } from '../../shared/errors.js';

const seed = new Uint8Array(Buffer.from(ADD_ONION_FROM_SEED.seed, 'hex'));
const CLIENT_KEY = '5PB7V65QOVZKNLA26E5ZX2ZEHXWPLM3MUXZTNQ5YNKDVI77FJ4UA';

function reply(text: string): ControlReply {
  const [message] = new ControlReplyParser().push(Buffer.from(text, 'latin1'));
  if (message?.type !== 'reply') throw new Error('not a reply');
  return message.reply;
}

describe('ADD_ONION arguments', () => {
  it('match the command real tor accepted for a seed, whose ServiceID is the identity onion address', () => {
    const args = addOnionArguments({
      privateKey: { ed25519Expanded: expandedSecretKey(seed) },
      ports: [{ virtualPort: 80, target: '127.0.0.1:8080' }],
      flags: ['DiscardPK'],
    });
    expect(`ADD_ONION ${args.join(' ')}`).toBe(ADD_ONION_FROM_SEED.sent);
    expect(parseAddOnionReply(reply(ADD_ONION_FROM_SEED.received))).toEqual({
      serviceId: identityFromSeed(seed).onionAddress,
    });
  });

  it('match the real NEW and client-authorisation commands, adding the V3Auth flag tor needs', () => {
    expect(
      `ADD_ONION ${addOnionArguments({ privateKey: 'NEW', ports: [{ virtualPort: 80, target: '127.0.0.1:8080' }] }).join(' ')}`,
    ).toBe(SESSION[10]!.sent);
    expect(
      `ADD_ONION ${addOnionArguments({
        privateKey: 'NEW',
        ports: [
          { virtualPort: 80, target: '127.0.0.1:8080' },
          { virtualPort: 81, target: '81' },
        ],
        flags: ['DiscardPK'],
      }).join(' ')}`,
    ).toBe('ADD_ONION NEW:ED25519-V3 Flags=DiscardPK Port=80,127.0.0.1:8080 Port=81,81');
    expect(
      `ADD_ONION ${addOnionArguments({ privateKey: 'NEW', ports: [{ virtualPort: 80, target: '80' }], flags: ['DiscardPK'], clientAuthV3: [CLIENT_KEY] }).join(' ')}`,
    ).toBe('ADD_ONION NEW:ED25519-V3 Flags=DiscardPK,V3Auth Port=80,80 ClientAuthV3=' + CLIENT_KEY);
  });

  it('refuse bad keys, ports, targets, flags and client keys', () => {
    const port = [{ virtualPort: 80, target: '127.0.0.1:8080' }];
    const bad: Parameters<typeof addOnionArguments>[0][] = [
      { privateKey: { ed25519Expanded: new Uint8Array(63) }, ports: port },
      { privateKey: { ed25519Expanded: new Uint8Array(32) }, ports: port },
      { privateKey: { ed25519Expanded: 'x' as unknown as Uint8Array }, ports: port },
      { privateKey: 'OLD' as 'NEW', ports: port },
      { privateKey: 'NEW', ports: [] },
      { privateKey: 'NEW', ports: [{ virtualPort: 0, target: '80' }] },
      { privateKey: 'NEW', ports: [{ virtualPort: 65536, target: '80' }] },
      { privateKey: 'NEW', ports: [{ virtualPort: Number.NaN, target: '80' }] },
      { privateKey: 'NEW', ports: [{ virtualPort: 80, target: '127.0.0.1:80 Port=81' }] },
      { privateKey: 'NEW', ports: [{ virtualPort: 80, target: '80,81' }] },
      { privateKey: 'NEW', ports: [{ virtualPort: 80, target: '80\r\nSIGNAL HALT' }] },
      { privateKey: 'NEW', ports: [{ virtualPort: 80, target: '' }] },
      { privateKey: 'NEW', ports: port, flags: ['Discard,PK'] },
      { privateKey: 'NEW', ports: port, flags: ['Detach Port=1'] },
      { privateKey: 'NEW', ports: port, clientAuthV3: ['short'] },
      { privateKey: 'NEW', ports: port, clientAuthV3: [CLIENT_KEY + '\n'] },
    ];
    for (const options of bad) expect(() => addOnionArguments(options), JSON.stringify(options)).toThrow(TypeError);
  });
});

describe('ADD_ONION replies', () => {
  it('return the ServiceID and, for NEW, the private key', () => {
    expect(parseAddOnionReply(reply(SESSION[10]!.received))).toEqual({
      serviceId: 'vq5t2fngpzguemcyoqc64mvh4rsgas6n4tbapwuyieif3tp6b6epfvid',
      privateKey: 'ED25519-V3:gIRoqdsECqiMPU1pcMGKcTXMDC3t6JOWid8OWCY1V2YiZ+4OkV3YBIPHhV40hLdr3ONOMH+RD2J/c1WzmS6DvQ==',
    });
    expect(parseAddOnionReply(reply(REAL.addOnionV3Auth.received))).toEqual({
      serviceId: 'vyn7qygfgnyxetidqqdnusndw7fxd3sq5hcckvqserz7oz2xygslhpyd',
    });
  });

  it('refuse a reply without a valid ServiceID', () => {
    expect(() => parseAddOnionReply(reply('250 OK\r\n'))).toThrow(TorControlProtocolError);
    expect(() => parseAddOnionReply(reply('250-ServiceID=aaaa\r\n250 OK\r\n'))).toThrow(TorControlProtocolError);
  });
});

describe('DEL_ONION arguments', () => {
  it('accept an onion address with or without .onion and refuse anything else', () => {
    const address = identityFromSeed(seed).onionAddress;
    expect(delOnionArguments(address)).toEqual([address]);
    expect(delOnionArguments(`${address}.onion`)).toEqual([address]);
    for (const bad of ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'x', `${address}\r\nSIGNAL HALT`]) {
      expect(() => delOnionArguments(bad)).toThrow(errorNamed('InvalidOnionAddressError'));
    }
  });
});

describe('TorControlClient.addOnion / delOnion over a replayed session', () => {
  let fake: FakeTor | undefined;
  let client: TorControlClient | undefined;
  afterEach(async () => {
    await client?.close();
    await fake?.close();
  });

  it('publishes, collides, deletes and reports unknown services', async () => {
    // Burrow always names the target; tor's answer to the recorded collision does not depend on it.
    const collision = {
      sent: REAL.onionCollision.sent.replace('Port=80', 'Port=80,80'),
      received: REAL.onionCollision.received,
    };
    fake = await startFakeTor(
      replay([ADD_ONION_FROM_SEED, collision, REAL.delOnion, REAL.delOnionUnknown, SESSION[10]!]),
    );
    client = await TorControlClient.connect({ port: fake.port });
    const ports = [{ virtualPort: 80, target: '127.0.0.1:8080' }];
    const added = await client.addOnion({
      privateKey: { ed25519Expanded: expandedSecretKey(seed) },
      ports,
      flags: ['DiscardPK'],
    });
    expect(added.serviceId).toBe(identityFromSeed(seed).onionAddress);
    const fresh = await client.addOnion({ privateKey: 'NEW', ports });
    expect(fresh.privateKey).toMatch(/^ED25519-V3:/);
    const collisionKey = new Uint8Array(
      Buffer.from(REAL.onionCollision.sent.split(' ')[1]!.slice('ED25519-V3:'.length), 'base64'),
    );
    await expect(
      client.addOnion({ privateKey: { ed25519Expanded: collisionKey }, ports: [{ virtualPort: 80, target: '80' }] }),
    ).rejects.toMatchObject({
      name: 'TorControlReplyError',
      code: 550,
      replyText: 'Onion address collision',
    });
    await client.delOnion(fresh.serviceId);
    await expect(client.delOnion(fresh.serviceId)).rejects.toMatchObject({
      code: 552,
      replyText: 'Unknown Onion Service id',
    });
  });
});
