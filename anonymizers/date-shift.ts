import { columnName, defineAnonymizer, keyedRandom, MaskError } from './anonymizer.js';
import { isDateTimeBase, typeShape } from './support/column-type.js';

const DEFAULT_MAX_DAYS = 30;
const isoDate = /^(\d{4,})-(\d{2})-(\d{2})(.*)$/;

/**
 * Dates and timestamps shifted by a whole number of days, the same number for every date of one entity.
 *
 * How the caller supplies the entity: the rule's config may name an `entity` column (e.g. `{ rule: 'date-shift', entity:
 * 'user_id' }`); for each row the caller puts the text of that column's real value (as COPY prints it, before any masking)
 * in `ctx.options.entityKey`. Without `entity`, the caller puts the row's primary key there (its columns' texts joined by
 * '\0'), so that every date of one row moves together and created_at stays before updated_at. Only when no `entityKey`
 * comes at all is the value itself the key, and each date moves on its own.
 *
 * @example dateShift.mask('2024-02-29 13:45:00+01', { ...ctx, options: { entityKey: '42' } }) // '2024-03-17 13:45:00+01'
 */
export const dateShift = defineAnonymizer({
  name: 'date-shift',
  description:
    'date, timestamp and timestamptz values (ISO DateStyle, BC and infinity included) moved by a whole number of days between -maxDays and +maxDays ' +
    '(option maxDays, default 30; never 0), time of day and UTC offset kept. The shift is keyed by ctx.options.entityKey: the value of the column ' +
    "named by the `entity` option, else the row's primary key, as the caller supplies it; so every date of one entity moves alike in every table " +
    'and every run. Not unique.',
  unique: false,
  mask(value, ctx) {
    if (value === 'infinity' || value === '-infinity') return value;
    const parts = isoDate.exec(value);
    const month = Number(parts?.[2]);
    const day = Number(parts?.[3]);
    if (!parts || month < 1 || month > 12 || day < 1 || day > 31) throw new MaskError('date-shift', ctx.column, 'a value is not an ISO date or timestamp (DateStyle ISO expected)');
    let rest = parts[4]!;
    const bc = rest.endsWith(' BC');
    if (bc) rest = rest.slice(0, -3);
    const year = bc ? 1 - Number(parts[1]) : Number(parts[1]);
    const [y, m, d] = civilFromDays(daysFromCivil(year, month, day) + shiftFor(ctx.key, ctx.options, value));
    const yearText = String(y <= 0 ? 1 - y : y).padStart(4, '0');
    return `${yearText}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}${rest}${y <= 0 ? ' BC' : ''}`;
  },
  check(column, options) {
    const shape = typeShape(column.type);
    if (!isDateTimeBase(shape.base) && !shape.textLike) return `${columnName(column)} is ${column.type}; the date-shift rule needs date, timestamp or timestamptz`;
    const maxDays = options['maxDays'];
    if (maxDays !== undefined && !(Number.isInteger(maxDays) && (maxDays as number) >= 1 && (maxDays as number) <= 36500)) {
      return `${columnName(column)}: date-shift option maxDays must be a whole number of days from 1 to 36500`;
    }
    if (options['entity'] !== undefined && (typeof options['entity'] !== 'string' || options['entity'] === '')) {
      return `${columnName(column)}: date-shift option entity must name a column`;
    }
    return undefined;
  },
});

// The dates of one row come one after the other with the same entity key: one hash for all of them.
let lastKey: Buffer | undefined;
let lastEntity: string | undefined;
let lastMaxDays = 0;
let lastShift = 0;

function shiftFor(key: Buffer, options: Record<string, unknown>, value: string): number {
  const maxDays = (options['maxDays'] as number | undefined) ?? DEFAULT_MAX_DAYS;
  const raw = options['entityKey'];
  const entity = raw === undefined || raw === null ? `\0value\0${value}` : String(raw);
  if (key === lastKey && entity === lastEntity && maxDays === lastMaxDays) return lastShift;
  const random = keyedRandom(key, 'date-shift', entity);
  const days = 1 + random.int(maxDays);
  lastKey = key;
  lastEntity = entity;
  lastMaxDays = maxDays;
  lastShift = random.int(2) === 0 ? -days : days;
  return lastShift;
}

// Days since 1970-01-01 in the proleptic Gregorian calendar, PostgreSQL's calendar (H. Hinnant, "chrono-compatible
// low-level date algorithms"); exact for any year, where Date.UTC maps years 0–99 to 1900–1999.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}
