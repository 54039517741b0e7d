import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TestnetNotRunningError, TestnetStateError } from '../../../src/testnet/errors.js';
import { decodeState, encodeState, type TestnetInfo } from '../../../src/testnet/state.js';
import { readTestnet } from '../../../src/testnet/state-file.js';
import { INFO, NETWORK_DIR } from './fixtures.js';

type Json = Record<string, unknown>;

/** The encoded fixture as a plain object, for mutating. */
function encoded(): Json & { nodes: Json[] } {
  return JSON.parse(encodeState(INFO)) as Json & { nodes: Json[] };
}

function decodeJson(value: unknown): TestnetInfo {
  return decodeState(JSON.stringify(value), NETWORK_DIR);
}

describe('state file encoding', () => {
  it('round-trips, and the directory comes from where it is read, not from the file', () => {
    const text = encodeState(INFO);
    expect(text).not.toContain(NETWORK_DIR);
    expect(decodeState(text, NETWORK_DIR)).toEqual(INFO);
    expect(decodeState(text, '/elsewhere').dir).toBe('/elsewhere');
  });

  it('round-trips without an owner pid', () => {
    const { ownerPid: _ownerPid, ...withoutOwner } = INFO;
    expect(decodeState(encodeState(withoutOwner), NETWORK_DIR)).toEqual(withoutOwner);
  });

  it('states its format and version', () => {
    expect(encoded()).toMatchObject({ format: 'burrow-testnet', version: 1 });
  });
});

