import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ask, NoAnswer, tell } from '@/utils/ask';
import { pageAnswerSchemas } from '@/utils/messages';

const root = resolve(import.meta.dirname, '../..');

/** The extension's own source files (what ships), not the tests. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.ts$/.test(name) ? [path] : [];
  });
}

describe('the page protocol', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.restoreAllMocks();
  });

  it('gives a page the background’s answer when it is the protocol’s', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue({ ok: true } as never);
    await expect(ask({ type: 'clear-ended-requests' })).resolves.toEqual({ ok: true });
  });

  it('says the answer was unreadable when it is not the protocol’s, and unreachable when there is none', async () => {
    const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue({ ok: 'yes' } as never);
    await expect(ask({ type: 'clear-ended-requests' })).rejects.toMatchObject({ reason: 'unreadable' });
    send.mockRestore();
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(new Error('Could not establish connection. Receiving end does not exist.'));
    const error = await ask({ type: 'clear-ended-requests' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoAnswer);
    expect(error).toMatchObject({ reason: 'unreachable' });
    // Telling needs no answer, and a missing background is not an error a page must handle.
    expect(() => tell({ type: 'clear-ended-requests' })).not.toThrow();
  });

  it('has no message that no page sends: each is sent from an extension page or a module they use', () => {
    const shipped = [...sources(join(root, 'entrypoints')), ...sources(join(root, 'components')), ...sources(join(root, 'utils'))].filter(
      // The router handles messages and the map declares them: neither counts as a sender.
      (path) => !/entrypoints\/background\//.test(relative(root, path)) && !/utils\/messages\.ts$/.test(path),
    );
    const text = shipped.map((path) => readFileSync(path, 'utf8')).join('\n');
    const types = Object.keys(pageAnswerSchemas);
    expect(types.length).toBeGreaterThan(5);
    const unsent = types.filter((type) => !text.includes(`type: '${type}'`));
    expect(unsent).toEqual([]);
  });
});
