// A TCP proxy between a desk and the service that a test can cut and restore:
// the network outage of a desk, independent of whether the service runs. It
// counts the bytes and connections that pass (what a desk costs on the wire).
import { createServer, connect, type Server, type Socket } from 'node:net';

export class LinkProxy {
  private sockets = new Set<Socket>();
  private cut = false;
  /** Bytes from the service to the desk, from the desk to the service, and connections opened, since start or resetCounts(). */
  bytesDown = 0;
  bytesUp = 0;
  connections = 0;
  private constructor(private readonly server: Server, readonly port: number) {}

  static async start(targetPort: number): Promise<LinkProxy> {
    let proxy: LinkProxy | null = null;
    const server = createServer((client) => {
      if (!proxy || proxy.cut) {
        client.destroy();
        return;
      }
      const upstream = connect(targetPort, '127.0.0.1');
      const counts = proxy;
      counts.connections++;
      client.on('data', (b: Buffer) => (counts.bytesUp += b.length));
      upstream.on('data', (b: Buffer) => (counts.bytesDown += b.length));
      for (const s of [client, upstream]) {
        proxy.sockets.add(s);
        s.on('close', () => proxy?.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const addr = server.address();
    proxy = new LinkProxy(server, typeof addr === 'object' && addr ? addr.port : 0);
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  resetCounts(): void {
    this.bytesDown = 0;
    this.bytesUp = 0;
    this.connections = 0;
  }

  /** Drop every open connection and refuse new ones. */
  down(): void {
    this.cut = true;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  up(): void {
    this.cut = false;
  }

  async close(): Promise<void> {
    this.down();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
