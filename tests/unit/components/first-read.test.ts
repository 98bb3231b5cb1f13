import { describe, expect, it } from 'vitest';
import { firstReadSlot } from '../../../components/first-read.ts';

describe('firstReadSlot', () => {
  it('hands a read to the first mount only', () => {
    const slot = firstReadSlot<number[]>();
    expect(slot.take()).toBeUndefined();
    slot.put([1, 2]);
    expect(slot.take()).toEqual([1, 2]);
    expect(slot.take()).toBeUndefined();
  });

  it('never hands a read made for one key to another, and drops it', () => {
    const slot = firstReadSlot<string>();
    slot.put('Ada’s rows', 'user_ada');
    expect(slot.take('user_grace')).toBeUndefined();
    expect(slot.take('user_ada')).toBeUndefined();
    slot.put('Grace’s rows', 'user_grace');
    expect(slot.take('user_grace')).toBe('Grace’s rows');
  });
});
