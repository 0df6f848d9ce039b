import type { ComparedColumn, ComparedTable, Expectation } from './compare-profiles.js';
import type { ColumnEquivalence, Deviation, Equivalence, TableEquivalence } from './equivalence-schema.js';

/**
 * How far a measure may stray before it counts as off: those of issue 4's bar for synthetic data (null fraction
 * within ±0.02, distinct count within ±10%, row counts within ±1%), and a tenth of the most-common-value mass.
 */
export const tolerance = { rows: 0.01, nullFraction: 0.02, distinct: 0.1, mcvOverlap: 0.9 } as const;

const worstShown = 5;

/**
 * Scores the comparison. Each measure becomes a score in 0..1, 1 meaning "as production":
 * - rows: min(ratio, 1/ratio), so ×0.5 and ×2 both give 0.5; left out when a subset was asked for (its size is chosen);
 * - null fraction: 1 − |sandbox − production|;
 * - distinct: min(ratio, 1/ratio);
 * - most-common values: the overlap itself.
 * A column's score is the mean of its measures that could be taken; a table's is the mean of its rows score and the
 * mean of its columns' scores; the summary score is the mean over tables, so every table weighs the same however
 * many columns it has (a wide table does not drown a narrow one, and a row-count miss counts as much as all of a
 * table's columns together). What could not be measured is left out, not counted as a match or a miss; with nothing
 * to compare the score is 1.
 * @example scoreEquivalence(compareProfiles(production, sandbox, expectation), expectation).summary.score // 0.97
 */
export function scoreEquivalence(compared: readonly ComparedTable[], expectation: Expectation): Equivalence {
  const deviations: Deviation[] = [];
  let columnsOff = 0;
  let columnCount = 0;
  const tableScores: number[] = [];
  const tables: TableEquivalence[] = compared.map((t) => {
    const rowsScore = expectation.subset ? null : t.ratio === null ? 0 : ratioScore(t.ratio);
    if (rowsScore !== null && (t.ratio === null || Math.abs(t.ratio - 1) > tolerance.rows)) {
      deviations.push({ table: t.table, column: null, metric: 'rows', value: roundOrNull(t.ratio), score: round(rowsScore) });
    }
    const scored: number[] = [];
    const columns: ColumnEquivalence[] = t.columns.map((c) => {
      const off = offMeasures(t.table, c);
      deviations.push(...off);
      if (off.length > 0) columnsOff++;
      const score = mean(columnScores(c));
      if (score !== null) scored.push(score);
      return {
        column: c.column,
        nullFractionDelta: roundOrNull(c.nullFractionDelta),
        distinctRatio: roundOrNull(c.distinctRatio),
        mcvOverlap: roundOrNull(c.mcvOverlap),
        ...(c.masked ? { masked: true as const } : {}),
        score: roundOrNull(score),
      };
    });
    columnCount += scored.length;
    const score = mean([rowsScore, mean(scored)].filter((s): s is number => s !== null));
    if (score !== null) tableScores.push(score);
    return { table: t.table, expectedRows: t.expectedRows, rows: t.rows, ratio: roundOrNull(t.ratio), score: roundOrNull(score), columns };
  });
  const expected = compared.reduce((n, t) => n + t.expectedRows, 0);
  const rows = compared.reduce((n, t) => n + t.rows, 0);
  return {
    mode: expectation.mode,
    scale: expectation.scale,
    subset: expectation.subset,
    tables,
    summary: {
      score: round(mean(tableScores) ?? 1),
      tables: tables.length,
      columns: columnCount,
      rowsRatio: expected > 0 ? round(rows / expected) : rows === 0 ? 1 : null,
      columnsOff,
      worst: deviations
        .sort((a, b) => a.score - b.score || a.table.localeCompare(b.table) || (a.column ?? '').localeCompare(b.column ?? ''))
        .slice(0, worstShown),
    },
  };
}

function columnScores(c: ComparedColumn): number[] {
  const scores: number[] = [];
  if (c.nullFractionDelta !== null) scores.push(Math.max(0, 1 - Math.abs(c.nullFractionDelta)));
  if (c.distinctRatio !== null) scores.push(ratioScore(c.distinctRatio));
  if (c.mcvOverlap !== null) scores.push(c.mcvOverlap);
  return scores;
}

/** Some measure of the column is off its tolerance. */
export function isColumnOff(c: Pick<ComparedColumn, 'nullFractionDelta' | 'distinctRatio' | 'mcvOverlap'>): boolean {
  return offMeasures('', { column: '', ...c }).length > 0;
}

function offMeasures(table: string, c: ComparedColumn): Deviation[] {
  const off: Deviation[] = [];
  const at = { table, column: c.column };
  if (c.nullFractionDelta !== null && Math.abs(c.nullFractionDelta) > tolerance.nullFraction) {
    off.push({ ...at, metric: 'nullFraction', value: round(c.nullFractionDelta), score: round(Math.max(0, 1 - Math.abs(c.nullFractionDelta))) });
  }
  if (c.distinctRatio !== null && Math.abs(c.distinctRatio - 1) > tolerance.distinct) {
    off.push({ ...at, metric: 'distinct', value: round(c.distinctRatio), score: round(ratioScore(c.distinctRatio)) });
  }
  if (c.mcvOverlap !== null && c.mcvOverlap < tolerance.mcvOverlap) off.push({ ...at, metric: 'mcv', value: round(c.mcvOverlap), score: round(c.mcvOverlap) });
  return off;
}

/** ×r and ×1/r are as far off: min(r, 1/r); 0 for nothing where something was expected. */
const ratioScore = (ratio: number) => (ratio <= 0 ? 0 : Math.min(ratio, 1 / ratio));

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

// four decimals: float4 statistics read back as 0.99999994 are a match, and report.json stays readable
const round = (n: number) => (Number.isFinite(n) ? Math.round(n * 1e4) / 1e4 : n);
const roundOrNull = (n: number | null) => (n === null ? null : round(n));
