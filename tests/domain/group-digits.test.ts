import { describe, expect, it } from 'vitest';
import { groupDigits } from '../../shared/domain/text.js';

describe('groupDigits', () => {
  it('writes whole numbers as toLocaleString("vi-VN") does', () => {
    for (const n of [0, 7, 64, 256, 999, 1000, 20_000, 32_767, 200_000, 1_000_000, 2_000_000, -45_678]) {
      expect(groupDigits(n), String(n)).toBe(n.toLocaleString('vi-VN'));
    }
  });
});
