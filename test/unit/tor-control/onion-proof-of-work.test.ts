/**
 * The onion-service proof-of-work defence (Tor proposal 327) as the ADD_ONION command text a
 * fake control port receives: asked for when the tor knows the keywords, dropped when it
 * answers that it does not (detected, not assumed). test/tor/control-real.test.ts has the
 * real tor taking the same keywords.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { generateIdentity, type IdentityKeyPair } from '../../../src/crypto/identity.js';
import { TorControlClient } from '../../../src/transport/tor/control/index.js';
import { OnionService } from '../../../src/transport/tor/onion-service.js';
import { startFakeTor, type FakeConnection, type FakeTor } from './fake-tor.js';

const POW = 'PoWDefensesEnabled=1 PoWQueueRate=25 PoWQueueBurst=50';
const target = { host: '127.0.0.1', port: 40000 };

/** A tor that publishes `identity`'s service, and (when `knowsPoW` is false) refuses PoW keywords as a tor older than them does. */
function tor(identity: IdentityKeyPair, knowsPoW: boolean) {
  return (line: string, connection: FakeConnection): void => {
    if (!line.startsWith('ADD_ONION')) return connection.send('250 OK\r\n');
    if (!knowsPoW && line.includes('PoWDefensesEnabled'))
      return connection.send('512 Bad arguments to ADD_ONION: Unrecognized keyword argument "PoWDefensesEnabled"\r\n');
    connection.send(`250-ServiceID=${identity.onionAddress}\r\n250 OK\r\n`);
  };
}

describe('ADD_ONION with the proof-of-work defence', () => {
  let fake: FakeTor | undefined;
  let client: TorControlClient | undefined;
  afterEach(async () => {
    await client?.close();
    await fake?.close();
  });

  async function publish(knowsPoW: boolean): Promise<{ service: OnionService; addOnions: string[] }> {
    const identity = generateIdentity();
    fake = await startFakeTor(tor(identity, knowsPoW));
    client = await TorControlClient.connect({ port: fake.port });
    const service = await OnionService.publish({
      tor: { control: client, on: () => () => undefined },
      identity,
      target,
    });
    return { service, addOnions: fake.lines.filter((line) => line.startsWith('ADD_ONION')) };
  }

  it('asks a tor that knows the keywords for the defence, in the one ADD_ONION', async () => {
    const { service, addOnions } = await publish(true);
    expect(addOnions).toHaveLength(1);
    expect(addOnions[0]).toMatch(
      new RegExp(`^ADD_ONION ED25519-V3:\\S+ Flags=DiscardPK ${POW} Port=9878,127\\.0\\.0\\.1:40000$`),
    );
    expect(service.proofOfWork).toBe(true);
  });

  it('publishes without it on a tor that does not know the keywords', async () => {
    const { service, addOnions } = await publish(false);
    expect(addOnions).toHaveLength(2);
    expect(addOnions[0]).toContain(POW);
    expect(addOnions[1]).not.toContain('PoW');
    expect(addOnions[1]).toMatch(/^ADD_ONION ED25519-V3:\S+ Flags=DiscardPK Port=9878,127\.0\.0\.1:40000$/);
    expect(service.proofOfWork).toBe(false);
  });
});
