import { useState } from "react";
import { HrLessons, ItemStatistics as ItemStatisticsQuery } from "../../graphql/documents";
import type { ItemFlag, ItemStatisticsQuery as Result } from "../../graphql/types";
import { useQuery } from "../../lib/hooks";
import { apiLocale, useI18n, type Message } from "../../lib/i18n";
import { Page } from "../../components/ui/Page";
import { Loading } from "../../components/ui/Loading";
import { HrSections } from "./HrSections";
import { HrError } from "./HrError";
import { sortItems, type Sort, type SortKey } from "./item-sorting";
import { messages } from "./messages";

type Row = Result["itemStatistics"][number];
// In words, as the schema's ItemFlag descriptions define them (thresholds in progress/item_analysis.py).
const FLAGS: Record<ItemFlag, { short: Message; long: Message }> = {
  TOO_EASY: { short: messages.flagShortTOO_EASY, long: messages.flagTOO_EASY },
  TOO_HARD: { short: messages.flagShortTOO_HARD, long: messages.flagTOO_HARD },
  LOW_DISCRIMINATION: { short: messages.flagShortLOW_DISCRIMINATION, long: messages.flagLOW_DISCRIMINATION },
  UNUSED_DISTRACTOR: { short: messages.flagShortUNUSED_DISTRACTOR, long: messages.flagUNUSED_DISTRACTOR },
  MISLEADING: { short: messages.flagShortMISLEADING, long: messages.flagMISLEADING },
};
const COLUMNS: { key: SortKey; label: Message; numeric: boolean }[] = [
  { key: "order", label: messages.colQuestion, numeric: false },
  { key: "answers", label: messages.colAnswers, numeric: true },
  { key: "difficulty", label: messages.colDifficulty, numeric: true },
  { key: "discrimination", label: messages.colDiscrimination, numeric: true },
  { key: "flags", label: messages.colFlags, numeric: false },
];

