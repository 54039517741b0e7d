// Vectors: answers of a tor 0.4.9.11 authority of a `burrow testnet` network (GETINFO ns/all,
// md/all, status/bootstrap-phase), cut to two relays. relay0's fingerprint is from its
// DataDirectory/fingerprint file.
import { describe, expect, it } from 'vitest';
import { countMicrodescriptors, listsEvery, parseRouterStatuses } from '../../../src/testnet/consensus.js';

const NS_ALL = `r relay0 DK5qvm5p5DMQ/drrRP7AzXumpYA pbLqYXaBfS2n6N301EMvZMwajZw 2038-01-01 00:00:00 127.0.0.1 39275 0
s Fast Guard HSDir Running Stable V2Dir Valid
w Bandwidth=1000
p reject 1-65535
r auth1 MB21RICeGAUbwGluZ16O0DZJH3g 5abt711ITMl6iXaWrMhs1J1+5n8 2038-01-01 00:00:00 127.0.0.1 44057 39941
s Authority Fast Guard Running Stable V2Dir Valid
w Bandwidth=0
p reject 1-65535`;

const RELAY0 = '0CAE6ABE6E69E43310FDDAEB44FEC0CD7BA6A580';
const AUTH1 = '301DB544809E18051BC0696E675E8ED036491F78';

const MD_ALL = `onion-key
-----BEGIN RSA PUBLIC KEY-----
MIGJAoGBAKE3KwhMZEdLhv2gXA3AKwnEKvZWRfCQsX8Dhd9tUfg9aha1oParTvZI
svt5JqPjG0hHyW0IHnr+nCuzyiS5b1YwoiFEUzLlkP47cf89Pdz7IpKxGajIMe8S
SKRihTxz5fNYfSkz3+PyVk5R4idWke8II46BAAQ77QiGjSF0RcjfAgMBAAE=
-----END RSA PUBLIC KEY-----
ntor-onion-key QyfMPQbHHYoac0wco8AwqQmIwKZbFc+XbH5hvClXxBM
id ed25519 d+L25EnthSQJkwflDAt0SClAAWQPt3QqFY8HZiSp0C4
onion-key
-----BEGIN RSA PUBLIC KEY-----
MIGJAoGBAO4930Jca2XPQjAl+o4h3+FLng7Q2PNlDcmKb8kRkMKIX2bUV8JWLcF6
ED1UAVYM39HYxKBh25ODfchvkHPS6V+oC6iAvCuue2AqpXMqr5tzT1iZ6KYln4k2
4TBSwC8mPfZa7qg35zcZZRbphfT9UiVkHQTdG7kDwtC+w/Nz7emzAgMBAAE=
-----END RSA PUBLIC KEY-----
ntor-onion-key 9Yjn53VEcN1kFQTRAaohOXw6enL0Bbk6sA1GZIJIsGo
id ed25519 peCS7ZrPjD43+/Gfy83rpFghWHOpsSD4Vuj5oiAw8XI`;

describe('parseRouterStatuses (GETINFO ns/all)', () => {
  it('reads nickname, hex fingerprint and flags of each relay', () => {
    const routers = parseRouterStatuses(NS_ALL);
    expect(routers.map((r) => [r.nickname, r.fingerprint, [...r.flags].sort()])).toEqual([
      ['relay0', RELAY0, ['Fast', 'Guard', 'HSDir', 'Running', 'Stable', 'V2Dir', 'Valid']],
      ['auth1', AUTH1, ['Authority', 'Fast', 'Guard', 'Running', 'Stable', 'V2Dir', 'Valid']],
    ]);
  });

  it('reads nothing from an empty answer (no consensus yet) and survives junk', () => {
    expect(parseRouterStatuses('')).toEqual([]);
    expect(parseRouterStatuses('s Fast\nr\nw Bandwidth=1\n')).toEqual([]);
  });

  it('accepts CRLF line ends', () => {
    expect(parseRouterStatuses(NS_ALL.replaceAll('\n', '\r\n')).map((r) => r.fingerprint)).toEqual([RELAY0, AUTH1]);
  });
});

describe('listsEvery', () => {
  const routers = parseRouterStatuses(NS_ALL);
  it('checks that every expected relay is present', () => {
    expect(listsEvery(routers, [RELAY0, AUTH1])).toBe(true);
    expect(listsEvery(routers, [RELAY0, 'F'.repeat(40)])).toBe(false);
  });

  it('can require a flag (auth1 is no HSDir in this vector)', () => {
    expect(listsEvery(routers, [RELAY0], 'HSDir')).toBe(true);
    expect(listsEvery(routers, [RELAY0, AUTH1], 'HSDir')).toBe(false);
  });
});

describe('countMicrodescriptors (GETINFO md/all)', () => {
  it('counts one per ntor-onion-key line', () => {
    expect(countMicrodescriptors(MD_ALL)).toBe(2);
    expect(countMicrodescriptors('')).toBe(0);
  });
});
