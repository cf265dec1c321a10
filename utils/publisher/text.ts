import { formatDuration } from '../format';
import type { Segment } from './parse';

/**
 * A publisher's transcript as one text, for copy and for the `.txt` / `.md` files: a paragraph a
 * segment, each opening with its time and speaker where the file gave them
 * ("[0:01:02] Adam Curry: …"), so the text read elsewhere still says who spoke when.
 */
export function segmentLabel(segment: Pick<Segment, 'start' | 'speaker'>): string {
  const time = segment.start !== undefined ? `[${formatDuration(segment.start)}]` : '';
  const speaker = segment.speaker ? `${segment.speaker}:` : '';
  return [time, speaker].filter(Boolean).join(' ');
}

export function segmentsText(segments: readonly Segment[]): string {
  return segments.map((segment) => [segmentLabel(segment), segment.text].filter(Boolean).join(' ')).join('\n\n');
}
