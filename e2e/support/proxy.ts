// A TCP proxy between the browser and the server, to cut connections the way a network drop
// does (Chromium's offline emulation leaves loopback connections alone).
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface NetworkProxy {
  url: string;
  /** Destroys every open connection (streams in flight break mid-way). */
  dropAll(): void;
  /** While down, new connections are closed at once. */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

export async function startProxy(target: string): Promise<NetworkProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let down = false;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };

  const server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(port), hostname);
    track(client);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: proxyPort } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${proxyPort}`,
    dropAll() {
      for (const socket of sockets) socket.destroy();
    },
    setDown(value) {
      down = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
