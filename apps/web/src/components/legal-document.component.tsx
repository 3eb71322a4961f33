/**
 * The text in force laid out as a page of a 例規集: 題名 and, under it, the date and number of the
 * original's 告示; 前文, each 条 with its 見出し on the line above, the first 項 after the article
 * number and later 項 numbered 2, 3 …, 号 as (1) / 一 and their 細分 as ア / イ, hanging indents;
 * then 別表 (the 連携施策 as a table, grouped by 政策分野, headed with the article that cites it:
 * 別表（第3条関係）), other 別表, 附則, and each amendment's own 附則 with its date and 告示 (the same
 * form as the API's text: libs/legal-text consolidated-text.ts). Numbers are rendered from the
 * document's data in the chosen style.
 */
import {
  amendmentSupplementaryLines,
  type AgreementDocument,
  type Article,
  enactmentLine,
  type Enactments,
  type Item,
  MEASURE_CATEGORIES,
  measureCategoryLabel,
  measuresTableHeading,
  type Paragraph,
  renderArticleNumber,
  renderBranchedNumber,
  renderItemMark,
  renderParagraphMark,
  type RenderStyle,
} from '@kyoyaku/legal-text';

const SPACE = '\u3000';

function Items({ items, depth, style }: { items: readonly Item[]; depth: number; style: RenderStyle }) {
  return (
    <>
      {items.map((item) => (
        <div key={item.number} className="reiki-item-group">
          <p className={`reiki-item reiki-depth-${Math.min(depth, 4)}`}>
            <span className="reiki-num">{renderItemMark(item.number, depth, style)}</span>
            {SPACE}
            {item.text}
          </p>
          <Items items={item.subItems} depth={depth + 1} style={style} />
        </div>
      ))}
    </>
  );
}

function Paragraphs({
  paragraphs,
  firstMark,
  style,
}: {
  paragraphs: readonly Paragraph[];
  /** The article number before the first 項, or null to number every 項 (附則 with several). */
  firstMark: string | null;
  style: RenderStyle;
}) {
  return (
    <>
      {paragraphs.map((paragraph, index) => {
        const mark =
          index === 0 && firstMark !== null ? firstMark : renderParagraphMark(paragraph.number, style);
        return (
          <div key={paragraph.number} className="reiki-paragraph-group">
            <p
              className={
                index === 0 && firstMark === '' ? 'reiki-paragraph reiki-unnumbered' : 'reiki-paragraph'
              }
            >
              {mark === '' ? null : <span className="reiki-num">{mark}</span>}
              {SPACE}
              {paragraph.text}
            </p>
            <Items items={paragraph.items} depth={0} style={style} />
          </div>
        );
      })}
    </>
  );
}

function ArticleView({ article, style }: { article: Article; style: RenderStyle }) {
  const number = renderArticleNumber(article.number, style);
  const id = `article-${article.number}`;
  return (
    <section className="reiki-article" id={id} aria-labelledby={`${id}-label`}>
      {article.caption === '' || article.deleted ? null : (
        <p className="reiki-caption">（{article.caption}）</p>
      )}
      {article.deleted ? (
        <p className="reiki-paragraph">
          <span className="reiki-num" id={`${id}-label`}>
            {number}
          </span>
          {SPACE}削除
        </p>
      ) : (
        <>
          <span id={`${id}-label`} hidden>
            {number}
            {article.caption === '' ? '' : `（${article.caption}）`}
          </span>
          <Paragraphs paragraphs={article.paragraphs} firstMark={number} style={style} />
        </>
      )}
    </section>
  );
}

/**
 * 目次: a link per 条 to its anchor (#article-3, #article-3-2: the number as data, so the address is
 * the same in either numbering style and across versions), then 別表 and 附則.
 */
export function TableOfContents({
  document,
  style,
  label,
}: {
  document: AgreementDocument;
  style: RenderStyle;
  /** The navigation's name: 目次. */
  label: string;
}) {
  const hasMeasures = document.measures.length > 0;
  return (
    <nav className="toc no-print" aria-label={label}>
      <p className="toc-title" aria-hidden="true">
        {label}
      </p>
      <ol lang="ja">
        {document.articles.map((article) => (
          <li key={article.number}>
            <a href={`#article-${article.number}`}>
              {renderArticleNumber(article.number, style)}
              {article.deleted ? `${SPACE}削除` : article.caption === '' ? '' : `（${article.caption}）`}
            </a>
          </li>
        ))}
        {hasMeasures ? (
          <li>
            <a href="#appendix-measures">{measuresTableHeading(document, style)}</a>
          </li>
        ) : null}
        {document.supplementaryProvisions.paragraphs.length === 0 ? null : (
          <li>
            <a href="#supplementary-provisions">附{SPACE}則</a>
          </li>
        )}
      </ol>
    </nav>
  );
}

