import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A server on the user's own machine that the extension must never reach: plain HTTP on
 * 127.0.0.1, started by the test itself, recording every request that gets there. Its one
 * resource answers 200 to anything (a 1×1 PNG for `*.png`), so a request that reached it would
 * succeed rather than fail quietly.
 */
export interface LoopbackTrap {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /** Paths requested so far. */
  hits: string[];
  close(): Promise<void>;
}

const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

export async function startLoopbackTrap(): Promise<LoopbackTrap> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '/');
    const png = /\.png(\?|$)/.test(req.url ?? '');
    res.writeHead(200, { 'content-type': png ? 'image/png' : 'text/html', 'access-control-allow-origin': '*', 'cache-control': 'no-store' });
    res.end(png ? PIXEL : '<!doctype html><title>trap</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
