import { AddressInfo, connect, createServer, NetConnectOpts, Server, Socket } from 'node:net';

/**
 * A TCP proxy in front of a database that a test can break the way networks break:
 * - `blackhole()`: every open connection stops carrying bytes in both directions without a
 *   reset (a NAT or firewall that forgot the flow, a peer that lost power), and new connections
 *   are accepted and then never answered;
 * - `refuse()`: nothing listens on the port any more (the database is down);
 * - `heal()`: new connections reach the database again (the blackholed ones stay dead, as a
 *   half-open TCP connection does).
 */
export interface BreakableProxy {
  /** the database URL through the proxy */
  url: string;
  blackhole(): void;
  refuse(): Promise<void>;
  heal(): Promise<void>;
  stop(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket | null;
  dead: boolean;
}

function targetOf(databaseUrl: string): NetConnectOpts {
  const u = new URL(databaseUrl);
  const socketDir = u.searchParams.get('host');
  const port = Number(u.port || 5432);
  if (socketDir?.startsWith('/')) return { path: `${socketDir}/.s.PGSQL.${port}` };
  return { host: u.hostname, port };
}

export async function startBreakableProxy(databaseUrl: string): Promise<BreakableProxy> {
  const target = targetOf(databaseUrl);
  const pairs = new Set<Pair>();
  let mode: 'pass' | 'blackhole' = 'pass';

  const onConnection = (client: Socket) => {
    const pair: Pair = { client, upstream: null, dead: mode === 'blackhole' };
    pairs.add(pair);
    client.on('error', () => undefined);
    client.on('close', () => {
      pairs.delete(pair);
      pair.upstream?.destroy();
    });
    if (pair.dead) {
      client.resume(); // read and drop whatever the client sends
      return;
    }
    const upstream = connect(target);
    pair.upstream = upstream;
    upstream.on('error', () => undefined);
    upstream.on('close', () => {
      if (!pair.dead) client.destroy();
    });
    client.on('data', (d) => {
      if (!pair.dead) upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (!pair.dead) client.write(d);
    });
  };

  let server: Server = createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const url = new URL(databaseUrl);
  url.searchParams.delete('host');
  url.hostname = '127.0.0.1';
  url.port = String(port);

  const closeServer = () => new Promise<void>((resolve) => server.close(() => resolve()));
  const destroyAll = () => {
    for (const p of pairs) {
      p.dead = true;
      p.client.destroy();
      p.upstream?.destroy();
    }
    pairs.clear();
  };

  return {
    url: url.toString(),
    blackhole() {
      mode = 'blackhole';
      for (const p of pairs) p.dead = true;
    },
    async refuse() {
      const closed = closeServer();
      destroyAll();
      await closed;
    },
    async heal() {
      mode = 'pass';
      if (!server.listening) {
        server = createServer(onConnection);
        await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      }
    },
    async stop() {
      const closed = server.listening ? closeServer() : Promise.resolve();
      destroyAll();
      await closed;
    },
  };
}