/** Item analysis of one lesson: how hard each question was, how well it tells learners apart, and what to look at. */
export function ItemStatistics() {
  const { t, locale, number } = useI18n();
  const lessons = useQuery(HrLessons, { locale: apiLocale(locale) });
  const [lessonId, setLessonId] = useState("");
  const stats = useQuery(ItemStatisticsQuery, { lessonId, locale: apiLocale(locale) }, { skip: !lessonId });
  const [sort, setSort] = useState<Sort>({ key: "order", descending: false });

  const rows = sortItems(stats.data?.itemStatistics ?? [], sort);
  const percent = (value: number | null) => (value === null ? null : number(value, { style: "percent", maximumFractionDigits: 0 }));
  const decimal = (value: number | null) => (value === null ? null : number(value, { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
  const missing = <span aria-label={t(messages.noDataLabel)}>{t(messages.noData)}</span>;
  const flags = (row: Row) => (row.flags === null ? <span className="hr-badge">{t(messages.tooFew)}</span> : row.flags.length ? (
    <ul className="hr-flags" aria-label={t(messages.colFlags)}>
      {row.flags.map((flag) => <li key={flag} className="hr-badge hr-badge-warn" title={t(FLAGS[flag].long)}>{t(FLAGS[flag].short)}</li>)}
    </ul>
  ) : <span className="hr-badge hr-badge-ok">{t(messages.noFlags)}</span>);
  const anyTooFew = rows.some((row) => row.flags === null);
  const toggle = (key: SortKey) => setSort((previous) => ({ key, descending: previous.key === key ? !previous.descending : key !== "order" }));

  return (
    <Page title={t(messages.itemsTitle)}>
      <HrSections />
      <p>{t(messages.itemsIntro)}</p>
      <HrError error={lessons.error} onRetry={() => void lessons.refetch()} />
      <div className="hr-filters">
        <div className="field">
          <label htmlFor="hr-items-lesson">{t(messages.lesson)}</label>
          <select id="hr-items-lesson" value={lessonId} onChange={(event) => setLessonId(event.target.value)}>
            <option value="">{t(messages.pickLesson)}</option>
            {lessons.data?.lessons.items.map((lesson) => <option key={lesson.id} value={lesson.id}>{lesson.title}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="hr-items-sort">{t(messages.sortBy)}</label>
          <select id="hr-items-sort" value={`${sort.key}:${sort.descending ? "d" : "a"}`}
            onChange={(event) => { const [key, dir] = event.target.value.split(":"); setSort({ key: key as SortKey, descending: dir === "d" }); }}>
            {COLUMNS.flatMap((column) => (column.key === "order"
              ? [<option key="order" value="order:a">{t(messages.sortOrder)}</option>]
              : (["a", "d"] as const).map((dir) => (
                <option key={`${column.key}:${dir}`} value={`${column.key}:${dir}`}>
                  {t(column.label)}, {dir === "a" ? t(messages.sortAscending) : t(messages.sortDescending)}
                </option>
              ))))}
          </select>
        </div>
      </div>
      <HrError error={stats.error} onRetry={() => void stats.refetch()} />
      {lessonId && stats.loading && !stats.data && <Loading />}
      {stats.data && rows.length === 0 && <p>{t(messages.noItems)}</p>}
      {stats.data && rows.length > 0 && (
        <>
          {anyTooFew && <p className="hr-note">{t(messages.tooFewNote)}</p>}
          <ul className="hr-cards hr-phone-only" aria-label={t(messages.itemsTitle)}>
            {rows.map((row) => (
              <li key={row.item.id}>
                <p><strong>{row.item.question}</strong></p>
                <dl className="hr-dl">
                  <dt>{t(messages.colAnswers)}</dt><dd>{number(row.answers)}</dd>
                  <dt>{t(messages.colDifficulty)}</dt><dd>{percent(row.difficulty) ?? missing}</dd>
                  <dt>{t(messages.colDiscrimination)}</dt><dd>{decimal(row.discrimination) ?? missing}</dd>
                  <dt>{t(messages.colConfidence)}</dt><dd>{percent(row.meanConfidence) ?? missing}</dd>
                </dl>
                {flags(row)}
              </li>
            ))}
          </ul>
          <table className="hr-table">
            <caption className="visually-hidden">{t(messages.itemsTitle)}</caption>
            <thead>
              <tr>
                {COLUMNS.map((column) => {
                  const active = sort.key === column.key;
                  return (
                    <th key={column.key} scope="col" className={column.numeric ? "hr-num" : undefined}
                      aria-sort={active ? (sort.descending ? "descending" : "ascending") : "none"}>
                      <button type="button" onClick={() => toggle(column.key)}>
                        {t(column.label)}{active ? (sort.descending ? " ▼" : " ▲") : ""}
                      </button>
                    </th>
                  );
                })}
                <th scope="col" className="hr-num">{t(messages.colConfidence)}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.item.id}>
                  <td>{row.item.question}</td>
                  <td className="hr-num">{number(row.answers)}</td>
                  <td className="hr-num">{percent(row.difficulty) ?? missing}</td>
                  <td className="hr-num">{decimal(row.discrimination) ?? missing}</td>
                  <td>{flags(row)}</td>
                  <td className="hr-num">{percent(row.meanConfidence) ?? missing}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <section aria-labelledby="hr-items-legend">
        <h2 id="hr-items-legend">{t(messages.flagsLegend)}</h2>
        <dl className="hr-legend">
          {(Object.keys(FLAGS) as ItemFlag[]).map((flag) => (
            <div key={flag}><dt>{t(FLAGS[flag].short)}</dt><dd>{t(FLAGS[flag].long)}</dd></div>
          ))}
          <div><dt>{t(messages.colDifficulty)}</dt><dd>{t(messages.legendDifficulty)}</dd></div>
          <div><dt>{t(messages.colDiscrimination)}</dt><dd>{t(messages.legendDiscrimination)}</dd></div>
        </dl>
      </section>
    </Page>
  );
}
