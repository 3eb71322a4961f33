/**
 * Decided against settled per municipality, as horizontal bars. Each bar carries its amount as
 * text, so nothing depends on telling the colours apart; the same figures are in the table under it.
 */
import { formatYen, largestOf, shareOf } from '../lib/bar-scale';

export interface BarRow {
  label: string;
  decided: string;
  settled: string | null;
}

const WIDTH = 800;
const LABEL = 170;
const AREA = 450;
const BAR = 16;
const ROW = 2 * BAR + 18;

export function DecidedSettledChart({
  rows,
  title,
  legend,
}: {
  rows: readonly BarRow[];
  title: string;
  legend: { decided: string; settled: string; notSettled: string };
}) {
  const largest = largestOf(rows.flatMap((r) => [r.decided, r.settled]));
  const height = rows.length * ROW + 30;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={title} className="bar-chart">
        <g className="legend" transform="translate(0, 12)">
          <rect x={LABEL} y={-10} width={12} height={12} className="bar-decided" />
          <text x={LABEL + 18} y={0}>
            {legend.decided}
          </text>
          <rect x={LABEL + 140} y={-10} width={12} height={12} className="bar-settled" />
          <text x={LABEL + 158} y={0}>
            {legend.settled}
          </text>
        </g>
        {rows.map((row, index) => {
          const y = 30 + index * ROW;
          const decided = Math.max(1, shareOf(row.decided, largest) * AREA);
          const settled = row.settled === null ? 0 : Math.max(1, shareOf(row.settled, largest) * AREA);
          return (
            <g key={row.label} transform={`translate(0, ${y})`}>
              <text x={LABEL - 8} y={BAR + 4} textAnchor="end" className="bar-label">
                {row.label}
              </text>
              <rect x={LABEL} y={0} width={decided} height={BAR} className="bar-decided" />
              <text x={LABEL + decided + 6} y={BAR - 3} className="bar-amount">
                {legend.decided} {formatYen(row.decided)}
              </text>
              {row.settled === null ? (
                <text x={LABEL + 6} y={2 * BAR + 1} className="bar-amount bar-missing">
                  {legend.notSettled}
                </text>
              ) : (
                <>
                  <rect x={LABEL} y={BAR + 2} width={settled} height={BAR} className="bar-settled" />
                  <text x={LABEL + settled + 6} y={2 * BAR - 1} className="bar-amount">
                    {legend.settled} {formatYen(row.settled)}
                  </text>
                </>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}
