/**
 * Free TCP ports on 127.0.0.1, chosen by the kernel. The network's ports must be known before
 * launch (every torrc lists every authority's ports), so tor cannot pick them itself.
 */
import { createServer, type Server } from 'node:net';
import { LOOPBACK } from './torrc.js';

/**
 * Returns `count` distinct ports that were free a moment ago: all are held open together (so the
 * kernel never hands out one twice), then released for tor to bind.
 */
export async function allocateFreePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      ports.push(await listenOnFreePort(server));
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }
}

function listenOnFreePort(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: LOOPBACK, port: 0, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('server.address() is not an IP address'));
      else resolve(address.port);
    });
  });
}
