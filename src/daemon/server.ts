/**
 * Serves a {@link NodeApi} over the daemon's JSON-lines Unix socket (protocol in ./protocol.ts).
 * The socket lives inside the profile directory (mode 0700) and is itself made mode 0600, so
 * only the profile's owner can talk to the node.
 */
import { prepareSocketDir } from './socket-path.js';
import { jsonSafe } from '../text/json-safe.js';
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { NodeApi } from '../node/api.js';
import { logger } from '../log.js';
import { BurrowError, BurrowFailure } from '../errors.js';
import { readJsonLines } from './json-lines.js';
import {
  decodeRequest,
  errorBody,
  MAX_REQUEST_LINE_BYTES,
  requestIdOf,
  type Request,
  type Response,
} from './protocol.js';

const log = logger('daemon');

/** Most requests one client may have in flight; more are refused rather than queued without bound. */
export const MAX_INFLIGHT_REQUESTS = 64;

/** 'DaemonAlreadyRunningError': another daemon answers on the profile's socket. */
export function daemonAlreadyRunning(socketPath: string): BurrowFailure {
  return new BurrowFailure(
    'DaemonAlreadyRunningError',
    `a Burrow daemon is already serving this profile (${socketPath}). Stop it first, or use \`burrow ctl\` to talk to it.`,
    {
      action: 'tell-user',
    },
  );
}

export interface DaemonServer {
  readonly socketPath: string;
  close(): Promise<void>;
}

/** Starts serving `api` on `socketPath`; refuses if another daemon answers there, removes a stale socket file otherwise. */
export async function serveNodeApi(api: NodeApi, socketPath: string): Promise<DaemonServer> {
  prepareSocketDir(socketPath);
  if (existsSync(socketPath)) {
    if (await socketAnswers(socketPath)) throw daemonAlreadyRunning(socketPath);
    unlinkSync(socketPath);
  }
  const clients = new Set<Socket>();
  const server = createServer((socket) => {
    clients.add(socket);
    socket.on('close', () => clients.delete(socket));
    serveClient(api, socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // umask keeps the socket private from the first instant; chmod makes it explicit.
    const previous = process.umask(0o177);
    server.listen(socketPath, () => {
      process.umask(previous);
      server.off('error', reject);
      resolve();
    });
  });
  chmodSync(socketPath, 0o600);
  return {
    socketPath,
    close: () => closeServer(server, clients, socketPath),
  };
}

function serveClient(api: NodeApi, socket: Socket): void {
  let inflight = 0;
  const unsubscribers: (() => void)[] = [];
  const write = (response: Response): void => {
    if (!socket.destroyed) socket.write(jsonSafe(response) + '\n');
  };
  socket.on('close', () => unsubscribers.forEach((unsubscribe) => unsubscribe()));
  socket.on('error', () => socket.destroy());
  readJsonLines(
    socket,
    MAX_REQUEST_LINE_BYTES,
    (line) => {
      let request: Request;
      try {
        request = decodeRequest(line);
      } catch (error) {
        write({ id: requestIdOf(line), error: errorBody(error) });
        return;
      }
      if (request.kind === 'subscribe') {
        unsubscribers.push(api.subscribe((event) => write({ event })));
        write({ id: request.id, result: { subscribed: true } });
        return;
      }
      if (inflight >= MAX_INFLIGHT_REQUESTS) {
        write({
          id: request.id,
          error: {
            name: 'BusyError',
            message: `more than ${MAX_INFLIGHT_REQUESTS} requests in flight; wait for replies`,
          },
        });
        return;
      }
      inflight++;
      request
        .call(api)
        .then(
          (result) => write({ id: request.id, result: result ?? null }),
          (error: unknown) => {
            if (!(error instanceof BurrowError))
              log.error('request failed', {
                method: request.method,
                error: error instanceof Error ? error : String(error),
              });
            write({ id: request.id, error: errorBody(error) });
          },
        )
        .finally(() => inflight--);
    },
    (error) => {
      write({ id: 0, error: errorBody(error) });
      socket.end();
    },
  );
}

function socketAnswers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createConnection(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

async function closeServer(server: Server, clients: Set<Socket>, socketPath: string): Promise<void> {
  for (const client of clients) client.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  try {
    unlinkSync(socketPath);
  } catch {
    // already gone
  }
}
