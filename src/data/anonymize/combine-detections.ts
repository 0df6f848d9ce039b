import type { NameHit, ValueKind } from './detect-by-name.js';
import type { ValueHit } from './detect-by-values.js';
import type { DetectedBy, PiiClass, PiiPart, RuleName } from './pii-column.js';

export interface Detection {
  class: PiiClass;
  part?: PiiPart;
  confidence: number;
  by: DetectedBy;
  suggestedRule: RuleName;
  reason: string;
}

/**
 * One verdict from the name and the values. They agree: both, and the more confident. They differ: a strong value
 * shape (emails in a column called `contact_info`) overrules the name; a weak one (words that happen to be first
 * names in a `city` column) does not.
 * @example combineDetections(detectByName('notes', t, 'string'), detectByValues(samples, 'string', names, 0.5), 'string', 'name "notes"')
 */
export function combineDetections(byName: NameHit | undefined, byValues: ValueHit | undefined, kind: ValueKind, subject: string): Detection {
  const name = byName && byName.class !== 'none' ? byName : undefined;
  const nameReason = name ? `${subject} matches the ${describe(name.class, name.part)} pattern${name.matched ? ` ("${name.matched}")` : ''}` : '';
  const valuesReason = byValues ? `${Math.round(byValues.share * 100)}% of ${byValues.sampled} sampled values ${byValues.description}` : '';
  if (name && byValues && byValues.class === name.class) {
    const part = name.part ?? byValues.part;
    return {
      class: name.class,
      ...(part ? { part } : {}),
      confidence: round2(Math.min(0.99, 1 - (1 - name.confidence) * (1 - byValues.share))),
      by: 'both',
      suggestedRule: suggestRule(name.class, part, kind),
      reason: `${nameReason}; ${valuesReason}`,
    };
  }
  if (byValues && (!name || byValues.strong)) {
    return {
      class: byValues.class,
      ...(byValues.part ? { part: byValues.part } : {}),
      confidence: round2(byValues.share),
      by: 'values',
      suggestedRule: suggestRule(byValues.class, byValues.part, kind),
      reason: name ? `${valuesReason} (though ${subject} suggests ${describe(name.class, name.part)})` : valuesReason,
    };
  }
  if (name) {
    return {
      class: name.class,
      ...(name.part ? { part: name.part } : {}),
      confidence: name.confidence,
      by: 'name',
      suggestedRule: suggestRule(name.class, name.part, kind),
      reason: nameReason,
    };
  }
  return { class: 'none', confidence: 1, by: 'both', suggestedRule: 'keep', reason: 'nothing personal found by name or by values' };
}

/** The anonymizer for a class, keeping the column's type: a uuid token stays a uuid, a birth date is shifted. */
export function suggestRule(piiClass: PiiClass, part: PiiPart | undefined, kind: ValueKind): RuleName {
  switch (piiClass) {
    case 'email':
    case 'phone':
    case 'ip':
    case 'card-number':
    case 'free-text':
      return piiClass;
    case 'person-name':
      return part === 'first' ? 'first-name' : part === 'last' ? 'last-name' : 'full-name';
    case 'address':
      return part === 'city' ? 'city' : part === 'zip' ? 'zip' : 'street';
    case 'national-id':
    case 'token':
      return kind === 'uuid' ? 'uuid' : 'token';
    case 'date-of-birth':
      return 'date-shift';
    case 'json':
      return 'json-path';
    case 'none':
      return 'keep';
  }
}

export function describe(piiClass: PiiClass, part?: PiiPart): string {
  return part ? `${piiClass} (${part})` : piiClass;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
