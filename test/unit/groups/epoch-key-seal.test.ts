import { describe, expect, it } from 'vitest';
import { chachaPolySeal } from '../../../src/crypto/chacha20-poly1305.js';
import { epochKeyCommitment } from '../../../src/groups/domains.js';
import { EPOCH_SEAL_INFO } from '../../../src/groups/domains.js';
import { hkdfSha256 } from '../../../src/crypto/hkdf.js';
import { x25519PublicFromEd25519 } from '../../../src/crypto/identity.js';
import { x25519SharedSecret } from '../../../src/crypto/x25519.js';
import { openEpochKey, sealEpochKey } from '../../../src/groups/epoch-key-seal.js';
import { hex, memberCached, seededRandom } from './helpers.js';
import { errorNamed } from '../../shared/errors.js';

const [ada, bob, cat, dan] = [1, 2, 3, 4].map(memberCached) as [
  ReturnType<typeof memberCached>,
  ReturnType<typeof memberCached>,
  ReturnType<typeof memberCached>,
  ReturnType<typeof memberCached>,
];
const key = Uint8Array.from({ length: 32 }, (_, i) => i * 7);

describe('sealEpochKey / openEpochKey', () => {
  it('every recipient opens the same key; anyone else gets nothing', () => {
    const grant = sealEpochKey(key, [cat.publicKey, ada.publicKey, bob.publicKey], seededRandom('seal'));
    expect(grant.entries.map((entry) => hex(entry.recipient))).toEqual(
      [ada, bob, cat].map((m) => hex(m.publicKey)).sort(),
    );
    for (const recipient of [ada, bob, cat]) expect(hex(openEpochKey(grant, recipient)!)).toBe(hex(key));
    expect(openEpochKey(grant, dan)).toBeUndefined();
    expect(hex(grant.commitment)).toBe(hex(epochKeyCommitment(key)));
  });

  it('uses a fresh ephemeral key for every grant', () => {
    const random = seededRandom('fresh');
    const first = sealEpochKey(key, [ada.publicKey], random);
    const second = sealEpochKey(key, [ada.publicKey], random);
    expect(hex(first.ephemeralKey)).not.toBe(hex(second.ephemeralKey));
    expect(hex(first.entries[0]!.sealedKey)).not.toBe(hex(second.entries[0]!.sealedKey));
  });

  it('a tampered copy, a swapped copy or a changed commitment does not open', () => {
    const grant = sealEpochKey(key, [ada.publicKey, bob.publicKey], seededRandom('tamper'));
    const flipped = Uint8Array.from(grant.entries[0]!.sealedKey);
    flipped[3]! ^= 1;
    const tampered = { ...grant, entries: [{ ...grant.entries[0]!, sealedKey: flipped }, grant.entries[1]!] };
    const swapped = {
      ...grant,
      entries: [
        { ...grant.entries[0]!, sealedKey: grant.entries[1]!.sealedKey },
        { ...grant.entries[1]!, sealedKey: grant.entries[0]!.sealedKey },
      ],
    };
    const recommitted = { ...grant, commitment: epochKeyCommitment(new Uint8Array(32)) };
    const owner = hex(grant.entries[0]!.recipient) === hex(ada.publicKey) ? ada : bob;
    expect(() => openEpochKey(tampered, owner)).toThrow(errorNamed('EpochKeyUnreadableError'));
    expect(() => openEpochKey(swapped, ada)).toThrow(errorNamed('EpochKeyUnreadableError'));
    expect(() => openEpochKey(recommitted, ada)).toThrow(errorNamed('EpochKeyUnreadableError'));
  });

  it('is the documented construction, and a sealer who gives one member another key is caught by the commitment', () => {
    // Rebuild bob's copy by hand from the module comment: k = HKDF(X25519(e, X_bob), E ‖ X_bob, info ‖ bob),
    // sealed = ChaCha20-Poly1305(k, 0^12, key, aad = commitment).
    const ephemeralSecret = seededRandom('liar')(32);
    const grant = sealEpochKey(key, [ada.publicKey, bob.publicKey], seededRandom('liar'));
    const bobX = x25519PublicFromEd25519(bob.publicKey);
    const entryKey = hkdfSha256(
      x25519SharedSecret(ephemeralSecret, bobX),
      Uint8Array.from([...grant.ephemeralKey, ...bobX]),
      Uint8Array.from([...EPOCH_SEAL_INFO, ...bob.publicKey]),
      32,
    );
    const bobEntry = grant.entries.find((entry) => hex(entry.recipient) === hex(bob.publicKey))!;
    expect(hex(chachaPolySeal(entryKey, new Uint8Array(12), key, grant.commitment))).toBe(hex(bobEntry.sealedKey));
    // A lying sealer puts another key in bob's copy, authenticated under the commitment of the real one:
    // the AEAD opens, the commitment check does not.
    const lie = chachaPolySeal(entryKey, new Uint8Array(12), new Uint8Array(32).fill(9), grant.commitment);
    const lying = {
      ...grant,
      entries: grant.entries.map((entry) => (entry === bobEntry ? { ...entry, sealedKey: lie } : entry)),
    };
    expect(() => openEpochKey(lying, bob)).toThrow(errorNamed('EpochKeyUnreadableError'));
    expect(hex(openEpochKey(lying, ada)!)).toBe(hex(key));
  });

  it('a low-order ephemeral key does not open', () => {
    const grant = sealEpochKey(key, [ada.publicKey], seededRandom('low'));
    const lowOrder = { ...grant, ephemeralKey: new Uint8Array(32) };
    expect(() => openEpochKey(lowOrder, ada)).toThrow(errorNamed('EpochKeyUnreadableError'));
    // And a copy sealed with a key derived from nothing secret is still refused by its tag.
    const junk = {
      ...grant,
      entries: [
        {
          ...grant.entries[0]!,
          sealedKey: chachaPolySeal(new Uint8Array(32), new Uint8Array(12), key, grant.commitment),
        },
      ],
    };
    expect(() => openEpochKey(junk, ada)).toThrow(errorNamed('EpochKeyUnreadableError'));
  });

  it('checks its arguments', () => {
    const random = seededRandom('args');
    for (const bad of [
      [],
      new Array(257).fill(ada.publicKey),
      [ada.publicKey.subarray(1)],
      ['ada'],
      [null],
      'ada',
      undefined,
    ]) {
      expect(() => sealEpochKey(key, bad as Uint8Array[], random)).toThrow(errorNamed('InvalidArgumentError'));
    }
    expect(() => sealEpochKey(key.subarray(1), [ada.publicKey], random)).toThrow(errorNamed('InvalidArgumentError'));
  });
});
