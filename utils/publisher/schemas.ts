import * as z from 'zod/mini';
import { count, httpUrl, lazySchema, nonEmptyText, text } from '../schema-helpers';
import { MAX_SEGMENTS } from './parse';

/**
 * The publisher's transcript as it crosses a boundary (a message, storage), checked with zod
 * there: the transcript offered for a page, the feed items kept for a day, a parsed transcript.
 */

export const feedTranscriptSchema = lazySchema(() =>
  z.object({ url: httpUrl, type: z.optional(text(200)), language: z.optional(text(200)), rel: z.optional(text(200)) }),
);

export const feedItemSchema = lazySchema(() =>
  z.object({ link: z.optional(httpUrl), enclosure: z.optional(httpUrl), guid: z.optional(text(4096)), transcripts: z.array(feedTranscriptSchema) }),
);

/** A feed's items that list transcripts, kept a day (`store.ts`). */
export const cachedFeedSchema = lazySchema(() => z.object({ fetchedAt: z.number(), items: z.array(feedItemSchema) }));

/** The episode facts the transcript view shows above the text and writes into its files. */
export const publisherMetaSchema = lazySchema(() =>
  z.object({
    title: nonEmptyText(10_000),
    showName: z.optional(text(2_000)),
    publishedAt: z.optional(text(100)),
    durationSeconds: z.optional(count(1_000_000)),
    artworkUrl: z.optional(httpUrl),
    pageUrl: httpUrl,
    audioUrl: z.optional(httpUrl),
  }),
);

/** What the background approved for the view of a page: that episode's publisher transcript. */
export const publisherOfferSchema = lazySchema(() => z.object({ meta: publisherMetaSchema, transcript: feedTranscriptSchema }));
export type PublisherOffer = z.output<typeof publisherOfferSchema>;

/** The answer to `publisher-transcript`: the transcript the page's episode has, if any. */
export const publisherFoundSchema = lazySchema(() => z.object({ pageUrl: z.optional(httpUrl), transcript: z.optional(feedTranscriptSchema) }));

/** The answer to `open-publisher-transcript`: the view may open, or why not. */
export const publisherOpenSchema = lazySchema(() =>
  z.discriminatedUnion('ok', [z.object({ ok: z.literal(true) }), z.object({ ok: z.literal(false), message: text(2_000), movedOn: z.optional(z.literal(true)) })]),
);

const segmentSchema = lazySchema(() =>
  z.object({ speaker: z.optional(text(200)), start: z.optional(z.number().check(z.nonnegative())), text: z.string() }),
);

/** The answer to `read-publisher-transcript`: the text to show, or a sentence saying why there is none. */
export const publisherReadSchema = lazySchema(() =>
  z.discriminatedUnion('ok', [
    z.object({
      ok: z.literal(true),
      meta: publisherMetaSchema,
      sourceUrl: httpUrl,
      transcript: z.object({ format: z.enum(['json', 'vtt', 'srt', 'html', 'text']), segments: z.array(segmentSchema).check(z.maxLength(MAX_SEGMENTS)) }),
    }),
    z.object({ ok: z.literal(false), message: text(2_000), meta: z.optional(publisherMetaSchema) }),
  ]),
);
export type PublisherRead = z.output<typeof publisherReadSchema>;
