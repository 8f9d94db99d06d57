import { connect, createServer, type Server, type Socket } from 'node:net';

interface ByteCounts {
  /** Client → server: request lines, headers and bodies, as they crossed the socket. */
  up: number;
  /** Server → client. */
  down: number;
  connections: number;
}

export interface CountingProxy {
  url: string;
  port: number;
  counts(): ByteCounts;
  reset(): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy on loopback that counts every byte in both directions (headers and bodies, after any
 * compression: what a metered mobile link would bill). It sits between a client and a server that
 * runs in another process, so neither needs changing, and treats Tidemark and the peer alike.
 */
export async function startCountingProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<CountingProxy> {
  let up = 0;
  let down = 0;
  let connections = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    connections++;
    const upstream = connect(targetPort, targetHost);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    sockets.add(client);
    sockets.add(upstream);
    client.on('data', (chunk: Buffer) => {
      up += chunk.length;
      if (!upstream.write(chunk)) client.pause();
    });
    upstream.on('drain', () => client.resume());
    upstream.on('data', (chunk: Buffer) => {
      down += chunk.length;
      if (!client.write(chunk)) upstream.pause();
    });
    client.on('drain', () => upstream.resume());
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    counts: () => ({ up, down, connections }),
    reset: () => {
      up = 0;
      down = 0;
      connections = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
