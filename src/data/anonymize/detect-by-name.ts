import type { PiiClass, PiiPart } from './pii-column.js';

/** What a column's values are, as far as detection cares (arrays count as their elements). */
export type ValueKind = 'string' | 'number' | 'date' | 'network' | 'json' | 'uuid' | 'bytes' | 'words' | 'other';

export interface NameHit {
  class: Exclude<PiiClass, 'json'>;
  part?: PiiPart;
  confidence: number;
  /** The words of the name that matched, for the reason; empty when the whole name did */
  matched: string;
}

interface NameRule {
  class: NameHit['class'];
  part?: PiiPart;
  /** Over the normalised name (snake_case, lower case), anchored at the end: the noun comes last (`billing_email`, not `email_verified`) */
  pattern: RegExp;
  confidence: number;
  kinds: readonly ValueKind[];
}

const text = ['string'] as const;
const textOrNumber = ['string', 'number'] as const;

// first match wins: the specific before the generic (`ip_address` and `email_address` before `address`)
const rules: readonly NameRule[] = [
  // addresses that locate a machine or a contract, not a person
  { class: 'none', pattern: /(^|_)(mac|wallet|contract|web|memory|base|hardware|bluetooth|server|host|node|return|callback|redirect)_?addr(ess)?$/, confidence: 0.9, kinds: ['string', 'network', 'number'] },
  { class: 'email', pattern: /(^|_)e_?mails?(_?addr(ess)?(es)?)?$/, confidence: 0.95, kinds: text },
  { class: 'email', pattern: /(^|_)mail(_?addr(ess)?)?$/, confidence: 0.7, kinds: text },
  { class: 'ip', pattern: /(^|_)(ip|ips|ipv4|ipv6|ip_?addr(ess)?(es)?|remote_?addr(ess)?|client_?addr(ess)?|x_forwarded_for)$/, confidence: 0.9, kinds: ['string', 'network', 'number'] },
  { class: 'phone', pattern: /(^|_)(phone|telephone|tel|mobile|cell_?phone|msisdn|fax|whatsapp)s?(_?(number|num|no|nr)s?)?$/, confidence: 0.9, kinds: textOrNumber },
  { class: 'card-number', pattern: /(^|_)((credit_?|debit_?)?card_?(number|num|no|nr)|cc_?(number|num|no|nr)|credit_?card|pan|primary_account_number)$/, confidence: 0.9, kinds: textOrNumber },
  {
    class: 'national-id',
    pattern:
      /(^|_)(ssn|social_?security(_?(number|num|no))?|national_?id(_?(number|no))?|national_?insurance(_?(number|no))?|nino|tax_?(number|no)|passport(_?(number|no))?|driver_?s?_?licen[cs]e(_?(number|no))?|id_?card(_?(number|no))?|personnummer|bsn|cpf|aadhaar|dni|pesel)$/,
    confidence: 0.9,
    kinds: textOrNumber,
  },
  // as a number, `tax_id` is as likely a key of a table of tax rates
  { class: 'national-id', pattern: /(^|_)(tax_?id|tax_?ident(ifier|ification)?(_?(number|no))?)$/, confidence: 0.8, kinds: text },
  {
    class: 'token',
    pattern:
      /(^|_)(password|passwd|pwd|pass_?hash|password_?(hash|digest)|hashed_?password|encrypted_?password|crypted_?password|token|tokens|api_?key|apikey|secret|secret_?key|client_?secret|private_?key|access_?key|otp_?secret|totp_?secret|mfa_?secret|session_?key|salt|hmac|auth_?code|verification_?code|recovery_?codes?|credentials?)$/,
    confidence: 0.9,
    kinds: ['string', 'uuid', 'bytes'],
  },
  { class: 'date-of-birth', pattern: /(^|_)(dob|date_?of_?birth|birth_?date|birthdate|birth_?day|birthday|born(_?(on|at|date))?)$/, confidence: 0.95, kinds: ['date', 'string', 'number'] },
  { class: 'person-name', part: 'first', pattern: /(^|_)(first_?name|given_?name|fore_?name|fname|middle_?name)s?$/, confidence: 0.95, kinds: text },
  { class: 'person-name', part: 'last', pattern: /(^|_)(last_?name|sur_?name|family_?name|lname|maiden_?name)s?$/, confidence: 0.95, kinds: text },
  {
    class: 'person-name',
    part: 'full',
    pattern:
      /(^|_)((full|display|contact|person|customer|client|owner|holder|cardholder|card_?holder|account_?holder|author|billing|shipping|recipient|sender|patient|employee|member|real|legal|nick|maiden)_?name|card_?holder|account_?holder|nickname)$/,
    confidence: 0.9,
    kinds: text,
  },
  { class: 'address', part: 'zip', pattern: /(^|_)(zip|zip_?code|zipcode|postal_?code|post_?code|postcode|plz)$/, confidence: 0.9, kinds: textOrNumber },
  { class: 'address', part: 'city', pattern: /(^|_)(city|town|city_?name|locality)$/, confidence: 0.8, kinds: text },
  {
    class: 'address',
    part: 'street',
    pattern: /(^|_)(street(_?(address|name|line))?(_?\d+)?|addr(ess)?(es)?(_?line)?(_?\d+)?|house_?(number|no)|street_?(number|no))$/,
    confidence: 0.9,
    kinds: text,
  },
  { class: 'free-text', pattern: /(^|_)(notes?|comments?|bio|biography|about(_?me)?|remarks?|memo|free_?text|feedback|annotations?|observations?)$/, confidence: 0.8, kinds: text },
  { class: 'free-text', pattern: /(^|_)(body|message|messages)$/, confidence: 0.6, kinds: text },
];

// a bare `name` is a person's name only in a table of people
const personTable = /(^|_)(users?|customers?|clients?|people|persons?|employees?|staff|contacts?|members?|authors?|patients?|students?|profiles?|subscribers?|applicants?|candidates?|drivers?|guests?|recipients?|tenants?|buyers?|sellers?|accounts?|passengers?|visitors?|volunteers?|donors?|leads?|teachers?|doctors?)$/;

/**
 * `billingEMailAddress` → `billing_e_mail_address`, `IPAddress` → `ip_address`, `Last-Name` → `last_name`: one
 * spelling for the patterns, whatever the naming convention.
 */
export function normaliseName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * The class a column's name suggests, if its type could hold it: `email_verified boolean` and `email_count int` are
 * not emails, and `phone` names a phone only as text or a number.
 * @example detectByName('billing_email', 'public.orders', 'string') // { class: 'email', confidence: 0.95, … }
 */
export function detectByName(column: string, table: string, kind: ValueKind): NameHit | undefined {
  const name = normaliseName(column);
  for (const rule of rules) {
    const match = rule.pattern.exec(name);
    if (!match) continue;
    if (!rule.kinds.includes(kind)) return undefined;
    const matched = match[0].replace(/^_/, '');
    return { class: rule.class, ...(rule.part ? { part: rule.part } : {}), confidence: rule.confidence, matched: matched === name ? '' : matched };
  }
  const tableName = normaliseName(table.slice(table.lastIndexOf('.') + 1));
  if (name === 'name' && kind === 'string' && personTable.test(tableName)) {
    return { class: 'person-name', part: 'full', confidence: 0.6, matched: `name, in a table of people` };
  }
  return undefined;
}
