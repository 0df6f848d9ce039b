/**
 * The distinct values a column can take besides its most common ones: `at(k)` for k in 0..count-1, already escaped
 * for COPY text, different for different k as far as the type allows.
 */
export interface Others {
  at(k: number): string;
}

export interface FamilyInput {
  /** How many distinct values are asked for */
  count: number;
  /** Production's histogram bounds (absent for PII columns and types without an order) */
  bounds?: readonly string[];
  /** Production's most common values: the others must differ from them */
  avoid: readonly string[];
  averageWidth: number;
  salt: number;
  /** Every row its own value: for large counts the family must be injective without a lookup table */
  unique: boolean;
}

/** Up to this many values a family may precompute its values (and check them for repeats) instead of deriving each */
export const MATERIALIZE_LIMIT = 200_000;
