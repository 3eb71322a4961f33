/**
 * The 新旧対照表 on screen, from the table the API computes: titled with the parties as printed, two
 * columns (変更後・変更前 in the chosen order) each named by its version's date of change and 施行日,
 * one row per provision, each line indented as printed, and every changed part underlined (傍線)
 * with <u> — the convention of 新旧対照表, which also prints as such.
 */
import type { ComparisonTable as Table } from '@kyoyaku/legal-text';
import { useI18n } from '../i18n/i18n';
import { withWareki } from '../lib/dates';

export function ComparisonTable({
  table,
  labels,
  title,
  caption,
}: {
  table: Table;
  /** Per side: the version label and its 施行日, or the heading the API prints for it. */
  labels: Record<'new' | 'old', { label: string; effectiveFrom: string; heading?: string }>;
  /** The title as printed (the parties named); the table's 題名 when absent. */
  title?: string;
  /** The whole caption as the API titles it (「…連携協約\u3000新旧対照表（案）」), instead of title + 新旧対照表. */
  caption?: string;
}) {
  const { t } = useI18n();
  return (
    // Focusable, so that a keyboard can scroll a table wider than its column (WCAG 2.1.1).
    <div className="comparison-scroll" tabIndex={0}>
      <table className="comparison" lang="ja">
        <caption>
          {caption ?? (
            <>
              {title ?? table.documentTitle}
              {'\u3000'}
              {t('comparison.tableTitle')}
            </>
          )}
          <span className="comparison-note">{t('comparison.underlineNote')}</span>
        </caption>
        <colgroup>
          <col className="comparison-col" />
          <col className="comparison-col" />
        </colgroup>
        <thead>
          <tr>
            {table.columns.map((column) => (
              <th scope="col" key={column.side} className={`comparison-${column.side}`}>
                {column.label}
                <span className="comparison-version">
                  {labels[column.side].heading ?? (
                    <>
                      {labels[column.side].label}（{t('comparison.effectiveFrom')}{' '}
                      {withWareki(labels[column.side].effectiveFrom)}）
                    </>
                  )}
                </span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row.key} className={`comparison-row comparison-${row.status}`} data-key={row.key}>
              {row.cells.map((cell) => (
                <td key={cell.side}>
                  {cell.lines.map((line, index) => (
                    <p
                      key={index}
                      className={`comparison-line ${line.hanging === false ? 'first-indent' : 'indent'}-${Math.min(line.indent, 12)}`}
                    >
                      {line.runs.map((run, runIndex) =>
                        run.underline ? (
                          <u key={runIndex} className={run.blank === true ? 'blank' : undefined}>
                            {run.text}
                          </u>
                        ) : (
                          <span key={runIndex}>{run.text}</span>
                        ),
                      )}
                    </p>
                  ))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
