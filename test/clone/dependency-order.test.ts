import { describe, expect, it } from 'vitest';
import { orderByDependencies } from '../../src/clone/dependency-order.js';

const item = (name: string, provides: string[] = [], dependsOn: string[] = []) => ({ name, provides, dependsOn });
const names = (items: { name: string }[]) => items.map((i) => i.name);

describe('ordering statements by their dependencies', () => {
  it('keeps the given order when nothing depends on anything later', () => {
    expect(names(orderByDependencies([item('a', ['1']), item('b', ['2'], ['1']), item('c')]))).toEqual(['a', 'b', 'c']);
  });

  it('moves a view on a view after the view it reads, and nothing else', () => {
    const ordered = orderByDependencies([item('table', ['t']), item('outer view', ['v2'], ['v1', 't']), item('function', ['f']), item('inner view', ['v1'], ['t'])]);
    expect(names(ordered)).toEqual(['table', 'function', 'inner view', 'outer view']);
  });

  it('ignores dependencies on objects no statement makes, and on itself', () => {
    expect(names(orderByDependencies([item('a', ['1'], ['system type', '1']), item('b')]))).toEqual(['a', 'b']);
  });

  it('breaks a cycle at its earliest statement instead of dropping anything', () => {
    const ordered = orderByDependencies([item('x'), item('table', ['t'], ['f']), item('function', ['f'], ['t']), item('view', ['v'], ['t'])]);
    expect(names(ordered)).toEqual(['x', 'table', 'function', 'view']);
  });
});
