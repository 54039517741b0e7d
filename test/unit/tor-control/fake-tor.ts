/**
 * A fake tor control port for unit tests: a TCP server on 127.0.0.1:0 that hands every
 * command line it receives to a handler, which answers with recorded bytes.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Exchange } from './transcripts.js';

/** One accepted control connection. */
export interface FakeConnection {
  readonly socket: Socket;
  /** Writes bytes as they are. */
  send(bytes: string | Uint8Array): void;
  /** Writes one byte per write, yielding between writes, so the client sees many small chunks. */
  sendBytewise(bytes: string): Promise<void>;
}

/** Gets each command line (without CRLF); answers with `connection.send`. */
export type FakeHandler = (line: string, connection: FakeConnection) => void;

export interface FakeTor {
  readonly port: number;
  /** Every command line received, in order, over all connections. */
  readonly lines: string[];
  readonly connections: FakeConnection[];
  /** Resolves once `count` lines have arrived. */
  waitForLines(count: number): Promise<void>;
  /** The first accepted connection, once there is one. */
  firstConnection(): Promise<FakeConnection>;
  close(): Promise<void>;
}

/** Starts a fake control port. */
export async function startFakeTor(handler: FakeHandler): Promise<FakeTor> {
  const lines: string[] = [];
  const connections: FakeConnection[] = [];
  const sockets = new Set<Socket>();
  let waiters: { count: number; resolve: () => void }[] = [];
  let connectionWaiters: ((connection: FakeConnection) => void)[] = [];
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const connection: FakeConnection = {
      socket,
      send: (bytes) => {
        if (!socket.destroyed) socket.write(bytes);
      },
      sendBytewise: async (bytes) => {
        for (const byte of Buffer.from(bytes, 'latin1')) {
          if (socket.destroyed) return;
          socket.write(Uint8Array.of(byte));
          await new Promise((resolve) => setImmediate(resolve));
        }
      },
    };
    connections.push(connection);
    for (const resolve of connectionWaiters) resolve(connection);
    connectionWaiters = [];
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (let end = buffer.indexOf('\r\n'); end !== -1; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        lines.push(line);
        waiters = waiters.filter((w) => (lines.length >= w.count ? (w.resolve(), false) : true));
        handler(line, connection);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    port: address.port,
    lines,
    connections,
    firstConnection: () =>
      connections[0] !== undefined
        ? Promise.resolve(connections[0])
        : new Promise((resolve) => connectionWaiters.push(resolve)),
    waitForLines: (count) =>
      lines.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A handler that answers each line with the `received` bytes of the first unused exchange
 * whose `sent` equals it; lines without an exchange get no answer.
 */
export function replay(exchanges: readonly Exchange[]): FakeHandler {
  const unused = [...exchanges];
  return (line, connection) => {
    const index = unused.findIndex((exchange) => exchange.sent === line);
    if (index === -1) return;
    const [exchange] = unused.splice(index, 1);
    connection.send(Buffer.from(exchange!.received, 'latin1'));
  };
}