export function LegalDocument({
  document,
  style,
  enactments,
  headingLevel = 2,
}: {
  document: AgreementDocument;
  style: RenderStyle;
  /** The original's 告示 and each amendment's 附則 (the API's `enactments`), when known. */
  enactments?: Enactments | undefined;
  headingLevel?: 2 | 3;
}) {
  const Title = headingLevel === 2 ? 'h2' : 'h3';
  const Section = headingLevel === 2 ? 'h3' : 'h4';
  const measures = MEASURE_CATEGORIES.flatMap((category) =>
    document.measures.filter((m) => m.category === category),
  );
  const supplementary = document.supplementaryProvisions.paragraphs;
  return (
    <article className="reiki" lang="ja">
      <Title className="reiki-title">{document.title}</Title>
      {enactments === undefined ? null : (
        <p className="reiki-enactment">{enactmentLine(enactments, style)}</p>
      )}
      {document.preamble === '' ? null : (
        <div className="reiki-preamble">
          {document.preamble.split('\n').map((line, index) => (
            <p key={index}>
              {SPACE}
              {line}
            </p>
          ))}
        </div>
      )}
      {document.articles.map((article) => (
        <ArticleView key={article.number} article={article} style={style} />
      ))}
      {measures.length === 0 ? null : (
        <section className="reiki-appendix" aria-labelledby="appendix-measures">
          <Section id="appendix-measures" className="reiki-appendix-title">
            {measuresTableHeading(document, style)}
          </Section>
          <table className="reiki-table">
            <thead>
              <tr>
                <th scope="col">番号</th>
                <th scope="col">施策名</th>
                <th scope="col">取組内容</th>
                <th scope="col">役割分担（甲）</th>
                <th scope="col">役割分担（乙）</th>
              </tr>
            </thead>
            {MEASURE_CATEGORIES.map((category) => {
              const rows = measures.filter((m) => m.category === category);
              if (rows.length === 0) return null;
              return (
                <tbody key={category}>
                  <tr className="reiki-category">
                    <th scope="colgroup" colSpan={5}>
                      {measureCategoryLabel(category)}
                    </th>
                  </tr>
                  {rows.map((measure) => (
                    <tr key={measure.id} id={`measure-${measure.id}`}>
                      <td className="reiki-num">
                        {renderItemMark(String(measures.indexOf(measure) + 1), 0, style)}
                      </td>
                      <th scope="row">{measure.name}</th>
                      <td>{measure.content}</td>
                      <td>{measure.roles.core}</td>
                      <td>{measure.roles.partner}</td>
                    </tr>
                  ))}
                </tbody>
              );
            })}
          </table>
        </section>
      )}
      {document.appendices.map((table) => {
        const label = `別表${table.number === '' ? '' : `第${renderBranchedNumber(table.number, style)}`}`;
        const id = `appendix-${table.number === '' ? 'single' : table.number}`;
        return (
          <section key={id} className="reiki-appendix" aria-labelledby={id}>
            <Section id={id} className="reiki-appendix-title">
              {label}
              {table.title === '' ? '' : `${SPACE}${table.title}`}
            </Section>
            <table className="reiki-table">
              <thead>
                <tr>
                  {table.columns.map((column, index) => (
                    <th key={index} scope="col">
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row) => (
                  <tr key={row.id}>
                    {row.cells.map((cell, index) => (
                      <td key={index}>{cell}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
      {supplementary.length === 0 ? null : (
        <section className="reiki-supplementary" aria-labelledby="supplementary-provisions">
          <Section id="supplementary-provisions" className="reiki-supplementary-title">
            附{SPACE}則
          </Section>
          {/* A single 附則 paragraph carries no number; several are numbered from 1. */}
          <Paragraphs
            paragraphs={supplementary}
            firstMark={supplementary.length > 1 ? null : ''}
            style={style}
          />
        </section>
      )}
      {enactments?.amendments.map((amendment, index) => {
        const [heading, sentence] = amendmentSupplementaryLines(amendment, style);
        const id = `supplementary-provisions-${index + 1}`;
        return (
          <section key={id} className="reiki-supplementary" aria-labelledby={id}>
            <Section id={id} className="reiki-supplementary-title">
              {heading}
            </Section>
            <p className="reiki-paragraph reiki-unnumbered">{sentence}</p>
          </section>
        );
      })}
    </article>
  );
}
