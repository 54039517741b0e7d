/**
 * GETINFO, GETCONF and SETCONF: building their arguments and reading their replies
 * (control-spec §3.9 GETINFO, §3.3 GETCONF, §3.1 SETCONF). Pure functions; the client sends.
 */
import { TorControlProtocolError } from './errors.js';
import { formatKeyValue, unquoteString } from './quoting.js';
import type { ControlReply, ControlReplyLine } from './reply.js';

/** GETINFO keys look like `version`, `status/bootstrap-phase`, `ns/id/$FP`, `ip-to-country/1.2.3.4`. */
const INFO_KEY = /^[\x21-\x7e]+$/;
/** torrc option names (`SocksPort`, `__OwningControllerProcess`). */
const CONF_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Validates GETINFO keys: printable ASCII without `"`, `=` or `\` (tor echoes them as `key=`). */
export function getInfoArguments(keys: readonly string[]): string[] {
  if (keys.length === 0) throw new TypeError('getInfo needs at least one key');
  for (const key of keys) {
    if (typeof key !== 'string' || !INFO_KEY.test(key) || /["=\\]/.test(key))
      throw new TypeError(`invalid GETINFO key: ${JSON.stringify(key)}`);
  }
  return [...keys];
}

/**
 * Reads a GETINFO reply: `250-key=value` lines and `250+key=` data blocks, then `250 OK`.
 * Values are returned as tor wrote them (some, like `net/listeners/*`, are themselves quoted
 * strings: use `unquoteString`). Every requested key must be answered.
 */
export function parseGetInfoReply(reply: ControlReply, keys: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of contentLines(reply)) {
    const eq = line.text.indexOf('=');
    if (eq <= 0) throw new TorControlProtocolError('a GETINFO reply line is not key=value');
    const key = line.text.slice(0, eq);
    if (line.divider === '+') {
      if (eq !== line.text.length - 1) throw new TorControlProtocolError('a GETINFO data line has text after "key="');
      values.set(key, line.data ?? '');
    } else {
      values.set(key, line.text.slice(eq + 1));
    }
  }
  for (const key of keys)
    if (!values.has(key)) throw new TorControlProtocolError('a GETINFO reply lacks a requested key');
  return values;
}

/** Validates GETCONF option names. */
export function getConfArguments(keys: readonly string[]): string[] {
  if (keys.length === 0) throw new TypeError('getConf needs at least one option name');
  for (const key of keys)
    if (typeof key !== 'string' || !CONF_KEY.test(key))
      throw new TypeError(`invalid option name: ${JSON.stringify(key)}`);
  return [...keys];
}

/**
 * Reads a GETCONF reply (control-spec §3.3): one `key=value` line per value (an option set
 * several times repeats its key), or a bare `key` for an unset option (empty list). Tor quotes
 * a value only when it must (e.g. it contains `"`); those are unquoted.
 */
export function parseGetConfReply(reply: ControlReply): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const line of contentLines(reply)) {
    const eq = line.text.indexOf('=');
    const key = eq === -1 ? line.text : line.text.slice(0, eq);
    if (!CONF_KEY.test(key))
      throw new TorControlProtocolError('a GETCONF reply line does not start with an option name');
    const list = values.get(key) ?? [];
    values.set(key, list);
    if (eq === -1) continue;
    const raw = line.text.slice(eq + 1);
    list.push(raw.startsWith('"') ? unquoteString(raw) : raw);
  }
  return values;
}

/** Entries for SETCONF, as an object or as pairs (pairs let an option repeat). */
export type ConfEntries = Readonly<Record<string, string>> | readonly (readonly [string, string])[];

/** `key=value` arguments for SETCONF, values quoted when needed. */
export function setConfArguments(entries: ConfEntries): string[] {
  const pairs = Array.isArray(entries) ? (entries as readonly (readonly [string, string])[]) : Object.entries(entries);
  if (pairs.length === 0) throw new TypeError('setConf needs at least one option');
  return pairs.map(([key, value]) => {
    if (!CONF_KEY.test(key)) throw new TypeError(`invalid option name: ${JSON.stringify(key)}`);
    if (typeof value !== 'string') throw new TypeError(`the value of ${key} must be a string`);
    return formatKeyValue(key, value);
  });
}

/** The lines that carry content: all but a final bare `OK`. */
function contentLines(reply: ControlReply): readonly ControlReplyLine[] {
  const last = reply.lines[reply.lines.length - 1];
  return last !== undefined && last.divider === ' ' && last.text === 'OK' ? reply.lines.slice(0, -1) : reply.lines;
}
