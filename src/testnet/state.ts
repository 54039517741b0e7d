/**
 * The state file `DIR/testnet.json`: what `burrow testnet start` launched (pids, ports, keys),
 * so `status`, `stop` and joining clients can find the network. Decoded strictly: a field
 * that is missing, of the wrong type or out of range makes the whole file invalid, so no code
 * ever signals a pid or dials a port that did not come from `startTestnet`.
 */
import { join } from 'node:path';
import { TestnetStateError } from './errors.js';
import { NODE_NAME, STATE_FILE, type NodeRole } from './layout.js';

/** The state file's `format` field: says what the JSON is. */
export const STATE_FORMAT = 'burrow-testnet';
/** The state file's `version` field: bumped on any incompatible change. */
export const STATE_VERSION = 1;

interface NodeCommon {
  /** `auth0`, `relay1`, …: the tor's nickname and the name of its directory. */
  readonly name: string;
  readonly role: NodeRole;
  readonly orPort: number;
  readonly controlPort: number;
  /** The relay identity fingerprint: 40 upper-case hex digits. */
  readonly fingerprint: string;
}

/** A directory authority (also a relay). */
export interface AuthorityPlan extends NodeCommon {
  readonly role: 'authority';
  readonly dirPort: number;
  /** The v3 authority identity (the `fingerprint` line of its tor-gencert certificate). */
  readonly v3ident: string;
}

/** A plain relay (also a directory cache). */
export interface RelayPlan extends NodeCommon {
  readonly role: 'relay';
}

/** A tor of the network before it is launched. */
export type NodePlan = AuthorityPlan | RelayPlan;

/** A launched tor: its plan plus the pid read from its PidFile. */
export type TestnetNode = NodePlan & { readonly pid: number };

/** A running network, as `startTestnet` wrote it and `readTestnet` reads it back. */
export interface TestnetInfo {
  /** Absolute path of the network's directory (where the state file was read, not stored in it). */
  readonly dir: string;
  /** When the network became ready (ISO 8601). */
  readonly startedAt: string;
  /** The process whose exit stops every tor (`__OwningControllerProcess`), if one was given. */
  readonly ownerPid?: number;
  /** Authorities first, then relays. */
  readonly nodes: readonly TestnetNode[];
}

const HEX40 = /^[0-9A-F]{40}$/;
const MAX_PID = 2 ** 22; // Linux's PID_MAX_LIMIT

/** Serialises `info` for the state file (the directory itself is not stored: the file can move with it). */
export function encodeState(info: TestnetInfo): string {
  const { dir: _dir, ...rest } = info;
  return JSON.stringify({ format: STATE_FORMAT, version: STATE_VERSION, ...rest }, null, 2) + '\n';
}

/** Raised by the field checks below; {@link decodeState} turns it into a {@link TestnetStateError}. */
class StateDecodeError extends Error {
  override readonly name = 'StateDecodeError';
}

/**
 * Parses and validates the text of `dir`'s state file; `dir` becomes {@link TestnetInfo.dir}.
 * Throws {@link TestnetStateError} naming the first bad field.
 */
export function decodeState(text: string, dir: string): TestnetInfo {
  try {
    return decodeStateFields(text, dir);
  } catch (error) {
    if (error instanceof StateDecodeError) throw new TestnetStateError(join(dir, STATE_FILE), error.message);
    throw error;
  }
}

