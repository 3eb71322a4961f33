/**
 * Progress of long command-line work (rebuild, verify, backup, restore, migrate): counts and rates
 * on stderr, at most one line per interval, so a million-event run prints a line a second rather
 * than a million lines. Work that ends within the first interval prints nothing at all; work that
 * printed progress ends with a summary line. Lines, not carriage returns: they read the same in a
 * terminal, in a log file and under systemd.
 */
export interface ProgressOptions {
  /** What is being done, e.g. `verify` or `backup: copying ledger.sqlite`. */
  label: string;
  /** What is counted: `events`, `pages`, or `bytes` (shown in MiB). */
  unit: string;
  /** The total, when known: the line then shows a percentage. */
  total?: number;
  /** Where lines go (the CLI passes stderr). */
  write: (text: string) => void;
  /** Least time between two lines (default 1000 ms). */
  intervalMs?: number;
  /** Milliseconds clock (injected by tests). */
  now?: () => number;
}

const MIB = 1024 * 1024;

/** A count in the unit's words: bytes in MiB, anything else as a whole number. */
function amount(value: number, unit: string): string {
  return unit === 'bytes' ? (value / MIB).toFixed(1) : Math.round(value).toLocaleString('en-US');
}

function unitName(unit: string): string {
  return unit === 'bytes' ? 'MiB' : unit;
}

export class Progress {
  private done = 0;
  private total: number | undefined;
  private readonly started: number;
  private lastShown: number;
  private shown = false;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? Date.now;
    this.intervalMs = options.intervalMs ?? 1000;
    this.total = options.total;
    this.started = this.now();
    this.lastShown = this.started;
  }

  /** Adds `count` to what is done (and maybe prints a line). */
  advance(count = 1): void {
    this.update(this.done + count);
  }

  /** Sets what is done so far, and the total if it became known or changed (and maybe prints a line). */
  update(done: number, total?: number): void {
    this.done = done;
    if (total !== undefined) this.total = total;
    const now = this.now();
    if (now - this.lastShown < this.intervalMs) return;
    this.lastShown = now;
    this.shown = true;
    const { unit } = this.options;
    const rate = this.done / Math.max((now - this.started) / 1000, 0.001);
    const shown =
      this.total === undefined || this.total <= 0
        ? `${amount(this.done, unit)} ${unitName(unit)}`
        : `${amount(this.done, unit)} of ${amount(this.total, unit)} ${unitName(unit)} ` +
          `(${Math.min(100, Math.floor((100 * this.done) / this.total))}%)`;
    this.options.write(`${this.options.label}: ${shown}, ${amount(rate, unit)} ${unitName(unit)}/s\n`);
  }

  /** Ends the work: a summary line if progress was shown. */
  finish(): void {
    if (!this.shown) return;
    const { unit } = this.options;
    const seconds = Math.max((this.now() - this.started) / 1000, 0.001);
    this.options.write(
      `${this.options.label}: ${amount(this.done, unit)} ${unitName(unit)} in ${seconds.toFixed(1)} s ` +
        `(${amount(this.done / seconds, unit)} ${unitName(unit)}/s)\n`,
    );
  }
}

/** A factory of progress lines for one command, writing where the command's caller said. */
export type ProgressFactory = (label: string, unit: string, total?: number) => Progress;

export function progressTo(write: (text: string) => void, intervalMs?: number): ProgressFactory {
  return (label, unit, total) =>
    new Progress({
      label,
      unit,
      write,
      ...(total === undefined ? {} : { total }),
      ...(intervalMs === undefined ? {} : { intervalMs }),
    });
}
