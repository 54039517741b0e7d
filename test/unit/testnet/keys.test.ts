import { describe, expect, it } from 'vitest';
import { parseCertificateFingerprint, parseFingerprintFile } from '../../../src/testnet/keys.js';
import { assignPorts, type KeyedNode } from '../../../src/testnet/plan.js';

describe('parseCertificateFingerprint (tor-gencert output, dir-spec §3.1)', () => {
  it('reads the fingerprint line', () => {
    const certificate =
      'dir-key-certificate-version 3\nfingerprint 92075C74AC9BE2616D8592D76A013726EC4C3C8C\ndir-key-published 2026-11-21 11:23:22\n';
    expect(parseCertificateFingerprint(certificate)).toBe('92075C74AC9BE2616D8592D76A013726EC4C3C8C');
  });

  it('finds nothing in a certificate without one', () => {
    expect(parseCertificateFingerprint('dir-key-certificate-version 3\nfingerprint 9207\n')).toBeUndefined();
  });
});

describe('parseFingerprintFile (DataDirectory/fingerprint)', () => {
  it('reads "<nickname> <fingerprint>"', () => {
    expect(parseFingerprintFile('auth0 DFBA32F96C61D58F16CEA6C9B67359FA8041277E\n', 'auth0')).toBe(
      'DFBA32F96C61D58F16CEA6C9B67359FA8041277E',
    );
  });

  it('refuses another nickname, the spaced form, or extra words', () => {
    expect(parseFingerprintFile('auth1 DFBA32F96C61D58F16CEA6C9B67359FA8041277E', 'auth0')).toBeUndefined();
    expect(parseFingerprintFile('auth0 DFBA 32F9 6C61 D58F 16CE A6C9 B673 59FA 8041 277E', 'auth0')).toBeUndefined();
    expect(parseFingerprintFile('', 'auth0')).toBeUndefined();
  });
});

describe('assignPorts', () => {
  const keyed: KeyedNode[] = [
    { name: 'auth0', role: 'authority', fingerprint: 'A'.repeat(40), v3ident: 'B'.repeat(40) },
    { name: 'relay0', role: 'relay', fingerprint: 'C'.repeat(40) },
  ];

  it('gives ORPort, ControlPort, then an authority its DirPort, in order', () => {
    expect(assignPorts(keyed, [1001, 1002, 1003, 1004, 1005])).toEqual([
      { ...keyed[0], orPort: 1001, controlPort: 1002, dirPort: 1003 },
      { ...keyed[1], orPort: 1004, controlPort: 1005 },
    ]);
  });

  it('wants exactly as many distinct ports as the nodes need', () => {
    expect(() => assignPorts(keyed, [1, 2, 3, 4])).toThrow(RangeError);
    expect(() => assignPorts(keyed, [1, 2, 3, 4, 5, 6])).toThrow(RangeError);
    expect(() => assignPorts(keyed, [1, 2, 3, 4, 4])).toThrow(RangeError);
  });
});
