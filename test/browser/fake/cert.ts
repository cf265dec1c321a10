import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throw-away self-signed certificate for the fake server, made with openssl at test time so
 * no key is ever committed. Chromium is started with --ignore-certificate-errors, which also
 * covers the extension service worker's fetches.
 */
export function makeCertificate(hosts: string[]): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'stenobird-cert-'));
  const san = [...new Set(['stenobird.com', '*.fireside.fm', 'localhost', ...hosts])]
    .map((h) => `DNS:${h}`)
    .concat('IP:127.0.0.1')
    .join(',');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=stenobird-fake',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-addext', `subjectAltName=${san}`,
  ], { stdio: 'ignore' });
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}
