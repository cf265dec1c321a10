import { describe, expect, it } from 'vitest';
import { transcriptFileName, transcriptMarkdown, transcriptPlainText, type TranscriptMeta } from '@/utils/transcript-export';

/** A downloaded transcript says what it is: the episode's facts as a header, then the text. */
const meta: TranscriptMeta = {
  title: 'Rustler: Bridging Elixir and Rust with Sonny Scroggin',
  showName: 'Elixir Wizards',
  publishedAt: '2025-06-26T23:30:00-07:00',
  durationSeconds: 2938,
  pageUrl: 'https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust',
  audioUrl: 'https://aphid.fireside.fm/d/1437767933/817d0e9a.mp3',
  preview: false,
};

describe('transcript files', () => {
  it('.md: title heading, then show, the publisher’s date, duration, page and audio, then the text', () => {
    expect(transcriptMarkdown(meta, 'Hello and welcome.\n')).toBe(
      [
        '# Rustler: Bridging Elixir and Rust with Sonny Scroggin',
        '',
        '- **Show:** Elixir Wizards',
        '- **Published:** 2025-06-26',
        '- **Duration:** 0:48:58',
        '- **Page:** <https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust>',
        '- **Audio:** <https://aphid.fireside.fm/d/1437767933/817d0e9a.mp3>',
        '- Transcribed by Stenobird',
        '',
        '---',
        '',
        'Hello and welcome.',
        '',
      ].join('\n'),
    );
  });

  it('.md: a hostile title cannot add links or markup; facts that are missing are left out; a preview says so', () => {
    const md = transcriptMarkdown({ title: '[click](https://evil.example) <b>*x*</b>\n# Not a heading', audioUrl: meta.audioUrl, preview: true }, 'Text');
    expect(md.split('\n').slice(0, 5)).toEqual([
      '# \\[click\\]\\(https://evil.example\\) \\<b\\>\\*x\\*\\</b\\> \\# Not a heading',
      '',
      '- **Audio:** <https://aphid.fireside.fm/d/1437767933/817d0e9a.mp3>',
      '- Transcribed by Stenobird (free 15-second preview)',
      '',
    ]);
  });

  it('.txt: the same facts as plain lines', () => {
    expect(transcriptPlainText(meta, 'Hello.')).toBe(
      'Rustler: Bridging Elixir and Rust with Sonny Scroggin\nShow: Elixir Wizards\nPublished: 2025-06-26\nDuration: 0:48:58\nPage: https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust\nAudio: https://aphid.fireside.fm/d/1437767933/817d0e9a.mp3\nTranscribed by Stenobird\n\nHello.\n',
    );
  });

  it('file names keep letters of any script and nothing a file system would mind', () => {
    expect(transcriptFileName(meta, 'md')).toBe('Rustler-Bridging-Elixir-and-Rust-with-Sonny-Scroggin.md');
    expect(transcriptFileName({ ...meta, title: '../../etc/passwd', preview: true }, 'txt')).toBe('etc-passwd-preview.txt');
    expect(transcriptFileName({ ...meta, title: 'تقنية عربي ٤٢' }, 'txt')).toBe('تقنية-عربي-٤٢.txt');
    expect(transcriptFileName({ ...meta, title: '???' }, 'md')).toBe('transcript.md');
  });

  it('a publisher’s transcript is credited to the show, with its file, and may have no audio address', () => {
    const publisher: TranscriptMeta = { title: meta.title, showName: meta.showName, pageUrl: meta.pageUrl, preview: false, publisherSource: 'https://media24.fireside.fm/file/t/transcript.txt' };
    const txt = transcriptPlainText(publisher, '[0:00:00] Chris: Hello.');
    expect(txt.split('\n')).toEqual([
      meta.title,
      'Show: Elixir Wizards',
      `Page: ${meta.pageUrl}`,
      'Transcript file: https://media24.fireside.fm/file/t/transcript.txt',
      'Transcript published by the show, not by Stenobird',
      '',
      '[0:00:00] Chris: Hello.',
      '',
    ]);
    expect(transcriptMarkdown(publisher, 'x')).toContain('- **Transcript file:** <https://media24.fireside.fm/file/t/transcript.txt>\n- Transcript published by the show, not by Stenobird\n');
    expect(txt).not.toContain('Transcribed by Stenobird');
  });
});
