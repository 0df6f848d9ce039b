import { describe, expect, it } from 'vitest';
import { computeFidelity, fidelityLine } from '../../src/clone/fidelity.js';

const table = (name: string) => ({ objectType: 'table', name });
const index = (name: string) => ({ objectType: 'index', name });

describe('clone fidelity', () => {
  it('counts per kind the objects of the source that the sandbox has under the same name', () => {
    const fidelity = computeFidelity([table('public.a'), table('public.b'), index('public.a_idx')], [table('public.a'), table('public.b'), index('public.a_idx')], []);
    expect(fidelity.kinds).toEqual([
      { objectType: 'index', inSource: 1, reproduced: 1, extra: 0 },
      { objectType: 'table', inSource: 2, reproduced: 2, extra: 0 },
    ]);
    expect(fidelityLine(fidelity)).toBe('3 / 3 objects reproduced');
    expect(fidelity.notReproduced).toEqual([]);
  });

  it('names what is missing: with its known reason, or as lost by the clone', () => {
    const unsupported = { objectType: 'foreign table', name: 'public.remote', reason: 'foreign tables read another server' };
    const fidelity = computeFidelity(
      [table('public.a'), { objectType: 'foreign table', name: 'public.remote' }, index('public.a_idx')],
      [table('public.a'), index('public.a_a_idx')],
      [unsupported],
    );
    expect(fidelityLine(fidelity)).toBe('1 / 3 objects reproduced');
    expect(fidelity.notReproduced).toEqual([unsupported, { ...index('public.a_idx'), reason: 'not found in the sandbox after the clone' }]);
    expect(fidelity.extra).toEqual([index('public.a_a_idx')]);
    expect(fidelity.kinds.find((k) => k.objectType === 'index')).toEqual({ objectType: 'index', inSource: 1, reproduced: 0, extra: 1 });
  });
});
