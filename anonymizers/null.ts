import { columnName, defineAnonymizer } from './anonymizer.js';

/** NULL for every value. (`null` is a reserved word, hence the export's name.) */
export const nullAnonymizer = defineAnonymizer({
  name: 'null',
  description:
    'NULL for every value. Refused on NOT NULL columns, and on unique ones like every rule that can map two values to one (NULLs would not ' +
    'collide under a plain UNIQUE constraint, but NULLS NOT DISTINCT and joins on the column would break).',
  wholeValue: true,
  unique: false,
  mask: () => null,
  check: (column) => (column.notNull ? `${columnName(column)} is NOT NULL; the null rule would empty it (use constant, or a rule that writes values)` : undefined),
});
