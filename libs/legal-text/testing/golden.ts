/**
 * Golden files: a test's output compared with the file it was accepted as. `UPDATE_GOLDEN=1` writes the
 * current output instead (read the diff before committing it).
 */
// eslint-disable-next-line no-restricted-imports -- test-only: golden files are the specs' fixtures.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Compares with (or, under UPDATE_GOLDEN=1, writes) the golden files of `dir`. */
export function goldenFiles(dir: string): (name: string, actual: string) => void {
  const update = process.env['UPDATE_GOLDEN'] === '1';
  return (name, actual) => {
    const file = join(dir, name);
    if (update) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, actual, 'utf8');
      return;
    }
    if (!existsSync(file)) throw new Error(`${name} がありません。UPDATE_GOLDEN=1 で作成してください`);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  };
}
