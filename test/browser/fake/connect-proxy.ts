import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/**
 * Firefox has no `--host-resolver-rules`: it reaches the fake under the real host names through
 * this HTTP proxy on 127.0.0.1, which tunnels (`CONNECT host:443`) only the hosts the Chromium
 * leg maps (stenobird.com, *.fireside.fm, the test file's extra hosts) to the fake's port, and
 * refuses everything else, so no test touches the network. A plain-HTTP request is answered by
 * the proxy itself when a test serves that address (`plainPages`), and refused otherwise: the fake
 * serves HTTPS only.
 */
export class ConnectProxy {
  /** What was refused (`host:port`), so a test run can say what it tried to reach. */
  readonly refused: string[] = [];
  /** Pages at plain-http addresses (absolute URL → HTML), answered by the proxy. */
  readonly plainPages = new Map<string, string>();
  private server?: Server;
  private sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly targetPort: number,
    private readonly hosts: string[],
  ) {}

  /** `*.fireside.fm` matches every subdomain (not fireside.fm itself, as in Chromium's MAP rule). */
  allows(host: string, port: number): boolean {
    if (port !== 443) return false;
    return this.hosts.some((pattern) => (pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern));
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const page = this.plainPages.get(req.url ?? '');
      if (page !== undefined && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
        return;
      }
      this.refused.push(`${req.method} ${req.url}`);
      res.writeHead(403).end();
    });
    this.server.on('connect', (req, client: Socket) => {
      this.track(client);
      const [host = '', portText = ''] = (req.url ?? '').split(/:(?=\d+$)/);
      const port = Number(portText);
      if (!this.allows(host.toLowerCase(), port)) {
        this.refused.push(`${host}:${port}`);
        client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      const upstream = this.track(connect(this.targetPort, '127.0.0.1'));
      upstream.once('connect', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      upstream.on('error', close);
      client.on('error', close);
      upstream.on('close', close);
      client.on('close', close);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private track(socket: Socket): Socket {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    return socket;
  }
}
