/**
 * Builds the web application into dist/web, which apps/api serves under /app/. Vite transforms
 * TSX itself with Oxc (automatic JSX runtime), so no framework plugin is needed; there is no dev
 * server workflow to support beyond `vite build`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/app/',
  // The pure document library is bundled from source: no Node API, no framework.
  resolve: { alias: { '@kyoyaku/legal-text': here('../../libs/legal-text/src/index.ts') } },
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: here('../../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    // Chromium, Firefox and Safari all support <link rel="modulepreload">.
    modulePreload: { polyfill: false },
  },
});
