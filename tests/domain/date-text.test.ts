import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDateText } from '../../shared/domain/date-text.js';
import { parseDate } from '../../shared/import/values.js';
import { parseDateInput } from '../../shared/web/format.js';

describe('parseDateText: one reading of a typed date for the forms and the import', () => {
  it.each([
    ['27112026', '2026-11-27'],
    ['01012024', '2024-01-01'],
    ['29022024', '2024-02-29'],
    ['15/11/2023', '2023-11-15'],
    ['5/1/2024', '2024-01-05'],
    ['15.11.23', '2023-11-15'],
    ['2023-11-15', '2023-11-15'],
    ['Ngày 15 tháng 11 năm 2023.', '2023-11-15'],
  ])('reads %j as %s, in a form and in a spreadsheet cell alike', (text, iso) => {
    expect(parseDateText(text)).toBe(iso);
    expect(parseDateInput(text)).toBe(iso);
    expect(parseDate(text)).toBe(iso);
  });

  it.each(['31022023', '29022023', '11152023', '2711202', '271120261', '27112', '00012024', '20261127'])(
    'refuses %j (no such day, month first, wrong length)',
    (text) => {
      expect(parseDateText(text)).toBeNull();
      expect(parseDateInput(text)).toBeNull();
    },
  );

  it('reads every real day of 1990–2100 written as ddmmyyyy, and as dd/mm/yyyy, the same', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString().slice(0, 10);
          const [y, m, day] = iso.split('-');
          expect(parseDateText(`${day}${m}${y}`)).toBe(iso);
          expect(parseDateText(`${day}/${m}/${y}`)).toBe(iso);
        },
      ),
    );
  });

  it('reads any real day; the import refuses years outside 1990–2100, a form leaves that to the API schema', () => {
    expect(parseDateText('01012101')).toBe('2101-01-01');
    expect(parseDateInput('01/01/2101')).toBe('2101-01-01');
    expect(parseDate('01012101')).toBeNull();
    expect(parseDate('15/11/1905')).toBeNull();
  });

  it('refuses long text at once', () => {
    expect(parseDateText(`${'1'.repeat(10_000)}/11/2023`)).toBeNull();
  });
});
