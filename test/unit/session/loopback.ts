// Connected TCP socket pairs on 127.0.0.1 for session tests: the same net.Socket type the Tor
// transport hands out, with real kernel buffering and backpressure.
import { createServer, connect, type Socket } from 'node:net';

/** A connected [dialer, listener] socket pair; destroy both when done. */
export async function socketPair(): Promise<[Socket, Socket]> {
  const server = createServer();
  try {
    const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    const dialer = connect(address.port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      dialer.once('connect', resolve);
      dialer.once('error', reject);
    });
    return [dialer, await accepted];
  } finally {
    server.close();
  }
}
