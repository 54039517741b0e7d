// The strace reader behind the "nothing outside Tor" test: it must catch every way out
// (UDP/DNS, another address, another port, IPv6, netlink) and only those.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callsOutsideTor, loopbackPortsOf, programOf, readTraces } from '../../shared/syscall-trace.js';

const inet = (port: number, address = '127.0.0.1'): string =>
  `{sa_family=AF_INET, sin_port=htons(${port}), sin_addr=inet_addr("${address}")}`;

/** A daemon (pid 100) that spawned its tor (pid 200, with a thread 201) and has a thread (101). */
function traceOf(daemonLines: readonly string[]): ReturnType<typeof readTraces> {
  const dir = mkdtempSync(join(tmpdir(), 'burrow-strace-unit-'));
  const prefix = join(dir, 'trace');
  writeFileSync(
    `${prefix}.100`,
    [
      'execve("/usr/bin/node", ["node", "bin/burrow.js", "daemon"], 0x7ffd /* 40 vars */) = 0',
      'clone3({flags=CLONE_VM|CLONE_FS, child_tid=0x7f}, 88) = 101',
      'clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLD, child_tidptr=0x7f) = 200',
      'socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_IP) = 21',
      `connect(21, ${inet(9051)}, 16) = 0`,
      `bind(22, ${inet(0)}, 16) = 0`,
      'connect(23, {sa_family=AF_UNIX, sun_path="/run/user/0/burrow/ctl.sock"}, 110) = 0',
    ].join('\n'),
  );
  writeFileSync(`${prefix}.101`, daemonLines.join('\n'));
  writeFileSync(
    `${prefix}.200`,
    [
      'execve("/usr/local/sbin/tor", ["tor"], 0x7ffd) = -1 ENOENT (No such file or directory)',
      'execve("/usr/sbin/tor", ["tor", "-f", "torrc"], 0x7ffd /* 40 vars */) = 0',
      'clone3({flags=CLONE_VM, child_tid=0x7f}, 88) = 201',
      `bind(5, ${inet(9050)}, 16) = 0`,
      `bind(6, ${inet(0)}, 16) = 0`,
      'listen(6, 4096) = 0',
      `getsockname(6, ${inet(9051)}, [128 => 16]) = 0`,
      `getsockname(9, ${inet(40000)}, [128 => 16]) = 0`,
      `connect(7, ${inet(443, '10.0.0.1')}, 16) = -1 EINPROGRESS (Operation now in progress)`,
    ].join('\n'),
  );
  writeFileSync(`${prefix}.201`, `connect(8, ${inet(9001, '10.0.0.2')}, 16) = 0`);
  return readTraces(prefix);
}

function outside(daemonLines: readonly string[]): string[] {
  const traces = traceOf(daemonLines);
  const ports = loopbackPortsOf(traces, 'tor');
  return [...traces.values()]
    .filter((trace) => programOf(traces, trace.pid) === 'node')
    .flatMap((trace) => callsOutsideTor(trace, ports).map((call) => call.line));
}

describe('reading strace output', () => {
  it('tells the daemon and its threads from its tor and its threads', () => {
    const traces = traceOf([]);
    expect([100, 101, 200, 201].map((pid) => programOf(traces, pid))).toEqual(['node', 'node', 'tor', 'tor']);
    expect([...loopbackPortsOf(traces, 'tor')].sort()).toEqual([9050, 9051]);
  });

  it('allows connections to its own tor, loopback binds, accepts and Unix sockets', () => {
    expect(
      outside([
        `connect(30, ${inet(9050)}, 16) = -1 EINPROGRESS (Operation now in progress)`,
        `accept4(31, ${inet(51234)}, [16], SOCK_CLOEXEC|SOCK_NONBLOCK) = 32`,
        'sendto(32, "abc", 3, MSG_NOSIGNAL, NULL, 0) = 3',
      ]),
    ).toEqual([]);
  });

  it.each([
    ['a UDP socket (DNS)', 'socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_IP) = 30'],
    ['an address off the machine', `connect(30, ${inet(443, '93.184.216.34')}, 16) = 0`],
    ['a loopback port that is not its tor', `connect(30, ${inet(8080)}, 16) = 0`],
    ['a datagram to a name server', `sendto(30, "q", 1, 0, ${inet(53, '127.0.0.53')}, 16) = 1`],
    ['an IPv6 socket', 'socket(AF_INET6, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = 30'],
    ['a netlink socket', 'socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = 30'],
    ['a bind on every interface', `bind(30, ${inet(7000, '0.0.0.0')}, 16) = 0`],
  ])('catches %s', (_what, line) => {
    expect(outside([line])).toEqual([line]);
  });
});
