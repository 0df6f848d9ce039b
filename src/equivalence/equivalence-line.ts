import type { Deviation, Equivalence } from './equivalence-schema.js';

/**
 * The one line the terminal report and `sandbox up` print.
 * @example equivalenceLine(eq) // 'equivalence: score 0.97 · rows ×1.00 · 3 columns off (worst: public.film.length distinct ×0.81)'
 */
export function equivalenceLine(equivalence: Equivalence): string {
  const { summary } = equivalence;
  const rows = summary.rowsRatio === null ? 'rows where none were expected' : `rows ×${summary.rowsRatio.toFixed(2)}`;
  // the ratio is to the rows expected: production's × scale, or production's for a subset, which is smaller by design
  const basis = equivalence.subset ? ' (subset)' : equivalence.scale !== 1 ? ` (scale ${equivalence.scale})` : '';
  const parts = [`score ${summary.score.toFixed(2)}`, `${rows}${basis}`, `${summary.columnsOff} column${summary.columnsOff === 1 ? '' : 's'} off`];
  const worst = summary.worst[0];
  return `equivalence: ${parts.join(' · ')}${worst ? ` (worst: ${describeDeviation(worst)})` : ''}`;
}

/** `public.film.length distinct ×0.81`, `public.film rows ×0.50`, `public.users.bio nulls +0.05`, `public.film.rating common values 0.62` */
export function describeDeviation(d: Deviation): string {
  const at = d.column === null ? d.table : `${d.table}.${d.column}`;
  switch (d.metric) {
    case 'rows':
      return `${at} rows ${d.value === null ? 'where none were expected' : `×${d.value.toFixed(2)}`}`;
    case 'distinct':
      return `${at} distinct ×${(d.value ?? 0).toFixed(2)}`;
    case 'nullFraction':
      return `${at} nulls ${(d.value ?? 0) >= 0 ? '+' : ''}${(d.value ?? 0).toFixed(2)}`;
    case 'mcv':
      return `${at} common values ${(d.value ?? 0).toFixed(2)}`;
  }
}
