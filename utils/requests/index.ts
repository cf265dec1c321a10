/**
 * What any context (pages, content-free modules) may import about a request: the record, its
 * keys and its repair. The pipeline's modules (`commit`, `follow-up`, …) are background-only and
 * imported by their own paths, so a page never bundles them.
 */
export * from './keys';
export * from './record';
export * from './repair';
