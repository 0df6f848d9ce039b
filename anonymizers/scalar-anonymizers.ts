import type { Anonymizer } from './anonymizer.js';
import { cardNumber } from './card-number.js';
import { city } from './city.js';
import { constant } from './constant.js';
import { dateShift } from './date-shift.js';
import { email } from './email.js';
import { firstName } from './first-name.js';
import { freeText } from './free-text.js';
import { fullName } from './full-name.js';
import { ip } from './ip.js';
import { keep } from './keep.js';
import { lastName } from './last-name.js';
import { nullAnonymizer } from './null.js';
import { numericNoise } from './numeric-noise.js';
import { phone } from './phone.js';
import { street } from './street.js';
import { token } from './token.js';
import { uuid } from './uuid.js';
import { zip } from './zip.js';

/**
 * The anonymizers of single values, by name: every built-in one but json-path, which applies these inside documents
 * (and lives in index.ts's registry, importing this list rather than the registry, so no module imports in a circle).
 */
export const scalarAnonymizers = {
  email,
  'first-name': firstName,
  'last-name': lastName,
  'full-name': fullName,
  phone,
  street,
  city,
  zip,
  ip,
  uuid,
  'card-number': cardNumber,
  token,
  'free-text': freeText,
  'date-shift': dateShift,
  'numeric-noise': numericNoise,
  keep,
  null: nullAnonymizer,
  constant,
} as const satisfies Record<string, Anonymizer>;

export type ScalarAnonymizerName = keyof typeof scalarAnonymizers;
