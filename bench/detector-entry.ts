// The detector exactly as the content script runs it, bundled on its own so the bench can call it
// in a loop inside a real page (bench/detect-timing.mjs).
export { candidateDetector, detectEpisode } from '../utils/detect';
