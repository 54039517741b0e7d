/**
 * A scripted SOCKS5 server (RFC 1928 + RFC 1929 username/password) standing in for tor's
 * SocksPort in unit tests: it records what each client asked for and answers each CONNECT with
 * the reply code the test chooses (tor's extended codes included), or never answers.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** What one client sent. */
export interface SocksRequestRecord {
  readonly methods: number[];
  readonly username?: string;
  readonly password?: string;
  readonly addressType: number;
  readonly host: string;
  readonly port: number;
}

/** A reply code, or 'silent' to never answer the CONNECT. */
export type ScriptedReply = number | 'silent';

export interface FakeSocksServer {
  readonly port: number;
  readonly requests: SocksRequestRecord[];
  close(): Promise<void>;
}

/**
 * Starts the server. `reply(attempt)` picks the answer to the n-th CONNECT (1-based). After a
 * success the server sends `greeting` in the same TCP write as the reply (as a peer that
 * talks first may cause), then echoes.
 */
export async function startFakeSocksServer(
  reply: (attempt: number) => ScriptedReply,
  greeting = Buffer.alloc(0),
): Promise<FakeSocksServer> {
  const requests: SocksRequestRecord[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    serve(socket, requests, reply, greeting);
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function serve(
  socket: Socket,
  requests: SocksRequestRecord[],
  reply: (attempt: number) => ScriptedReply,
  greeting: Buffer,
): void {
  let buffer = Buffer.alloc(0);
  let stage: 'greeting' | 'auth' | 'request' | 'open' = 'greeting';
  let methods: number[] = [];
  let credential: { username: string; password: string } | undefined;
  socket.on('data', (chunk: Buffer) => {
    if (stage === 'open') {
      socket.write(chunk);
      return;
    }
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (stage === 'greeting') {
        if (buffer.length < 2 || buffer.length < 2 + buffer[1]!) return;
        methods = [...buffer.subarray(2, 2 + buffer[1]!)];
        buffer = buffer.subarray(2 + buffer[1]!);
        const method = methods.includes(2) ? 2 : 0;
        socket.write(Buffer.from([5, method]));
        stage = method === 2 ? 'auth' : 'request';
      } else if (stage === 'auth') {
        if (buffer.length < 2) return;
        const userLength = buffer[1]!;
        if (buffer.length < 3 + userLength) return;
        const passwordLength = buffer[2 + userLength]!;
        if (buffer.length < 3 + userLength + passwordLength) return;
        credential = {
          username: buffer.subarray(2, 2 + userLength).toString(),
          password: buffer.subarray(3 + userLength, 3 + userLength + passwordLength).toString(),
        };
        buffer = buffer.subarray(3 + userLength + passwordLength);
        socket.write(Buffer.from([1, 0]));
        stage = 'request';
      } else if (stage === 'request') {
        if (buffer.length < 5) return;
        const addressType = buffer[3]!;
        const hostLength = addressType === 3 ? 1 + buffer[4]! : addressType === 1 ? 4 : 16;
        if (buffer.length < 4 + hostLength + 2) return;
        const host =
          addressType === 3
            ? buffer.subarray(5, 4 + hostLength).toString()
            : [...buffer.subarray(4, 4 + hostLength)].join('.');
        const port = buffer.readUInt16BE(4 + hostLength);
        buffer = buffer.subarray(4 + hostLength + 2);
        requests.push({ methods, ...credential, addressType, host, port });
        const answer = reply(requests.length);
        if (answer === 'silent') return;
        const response = Buffer.from([5, answer, 0, 1, 0, 0, 0, 0, 0, 0]);
        if (answer !== 0) {
          socket.end(response);
          return;
        }
        socket.write(Buffer.concat([response, greeting]));
        stage = 'open';
        if (buffer.length > 0) socket.write(buffer);
        return;
      } else {
        return;
      }
    }
  });
}