function decodeStateFields(text: string, dir: string): TestnetInfo {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StateDecodeError(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const root = record(json, 'the file');
  onlyKeys(root, ['format', 'version', 'startedAt', 'ownerPid', 'nodes'], 'the file');
  if (root['format'] !== STATE_FORMAT) throw new StateDecodeError(`"format" must be "${STATE_FORMAT}"`);
  if (root['version'] !== STATE_VERSION)
    throw new StateDecodeError(
      `"version" must be ${STATE_VERSION} (this Burrow cannot read version ${JSON.stringify(root['version'])})`,
    );
  const startedAt = root['startedAt'];
  if (
    typeof startedAt !== 'string' ||
    Number.isNaN(Date.parse(startedAt)) ||
    new Date(startedAt).toISOString() !== startedAt
  ) {
    throw new StateDecodeError('"startedAt" must be an ISO 8601 time');
  }
  const nodesValue = root['nodes'];
  if (!Array.isArray(nodesValue) || nodesValue.length === 0)
    throw new StateDecodeError('"nodes" must be a non-empty array');
  const nodes = nodesValue.map((value, i) => decodeNode(value, `nodes[${i}]`));
  checkUnique(
    nodes.map((node) => node.name),
    'name',
  );
  checkUnique(
    nodes.map((node) => node.pid),
    'pid',
  );
  checkUnique(
    nodes.map((node) => node.fingerprint),
    'fingerprint',
  );
  checkUnique(
    nodes.flatMap((node) =>
      node.role === 'authority' ? [node.orPort, node.controlPort, node.dirPort] : [node.orPort, node.controlPort],
    ),
    'port',
  );
  if (!nodes.some((node) => node.role === 'authority'))
    throw new StateDecodeError('"nodes" lists no directory authority');
  const info: TestnetInfo = { dir, startedAt, nodes };
  if (root['ownerPid'] === undefined) return info;
  return { ...info, ownerPid: pid(root['ownerPid'], 'ownerPid') };
}

function decodeNode(value: unknown, where: string): TestnetNode {
  const node = record(value, where);
  const role = node['role'];
  const name = node['name'];
  if (typeof name !== 'string' || !NODE_NAME.test(name))
    throw new StateDecodeError(`${where}.name must look like auth0 or relay0`);
  const common = {
    name,
    pid: pid(node['pid'], `${where}.pid`),
    orPort: port(node['orPort'], `${where}.orPort`),
    controlPort: port(node['controlPort'], `${where}.controlPort`),
    fingerprint: hex40(node['fingerprint'], `${where}.fingerprint`),
  };
  if (role === 'authority') {
    onlyKeys(node, ['name', 'role', 'pid', 'orPort', 'controlPort', 'fingerprint', 'dirPort', 'v3ident'], where);
    if (!name.startsWith('auth')) throw new StateDecodeError(`${where}.name must start with "auth" for an authority`);
    return {
      ...common,
      role,
      dirPort: port(node['dirPort'], `${where}.dirPort`),
      v3ident: hex40(node['v3ident'], `${where}.v3ident`),
    };
  }
  if (role === 'relay') {
    onlyKeys(node, ['name', 'role', 'pid', 'orPort', 'controlPort', 'fingerprint'], where);
    if (!name.startsWith('relay')) throw new StateDecodeError(`${where}.name must start with "relay" for a relay`);
    return { ...common, role };
  }
  throw new StateDecodeError(`${where}.role must be "authority" or "relay"`);
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new StateDecodeError(`${where} must be an object`);
  return value as Record<string, unknown>;
}

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], where: string): void {
  const extra = Object.keys(value).find((key) => !allowed.includes(key));
  if (extra !== undefined) throw new StateDecodeError(`${where} has an unknown field "${extra}"`);
}

function port(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535)
    throw new StateDecodeError(`"${where}" must be a TCP port (1–65535)`);
  return value;
}

function pid(value: unknown, where: string): number {
  // pid 1 is init: never a tor of ours, and signalling it would be a disaster.
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 2 || value > MAX_PID)
    throw new StateDecodeError(`"${where}" must be a process id`);
  return value;
}

function hex40(value: unknown, where: string): string {
  if (typeof value !== 'string' || !HEX40.test(value))
    throw new StateDecodeError(`"${where}" must be 40 upper-case hex digits`);
  return value;
}

function checkUnique(values: readonly (string | number)[], what: string): void {
  const seen = new Set<string | number>();
  for (const value of values) {
    if (seen.has(value)) throw new StateDecodeError(`two nodes share the ${what} ${value}`);
    seen.add(value);
  }
}
