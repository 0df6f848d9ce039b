import { columnName, defineAnonymizer, MaskError } from './anonymizer.js';
import { typeShape } from './support/column-type.js';

/** @example constant.mask('Jane Doe', { ...ctx, options: { value: 'redacted' } }) // 'redacted' */
export const constant = defineAnonymizer({
  name: 'constant',
  description: 'The text of option value (a string, as COPY would print it: "0", "t", "2000-01-01", "{}") for every value. Not unique.',
  wholeValue: true,
  unique: false,
  mask(_value, ctx) {
    const value = ctx.options['value'];
    if (typeof value !== 'string') throw new MaskError('constant', ctx.column, 'option value must be a string');
    return value;
  },
  check(column, options) {
    const value = options['value'];
    if (typeof value !== 'string') return `${columnName(column)}: the constant rule needs option value, a string (use the null rule for NULL)`;
    const limit = typeShape(column.type).maxLength;
    if (limit !== undefined && value.length > limit) return `${columnName(column)} is ${column.type}: the constant is ${value.length} characters long`;
    return undefined;
  },
});