describe('state file validation', () => {
  const hostile: [string, (state: Json & { nodes: Json[] }) => unknown][] = [
    ['not an object', () => []],
    ['null', () => null],
    ['wrong format', (s) => ({ ...s, format: 'other' })],
    ['a future version', (s) => ({ ...s, version: 2 })],
    ['an unknown top-level field', (s) => ({ ...s, extra: 1 })],
    ['a startedAt that is not ISO', (s) => ({ ...s, startedAt: 'yesterday' })],
    ['a startedAt in another ISO spelling', (s) => ({ ...s, startedAt: '2026-11-21T11:30:00Z' })],
    ['no nodes', (s) => ({ ...s, nodes: [] })],
    ['nodes not an array', (s) => ({ ...s, nodes: { 0: s.nodes[0] } })],
    ['no authority', (s) => ({ ...s, nodes: s.nodes.filter((n) => n['role'] === 'relay') })],
    ['an owner pid that is a string', (s) => ({ ...s, ownerPid: '4242' })],
    ['pid 1 (init)', (s) => ({ ...s, nodes: [{ ...s.nodes[0], pid: 1 }, ...s.nodes.slice(1)] })],
    ['pid 0 (the whole process group)', (s) => ({ ...s, nodes: [{ ...s.nodes[0], pid: 0 }, ...s.nodes.slice(1)] })],
    [
      'a negative pid (a process group)',
      (s) => ({ ...s, nodes: [{ ...s.nodes[0], pid: -1000 }, ...s.nodes.slice(1)] }),
    ],
    ['a fractional pid', (s) => ({ ...s, nodes: [{ ...s.nodes[0], pid: 10.5 }, ...s.nodes.slice(1)] })],
    ['a huge pid', (s) => ({ ...s, nodes: [{ ...s.nodes[0], pid: 2 ** 40 }, ...s.nodes.slice(1)] })],
    ['a port above 65535', (s) => ({ ...s, nodes: [{ ...s.nodes[0], orPort: 70000 }, ...s.nodes.slice(1)] })],
    ['a port as a string', (s) => ({ ...s, nodes: [{ ...s.nodes[0], controlPort: '5001' }, ...s.nodes.slice(1)] })],
    ['port 0', (s) => ({ ...s, nodes: [{ ...s.nodes[0], dirPort: 0 }, ...s.nodes.slice(1)] })],
    [
      'NaN as a port (JSON null)',
      (s) => ({ ...s, nodes: [{ ...s.nodes[0], orPort: Number.NaN }, ...s.nodes.slice(1)] }),
    ],
    [
      'a lower-case fingerprint',
      (s) => ({
        ...s,
        nodes: [{ ...s.nodes[0], fingerprint: String(s.nodes[0]?.['fingerprint']).toLowerCase() }, ...s.nodes.slice(1)],
      }),
    ],
    ['a short v3ident', (s) => ({ ...s, nodes: [{ ...s.nodes[0], v3ident: 'ABCD' }, ...s.nodes.slice(1)] })],
    [
      'an authority without a DirPort',
      (s) => ({ ...s, nodes: [{ ...s.nodes[0], dirPort: undefined }, ...s.nodes.slice(1)] }),
    ],
    [
      'a relay with a v3ident',
      (s) => ({
        ...s,
        nodes: [...s.nodes.slice(0, 2), { ...s.nodes[2], v3ident: s.nodes[0]?.['v3ident'] }, ...s.nodes.slice(3)],
      }),
    ],
    ['an unknown role', (s) => ({ ...s, nodes: [{ ...s.nodes[0], role: 'exit' }, ...s.nodes.slice(1)] })],
    ['a name that is a path', (s) => ({ ...s, nodes: [{ ...s.nodes[0], name: '../../etc' }, ...s.nodes.slice(1)] })],
    [
      'a relay named like an authority',
      (s) => ({ ...s, nodes: [...s.nodes.slice(0, 2), { ...s.nodes[2], name: 'auth7' }, ...s.nodes.slice(3)] }),
    ],
    [
      'two nodes with one name',
      (s) => ({ ...s, nodes: [s.nodes[0], { ...s.nodes[1], name: s.nodes[0]?.['name'] }, ...s.nodes.slice(2)] }),
    ],
    [
      'two nodes with one pid',
      (s) => ({ ...s, nodes: [s.nodes[0], { ...s.nodes[1], pid: s.nodes[0]?.['pid'] }, ...s.nodes.slice(2)] }),
    ],
    [
      'two nodes with one port',
      (s) => ({ ...s, nodes: [s.nodes[0], { ...s.nodes[1], orPort: s.nodes[0]?.['orPort'] }, ...s.nodes.slice(2)] }),
    ],
    ['an array pretending to be a node', (s) => ({ ...s, nodes: [['auth0'], ...s.nodes.slice(1)] })],
  ];

  for (const [what, mutate] of hostile) {
    it(`rejects ${what}`, () => {
      expect(() => decodeJson(mutate(encoded()))).toThrow(TestnetStateError);
    });
  }

  it('rejects text that is not JSON, naming the file', () => {
    expect(() => decodeState('{"format": "burrow-testnet",', NETWORK_DIR)).toThrow(
      /testnet\.json is not a valid test network state file: not JSON/,
    );
  });
});

describe('readTestnet', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('reads the state file of a directory', () => {
    dir = mkdtempSync(join(tmpdir(), 'burrow-state-'));
    writeFileSync(join(dir, 'testnet.json'), encodeState(INFO));
    expect(readTestnet(dir)).toEqual({ ...INFO, dir });
  });

  it('says "not running" for a directory without a state file, or no directory at all', () => {
    dir = mkdtempSync(join(tmpdir(), 'burrow-state-'));
    expect(() => readTestnet(dir!)).toThrow(TestnetNotRunningError);
    expect(() => readTestnet(join(dir!, 'missing'))).toThrow(TestnetNotRunningError);
  });

  it('says "invalid" for a truncated state file, or one that cannot be read', () => {
    dir = mkdtempSync(join(tmpdir(), 'burrow-state-'));
    writeFileSync(join(dir, 'testnet.json'), encodeState(INFO).slice(0, 100));
    expect(() => readTestnet(dir!)).toThrow(TestnetStateError);
    rmSync(join(dir, 'testnet.json'));
    mkdirSync(join(dir, 'testnet.json'));
    expect(() => readTestnet(dir!)).toThrow(TestnetStateError);
  });
});
