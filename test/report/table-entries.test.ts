import { describe, expect, it } from 'vitest';
import type { TableDelta } from '../../src/diff/diff-tables.js';
import { tableEntries } from '../../src/report/table-entries.js';

const delta = (table: string, deleted: number, partitionOf?: string): TableDelta => ({
  table,
  ...(partitionOf ? { partitionOf } : {}),
  rowsBefore: 100,
  rowsAfter: 100 - deleted,
  inserted: 0,
  updated: 0,
  deleted,
  created: false,
  dropped: false,
});

const production = new Map([
  ['public.events_2024', 1000],
  ['public.events_2025', 3000],
  ['public.users', 50],
]);
const parents = new Map([
  ['public.events_2024', 'public.events'],
  ['public.events_2025', 'public.events'],
]);

describe('tableEntries', () => {
  it('adds partitions up into their parent, each scaled to its own production rows', () => {
    const entries = tableEntries([delta('public.events_2024', 10, 'public.events'), delta('public.events_2025', 20, 'public.events')], [], new Set(['public.events']), production, parents);
    expect(entries.map((e) => [e.name, e.deleted, e.productionRows, e.estimatedProductionAffected, e.collateral, e.partitionOf])).toEqual([
      ['public.events', 30, 4000, 700, false, null],
      ['public.events_2024', 10, 1000, 100, false, 'public.events'],
      ['public.events_2025', 20, 3000, 600, false, 'public.events'],
    ]);
  });

  it('does not mark the parent as collateral when the statement named the partition it changed', () => {
    const entries = tableEntries([delta('public.events_2024', 10, 'public.events'), delta('public.events_2025', 0, 'public.events')], [], new Set(['public.events_2024']), production, parents);
    expect(entries.map((e) => [e.name, e.collateral])).toEqual([
      ['public.events', false],
      ['public.events_2024', false],
    ]);
  });

  it('marks the parent as collateral when a trigger changed a partition nobody named', () => {
    const entries = tableEntries([delta('public.users', 1), delta('public.events_2025', 5, 'public.events')], [], new Set(['public.users']), production, parents);
    expect(entries.map((e) => [e.name, e.collateral])).toEqual([
      ['public.events', true],
      ['public.events_2025', true],
      ['public.users', false],
    ]);
  });

  it('lists a table whose definition changed even when no row did', () => {
    const entries = tableEntries([delta('public.users', 0)], [{ change: 'alter', objectType: 'table', name: 'public.users', detail: 'column note text added' }], new Set(), production, new Map());
    expect(entries).toMatchObject([{ name: 'public.users', deleted: 0, collateral: false }]);
  });
});
