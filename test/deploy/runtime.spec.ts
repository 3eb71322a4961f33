import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The supported runtime: Node.js 24 (22 while it is maintained). Node 20 is past its end of life and
 * better-sqlite3 13 does not run on it, so npm must refuse to install there rather than crash later.
 */
const root = join(__dirname, '..', '..');
const read = (file: string): string => readFileSync(join(root, file), 'utf8');

describe('the supported runtime', () => {
  it('runs this suite on Node.js 22 or 24 and later', () => {
    const major = Number(process.versions.node.split('.')[0]);
    expect(major === 22 || major >= 24).toBe(true);
  });

  it('declares Node 22.12+ or 24+ and has npm refuse any other at install (engine-strict)', () => {
    const pkg = JSON.parse(read('package.json')) as { engines?: { node?: string } };
    expect(pkg.engines?.node).toBe('>=22.12 <23 || >=24');
    expect(read('.npmrc').split('\n')).toContain('engine-strict=true');
  });

  it('uses better-sqlite3 13, the line that loads on Node 24.19 and later', () => {
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['better-sqlite3']).toMatch(/^\^13\./);
    const installed = JSON.parse(read('node_modules/better-sqlite3/package.json')) as { version: string };
    expect(installed.version).toMatch(/^13\./);
  });
});
