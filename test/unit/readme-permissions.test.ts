import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '@/wxt.config';

/**
 * README.md's "Permissions" table has one line for every permission and host permission either
 * build asks for (required or optional), and none for one neither asks for: it cannot go stale
 * when the manifest changes.
 */

type Manifest = { permissions: string[]; host_permissions?: string[]; optional_permissions?: string[]; optional_host_permissions?: string[] };
const manifestFor = (browser: 'chrome' | 'firefox', manifestVersion: 2 | 3) =>
  (config.manifest as (env: object) => Manifest)({ browser, manifestVersion, mode: 'production', command: 'build' });

function asked(manifest: Manifest): string[] {
  return [...manifest.permissions, ...(manifest.host_permissions ?? []), ...(manifest.optional_permissions ?? []), ...(manifest.optional_host_permissions ?? [])];
}

/** Every backticked name in the first column of the table under "## Permissions". */
function tabled(): string[] {
  const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
  const section = readme.split(/^## Permissions$/m)[1]!.split(/^## /m)[0]!;
  const rows = section.split('\n').filter((line) => line.startsWith('| ') && !/^\|\s*Permission\s*\|/.test(line));
  return rows.flatMap((row) => [...row.split('|')[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
}

describe('the README’s permissions table', () => {
  it('lists exactly what the Chrome and Firefox builds ask for, one line each', () => {
    const wanted = new Set([...asked(manifestFor('chrome', 3)), ...asked(manifestFor('firefox', 2))]);
    expect(wanted.size).toBeGreaterThan(8);
    expect(tabled()).toHaveLength(new Set(tabled()).size);
    expect([...tabled()].sort()).toEqual([...wanted].sort());
  });
});
