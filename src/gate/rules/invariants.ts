import type { Rule } from '../rule.js';

/** One result per invariant, so each shows as its own line (and later its own JUnit case). */
export const invariants: Rule = ({ invariants }) =>
  invariants.map((inv) => ({
    id: `invariant:${inv.name}`,
    ok: inv.ok,
    message: inv.ok ? `holds (${show(inv.after)})` : `broken: before ${show(inv.before)}, after ${show(inv.after)}`,
  }));

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
