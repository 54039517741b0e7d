/**
 * Reading `strace -ff -e trace=network,process -o PREFIX` output: which process did what with
 * sockets, and which of it left the machine's loopback or went anywhere but tor. Used by the
 * test that proves Burrow sends nothing outside Tor. No vitest here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** One socket system call of a process, as strace printed it. */
export interface SocketCall {
  readonly call: string;
  /** The socket's file descriptor (the first argument; for socket(), the result). */
  readonly fd: number | undefined;
  /** AF_INET, AF_INET6, AF_UNIX, AF_NETLINK … (undefined when the call names no address). */
  readonly family: string | undefined;
  readonly address: string | undefined;
  readonly port: number | undefined;
  /** SOCK_STREAM, SOCK_DGRAM … for socket(). */
  readonly type: string | undefined;
  readonly line: string;
}

/** What one traced process (or thread) did. */
export interface ProcessTrace {
  readonly pid: number;
  /** The process that cloned it, when that one was traced too. */
  parent: number | undefined;
  /** Programs it executed successfully. */
  readonly executed: string[];
  readonly calls: SocketCall[];
}

const SOCKET_CALLS = /^(socket|connect|bind|listen|getsockname|sendto|sendmsg|sendmmsg|accept4?)\(/;
const CHILD = /^(?:clone3?|fork|vfork)\(.*\) = (\d+)$/;
const EXECUTED = /^execve\("([^"]+)".* = 0$/;

function socketCall(line: string): SocketCall | undefined {
  const call = SOCKET_CALLS.exec(line)?.[1];
  if (call === undefined) return undefined;
  const family =
    /sa_family=(AF_\w+)/.exec(line)?.[1] ?? (call === 'socket' ? /^socket\((AF_\w+)/.exec(line)?.[1] : undefined);
  const address =
    /inet_addr\("([^"]+)"\)/.exec(line)?.[1] ??
    /inet_pton\(AF_INET6, "([^"]+)"/.exec(line)?.[1] ??
    /sun_path=@?"([^"]*)"/.exec(line)?.[1];
  const port = /sin6?_port=htons\((\d+)\)/.exec(line)?.[1];
  const type = call === 'socket' ? /^socket\(AF_\w+, (SOCK_\w+)/.exec(line)?.[1] : undefined;
  const fd = call === 'socket' ? /= (\d+)$/.exec(line)?.[1] : /^\w+\((\d+),/.exec(line)?.[1];
  return {
    call,
    fd: fd === undefined ? undefined : Number(fd),
    family,
    address,
    port: port === undefined ? undefined : Number(port),
    type,
    line,
  };
}

/** Reads every `PREFIX.<pid>` file strace -ff wrote. */
export function readTraces(prefix: string): Map<number, ProcessTrace> {
  const traces = new Map<number, ProcessTrace>();
  const trace = (pid: number): ProcessTrace => {
    let found = traces.get(pid);
    if (found === undefined) traces.set(pid, (found = { pid, parent: undefined, executed: [], calls: [] }));
    return found;
  };
  const stem = basename(prefix) + '.';
  for (const file of readdirSync(dirname(prefix)).filter((name) => name.startsWith(stem))) {
    const pid = Number(file.slice(stem.length));
    if (!Number.isInteger(pid)) continue;
    const own = trace(pid);
    for (const line of readFileSync(join(dirname(prefix), file), 'utf8').split('\n')) {
      const child = CHILD.exec(line)?.[1];
      if (child !== undefined) trace(Number(child)).parent = pid;
      const executed = EXECUTED.exec(line)?.[1];
      if (executed !== undefined) own.executed.push(executed);
      const call = socketCall(line);
      if (call !== undefined) own.calls.push(call);
    }
  }
  return traces;
}

/** The program a process runs: the last it executed, else its parent's. */
export function programOf(traces: ReadonlyMap<number, ProcessTrace>, pid: number): string | undefined {
  for (let current = traces.get(pid); current !== undefined; current = traces.get(current.parent ?? -1)) {
    const last = current.executed.at(-1);
    if (last !== undefined) return basename(last);
    if (current.parent === undefined) return undefined;
  }
  return undefined;
}

/**
 * The ports the traced `program` processes listen on at loopback (a tor's SOCKS and control
 * ports). Ports chosen by the kernel (`auto`: bound as port 0) are read from the getsockname
 * that follows the bind on the same descriptor.
 */
export function loopbackPortsOf(traces: ReadonlyMap<number, ProcessTrace>, program: string): Set<number> {
  const ports = new Set<number>();
  for (const trace of traces.values()) {
    if (programOf(traces, trace.pid) !== program) continue;
    const boundAtAnyPort = new Set<number>();
    for (const call of trace.calls) {
      if (call.family !== 'AF_INET' || call.address !== '127.0.0.1' || call.fd === undefined) continue;
      if (call.call === 'bind' && call.port === 0) boundAtAnyPort.add(call.fd);
      else if (call.call === 'bind' && call.port !== undefined) ports.add(call.port);
      else if (call.call === 'getsockname' && boundAtAnyPort.delete(call.fd) && call.port !== undefined)
        ports.add(call.port);
    }
  }
  return ports;
}

/**
 * Every socket call of `trace` that could reach beyond tor: an internet socket other than a TCP
 * stream, an address other than loopback, a connection to a port not in `torPorts`, a bind
 * outside loopback, a raw or netlink socket. Unix sockets (the ctl socket) are allowed.
 */
export function callsOutsideTor(trace: ProcessTrace, torPorts: ReadonlySet<number>): SocketCall[] {
  return trace.calls.filter((call) => {
    if (call.family === undefined || call.family === 'AF_UNIX') return false;
    if (call.family !== 'AF_INET') return true;
    if (call.call === 'socket') return call.type !== 'SOCK_STREAM';
    if (call.address === undefined) return false;
    if (call.address !== '127.0.0.1') return true;
    // What we bound or accepted on loopback: the onion service's target, reached by our tor.
    if (call.call === 'bind' || call.call === 'getsockname' || call.call.startsWith('accept')) return false;
    return call.port === undefined || !torPorts.has(call.port);
  });
}
