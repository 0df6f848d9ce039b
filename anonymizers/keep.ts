import { defineAnonymizer } from './anonymizer.js';

/** The value as it is. Columns that look like personal data must say `keep` explicitly in the config. */
export const keep = defineAnonymizer({
  name: 'keep',
  description: 'The value unchanged: for columns that only look personal (a product code that matches a phone pattern). Unique (the identity).',
  wholeValue: true,
  unique: true,
  mask: (value) => value,
});
