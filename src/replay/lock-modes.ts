/** PostgreSQL's table lock modes, weakest first ("Explicit Locking": each conflicts with more of the others). */
export const lockModes = [
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
] as const;

export type LockMode = (typeof lockModes)[number];

/** `AccessExclusiveLock` (as pg_locks names it) → `ACCESS EXCLUSIVE`; null for a name that is no table lock mode */
export function lockModeOf(pgLocksMode: string): LockMode | null {
  const words = pgLocksMode.replace(/Lock$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
  return (lockModes as readonly string[]).includes(words) ? (words as LockMode) : null;
}

export const lockStrength = (mode: string): number => (lockModes as readonly string[]).indexOf(mode);

/** The stronger of two modes (an unknown one counts as the weakest) */
export const strongerLock = (a: LockMode, b: LockMode): LockMode => (lockStrength(b) > lockStrength(a) ? b : a);
