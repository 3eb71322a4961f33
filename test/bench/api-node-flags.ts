import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The flags `npm start` gives node for the API (package.json's start script, the one place they are
 * written; the Dockerfile's CMD repeats them and test/deploy checks it does): the benchmarks run the
 * API as users run it.
 */
export function apiNodeFlags(): string[] {
  // The benchmarks run from dist/test/bench; package.json is at the repository's root.
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const start = pkg.scripts.start ?? '';
  const match = /^node((?:\s+--\S+)*)\s+dist\/apps\/api\/src\/main\.js$/.exec(start);
  if (match === null)
    throw new Error(`package.json's start script is not "node [flags] dist/apps/api/src/main.js": ${start}`);
  return (match[1] ?? '').split(/\s+/).filter((flag) => flag !== '');
}
