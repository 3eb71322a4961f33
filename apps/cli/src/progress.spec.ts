import { Progress } from './progress';

describe('Progress: counts and rates of long CLI work, at most one line per interval', () => {
  const make = (total?: number) => {
    let now = 0;
    const lines: string[] = [];
    const progress = new Progress({
      label: 'verify',
      unit: 'events',
      write: (text) => lines.push(text),
      now: () => now,
      ...(total === undefined ? {} : { total }),
    });
    return { progress, lines, at: (ms: number) => (now = ms) };
  };

  it('prints nothing for work shorter than the interval, not even a summary', () => {
    const { progress, lines, at } = make(100);
    for (let i = 0; i < 100; i++) {
      at(i * 5);
      progress.advance();
    }
    progress.finish();
    expect(lines).toEqual([]);
  });

  it('prints at most once a second with count, percentage and rate, then a summary', () => {
    const { progress, lines, at } = make(10_000);
    for (let i = 1; i <= 10_000; i++) {
      at(i / 4); // 4,000 events per second
      progress.advance();
    }
    progress.finish();
    expect(lines).toEqual([
      'verify: 4,000 of 10,000 events (40%), 4,000 events/s\n',
      'verify: 8,000 of 10,000 events (80%), 4,000 events/s\n',
      'verify: 10,000 events in 2.5 s (4,000 events/s)\n',
    ]);
  });

  it('shows bytes in MiB, and a total learned on the way', () => {
    let now = 0;
    const lines: string[] = [];
    const progress = new Progress({
      label: 'restore: copying',
      unit: 'bytes',
      write: (text) => lines.push(text),
      now: () => now,
    });
    now = 1000;
    progress.update(3 * 1024 * 1024);
    now = 2000;
    progress.update(6 * 1024 * 1024, 12 * 1024 * 1024);
    now = 2500;
    progress.update(12 * 1024 * 1024);
    progress.finish();
    expect(lines).toEqual([
      'restore: copying: 3.0 MiB, 3.0 MiB/s\n',
      'restore: copying: 6.0 of 12.0 MiB (50%), 3.0 MiB/s\n',
      'restore: copying: 12.0 MiB in 2.5 s (4.8 MiB/s)\n',
    ]);
  });
});
