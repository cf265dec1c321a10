import { resolve } from 'node:path';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '../..');

/**
 * The detector exactly as the content script runs it (bench/detector-entry.ts), bundled into one
 * script that defines `globalThis.StenobirdDetect`, so the bench can call it inside a real page.
 */
export async function bundleDetector(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    root,
    build: {
      write: false,
      minify: true,
      lib: { entry: resolve(root, 'bench/detector-entry.ts'), formats: ['iife'], name: 'StenobirdDetect' },
    },
  });
  const result = Array.isArray(output) ? output[0]! : output;
  return (result as { output: Array<{ code: string }> }).output[0]!.code;
}
