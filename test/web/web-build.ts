/**
 * The web application's build for the tests that serve it: dist/web, as `npm run build` makes it
 * (CI builds before it tests). When that build is missing or older than the web sources, or the
 * document library it bundles, it is built here first.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const WEB_BUILD = join(ROOT, 'dist', 'web');

/** The newest modification time of the files under `path` that go into the bundle (tests do not). */
function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return /\.spec\.tsx?$/.test(path) ? 0 : stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

function isFresh(): boolean {
  const index = join(WEB_BUILD, 'index.html');
  const sources = ['apps/web/src', 'apps/web/index.html', 'apps/web/vite.config.mts', 'libs/legal-text/src'];
  const newest = Math.max(...sources.map((s) => newestChange(join(ROOT, s))));
  return existsSync(index) && statSync(index).mtimeMs >= newest;
}

/**
 * Builds dist/web unless a build newer than every web source (and the document library it bundles)
 * exists. A lock folder keeps two test files from building into the same folder at once.
 */
export async function ensureWebBuild(): Promise<void> {
  const lock = join(ROOT, 'dist', '.web-build.lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  for (let waited = 0; ; waited += 200) {
    if (isFresh()) return;
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 120_000)
        throw new Error(`${lock} has been held for two minutes; remove it if no build runs`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    if (isFresh()) return;
    console.log('building the web application for the test (dist/web is missing or older than its sources)');
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
        'build',
        '--config',
        'apps/web/vite.config.mts',
        '--logLevel',
        'warn',
      ],
      // Jest sets NODE_ENV=test, which would make Vite bundle React's development build.
      { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
    );
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
