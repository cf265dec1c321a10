import { describe, expect, it } from 'vitest';
import { episodeAsMarkdown, formatDuration, formatPublished, formatRelative } from '@/utils/format';

describe('formatDuration', () => {
  it.each([
    [0, '0:00:00'],
    [59, '0:00:59'],
    [2938, '0:48:58'],
    [4203, '1:10:03'],
    [36_000, '10:00:00'],
  ])('%i s → %s', (seconds, text) => expect(formatDuration(seconds)).toBe(text));
});

describe('formatPublished', () => {
  it('keeps a day-only date on its day west of Greenwich', () => {
    expect(formatPublished('2025-07-10T00:00:00.000Z', 'en-US', 'America/Los_Angeles')).toBe('Jul 10, 2025');
  });
  it('shows a timed date in the reader’s zone and locale', () => {
    expect(formatPublished('2025-06-26T23:30:00+00:00', 'en-US', 'Asia/Tokyo')).toBe('Jun 27, 2025');
    expect(formatPublished('2025-06-26T10:30:00+00:00', 'de-DE', 'UTC')).toBe('26.06.2025');
  });
  it('gives nothing for a date it cannot read', () => expect(formatPublished('soon', 'en')).toBeUndefined());
});

describe('formatRelative', () => {
  it('speaks in the largest whole unit', () => {
    expect(formatRelative(0, 5 * 60_000, 'en')).toBe('5 minutes ago');
    expect(formatRelative(0, 26 * 3_600_000, 'en')).toBe('yesterday');
    expect(formatRelative(0, 10_000, 'en')).toBe('10 seconds ago');
  });
});

describe('episodeAsMarkdown', () => {
  it('links the title and escapes markup a page put in it', () => {
    const md = episodeAsMarkdown(
      {
        source: 'fireside',
        pageUrl: 'https://linuxunplugged.com/556',
        title: 'The [xz](javascript:alert(1)) *Backdoor*',
        showName: 'LINUX Unplugged',
        publishedAt: '2024-03-31T18:30:00-07:00',
        durationSeconds: 4203,
        audioUrl: 'https://aphid.fireside.fm/d/1437767933/a/b.mp3',
      },
      { locale: 'en-US', stenobirdUrl: 'https://stenobird.com/podcast/linux-unplugged/the-xz-backdoor' },
    );
    expect(md.split('\n')).toEqual([
      '[The \\[xz\\]\\(javascript:alert\\(1\\)\\) \\*Backdoor\\*](<https://linuxunplugged.com/556>)',
      expect.stringMatching(/^LINUX Unplugged · (Mar 31|Apr 1), 2024 · 1:10:03$/),
      'Audio: <https://aphid.fireside.fm/d/1437767933/a/b.mp3>',
      'Stenobird: <https://stenobird.com/podcast/linux-unplugged/the-xz-backdoor>',
    ]);
  });
});
