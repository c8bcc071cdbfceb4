import { createServer, type Socket } from 'node:net';

/** A loopback TCP endpoint that accepts connections and never answers (a hung AWS or Slack endpoint). */
export interface StalledEndpoint {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Connections accepted so far (one per SDK attempt once a timed-out socket is dropped). */
  connections(): number;
  close(): Promise<void>;
}

/** Starts a {@link StalledEndpoint} on an ephemeral port. */
export async function startStalledEndpoint(): Promise<StalledEndpoint> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    // Read and discard whatever arrives; never write a byte back.
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('stalled endpoint has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    connections: () => accepted,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
