/**
 * Holiday schedules officially announced for civil servants (cán bộ, công chức, viên chức) 2020–2026, as data,
 * each day with the documents it comes from. docs/CALENDAR.md lists the same sources.
 *
 * For a year listed here the announced schedule REPLACES the rule-based holidays (vietnam-holidays.ts) of the
 * whole year; national and unit overrides still take precedence over it. Only the days that differ from the
 * plain week are listed: weekdays off ('day_off') and Saturdays/Sundays worked ('working_day', làm bù).
 * Weekend days inside a holiday block are off anyway and are not listed.
 *
 * Each year: the Prime Minister decides Tết and Quốc khánh (Labor Code 2019 Art. 112(3)), conveyed by an
 * official letter of the Government Office (Văn phòng Chính phủ, …/VPCP-KGVX), which the ministry in charge
 * of labour announces in a notice (Thông báo …/TB-LĐTBXH until February 2025, …/TB-BNV after). The other
 * holidays and their compensatory days follow the Labor Code, unless a swap (hoán đổi) was announced.
 */

import { COMPENSATORY_PREFIX, HOLIDAY_NAMES } from './vietnam-holidays.js';
import type { IsoDate } from './working-calendar.js';

export interface ScheduleSource {
  /** The document's number as issued, e.g. '8662/VPCP-KGVX'; null where it could not be found (see note). */
  document: string | null;
  /** Date of issue; null where unknown. */
  issued: IsoDate | null;
  issuer: string;
  /** What it decides. */
  subject: string;
  note?: string;
}

export interface AnnouncedScheduleEntry {
  date: IsoDate;
  kind: 'day_off' | 'working_day';
  name: string;
  /** The documents this day comes from (at least one). */
  sources: readonly ScheduleSource[];
}

/** 'Số 8662/VPCP-KGVX ngày 03/11/2023', or the subject and note when the number is not known. */
export function sourceLabel(source: ScheduleSource): string {
  const on = source.issued
    ? ` ngày ${source.issued.slice(8, 10)}/${source.issued.slice(5, 7)}/${source.issued.slice(0, 4)}`
    : '';
  return source.document
    ? `${source.issuer}, số ${source.document}${on}`
    : `${source.issuer} (số văn bản chưa xác định)${on}`;
}

const source = (s: ScheduleSource): ScheduleSource => Object.freeze(s);
const MOLISA = 'Bộ Lao động - Thương binh và Xã hội';
const GOV_OFFICE = 'Văn phòng Chính phủ';

export const SOURCES = Object.freeze({
  laborCode2012: source({
    document: '10/2012/QH13',
    issued: '2012-06-18',
    issuer: 'Quốc hội, Bộ luật Lao động 2012',
    subject: 'Bộ luật Lao động 2012, Điều 115: ngày nghỉ lễ, tết và nghỉ bù (áp dụng đến hết năm 2020)',
  }),
  laborCode2019: source({
    document: '45/2019/QH14',
    issued: '2019-11-20',
    issuer: 'Quốc hội, Bộ luật Lao động 2019',
    subject: 'Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù) và Điều 112 (nghỉ lễ, tết), từ 01/01/2021',
  }),
  tet2020: source({
    document: null,
    issued: null,
    issuer: `Thủ tướng Chính phủ; ${MOLISA} thông báo`,
    subject: 'Nghỉ Tết Âm lịch Canh Tý từ thứ Năm 23/01 đến hết thứ Tư 29/01/2020',
    note:
      'Số và ngày của công văn Văn phòng Chính phủ và thông báo của Bộ chưa tìm được; lịch nghỉ theo tin ' +
      'TTXVN (Vietnam Times, 09/10/2019: Thủ tướng đồng ý) và VietnamNet (Bộ trưởng Đào Ngọc Dung ký thông báo).',
  }),
  vpcp9895of2020: source({
    document: '9895/VPCP-KGVX',
    issued: '2020-11-26',
    issuer: GOV_OFFICE,
    subject:
      'Nghỉ Tết Âm lịch 10/02–16/02/2021 và Quốc khánh 02/09–05/09/2021 (Tờ trình 111/TTr-LĐTBXH ngày 28/10/2020)',
  }),
  vpcp245of2022: source({
    document: '245/VPCP-KGVX',
    issued: '2022-01-11',
    issuer: GOV_OFFICE,
    subject:
      'Nghỉ Tết Âm lịch 31/01–04/02/2022 và Quốc khánh 01/09–02/09/2022 (văn bản 4486/LĐTBXH-ATLĐ ngày 03/12/2021)',
  }),
  vpcp8056of2022: source({
    document: '8056/VPCP-KGVX',
    issued: '2022-12-01',
    issuer: GOV_OFFICE,
    subject:
      'Nghỉ Tết Âm lịch 20/01–26/01/2023 và Quốc khánh 01/09–04/09/2023 (văn bản 4297/LĐTBXH-ATLĐ ngày 26/10/2022)',
  }),
  vpcp8662of2023: source({
    document: '8662/VPCP-KGVX',
    issued: '2023-11-03',
    issuer: GOV_OFFICE,
    subject:
      'Nghỉ Tết Âm lịch 08/02–14/02/2024 và Quốc khánh 31/08–03/09/2024 (văn bản 4594/LĐTBXH-ATLĐ ngày 27/10/2023)',
  }),
  molisa5015of2023: source({
    document: '5015/TB-LĐTBXH',
    issued: '2023-11-22',
    issuer: MOLISA,
    subject: 'Thông báo nghỉ Tết Âm lịch và Quốc khánh năm 2024',
  }),
  vpcp2450of2024: source({
    document: '2450/VPCP-KGVX',
    issued: '2024-04-12',
    issuer: GOV_OFFICE,
    subject: 'Hoán đổi ngày làm việc dịp 30/4 và 1/5/2024 (văn bản 1511/LĐTBXH-CATLĐ ngày 11/04/2024)',
  }),
  molisa1570of2024: source({
    document: '1570/TB-BLĐTBXH',
    issued: '2024-04-12',
    issuer: MOLISA,
    subject: 'Nghỉ thứ Hai 29/04/2024, làm bù thứ Bảy 04/05/2024',
  }),
  vpcp8726of2024: source({
    document: '8726/VPCP-KGVX',
    issued: '2024-11-26',
    issuer: GOV_OFFICE,
    subject: 'Nghỉ Tết Âm lịch, Quốc khánh và hoán đổi ngày làm việc dịp 30/4 và 1/5/2025',
  }),
  molisa6150of2024: source({
    document: '6150/TB-BLĐTBXH',
    issued: '2024-12-03',
    issuer: MOLISA,
    subject:
      'Thông báo nghỉ Tết 25/01–02/02/2025, 30/04–04/05/2025 (làm bù thứ Bảy 26/04), Quốc khánh 30/08–02/09/2025',
  }),
  vpcp9859of2025: source({
    document: '9859/VPCP-KGVX',
    issued: '2025-10-13',
    issuer: GOV_OFFICE,
    subject: 'Nghỉ Tết Âm lịch và Quốc khánh năm 2026 (văn bản 8764/BNV-CVL ngày 01/10/2025 của Bộ Nội vụ)',
  }),
  moha9441of2025: source({
    document: '9441/TB-BNV',
    issued: '2025-10-16',
    issuer: 'Bộ Nội vụ',
    subject:
      'Thông báo nghỉ Tết 16/02–20/02/2026; Quốc khánh 01/09–02/09/2026, nghỉ thứ Hai 31/08 và làm bù thứ Bảy 22/08/2026',
  }),
  vpcp12729of2025: source({
    document: '12729/VPCP-KGVX',
    issued: '2025-12-25',
    issuer: GOV_OFFICE,
    subject: 'Nghỉ Tết Dương lịch 01/01–04/01/2026: nghỉ thứ Sáu 02/01, làm bù thứ Bảy 10/01/2026',
  }),
} as const);

const S = SOURCES;
const { newYear, tet, hungKings, reunification, labour, nationalDay } = HOLIDAY_NAMES;
const bu = (name: string) => `${COMPENSATORY_PREFIX} ${name}`;
const off = (date: IsoDate, name: string, ...sources: ScheduleSource[]): AnnouncedScheduleEntry => ({
  date,
  kind: 'day_off',
  name,
  sources,
});
const worked = (date: IsoDate, name: string, ...sources: ScheduleSource[]): AnnouncedScheduleEntry => ({
  date,
  kind: 'working_day',
  name,
  sources,
});

function deepFreeze(
  schedules: Record<number, AnnouncedScheduleEntry[]>,
): Readonly<Record<number, readonly AnnouncedScheduleEntry[]>> {
  for (const entries of Object.values(schedules)) {
    for (const entry of entries) {
      Object.freeze(entry.sources);
      Object.freeze(entry);
    }
    Object.freeze(entries);
  }
  return Object.freeze(schedules);
}

const SCHEDULES: Readonly<Record<number, readonly AnnouncedScheduleEntry[]>> = deepFreeze({
  // Labor Code 2012: one day of Quốc khánh. Tết Canh Tý: 30 Chạp (Fri 24/1) and 1–4 Giêng (Sat 25/1 – Tue
  // 28/1); Saturday's day before the block (Thu 23/1), Sunday's after it (Wed 29/1).
  2020: [
    off('2020-01-01', newYear, S.laborCode2012),
    off('2020-01-23', bu(tet), S.tet2020),
    off('2020-01-24', tet, S.tet2020),
    off('2020-01-27', tet, S.tet2020),
    off('2020-01-28', tet, S.tet2020),
    off('2020-01-29', bu(tet), S.tet2020),
    off('2020-04-02', hungKings, S.laborCode2012),
    off('2020-04-30', reunification, S.laborCode2012),
    off('2020-05-01', labour, S.laborCode2012),
    off('2020-09-02', nationalDay, S.laborCode2012),
  ],
  // Tết Tân Sửu: Wed 10/2 – Tue 16/2 (Sat 13/2 → Wed 10/2, Sun 14/2 → Tue 16/2); Quốc khánh Thu 2/9 – Sun 5/9.
  2021: [
    off('2021-01-01', newYear, S.laborCode2019),
    off('2021-02-10', bu(tet), S.vpcp9895of2020),
    off('2021-02-11', tet, S.vpcp9895of2020),
    off('2021-02-12', tet, S.vpcp9895of2020),
    off('2021-02-15', tet, S.vpcp9895of2020),
    off('2021-02-16', bu(tet), S.vpcp9895of2020),
    off('2021-04-21', hungKings, S.laborCode2019),
    off('2021-04-30', reunification, S.laborCode2019),
    off('2021-05-03', bu(labour), S.laborCode2019),
    off('2021-09-02', nationalDay, S.vpcp9895of2020),
    off('2021-09-03', nationalDay, S.vpcp9895of2020),
  ],
  // Tết Nhâm Dần: Mon 31/1 – Fri 4/2 (29 Chạp and 1–4 Giêng, no weekend day); Quốc khánh Thu 1/9 – Fri 2/9.
  2022: [
    off('2022-01-03', bu(newYear), S.laborCode2019),
    off('2022-01-31', tet, S.vpcp245of2022),
    off('2022-02-01', tet, S.vpcp245of2022),
    off('2022-02-02', tet, S.vpcp245of2022),
    off('2022-02-03', tet, S.vpcp245of2022),
    off('2022-02-04', tet, S.vpcp245of2022),
    off('2022-04-11', bu(hungKings), S.laborCode2019),
    off('2022-05-02', bu(reunification), S.laborCode2019),
    off('2022-05-03', bu(labour), S.laborCode2019),
    off('2022-09-01', nationalDay, S.vpcp245of2022),
    off('2022-09-02', nationalDay, S.vpcp245of2022),
  ],
  // Tết Quý Mão: Fri 20/1 – Thu 26/1 (Sat 21/1 → Fri 20/1, Sun 22/1 → Thu 26/1); Giỗ Tổ Sat 29/4 and 30/4 Sun
  // → Tue 2/5, Wed 3/5; Quốc khánh Fri 1/9 – Mon 4/9 (Sat 2/9 → Mon 4/9).
  2023: [
    off('2023-01-02', bu(newYear), S.laborCode2019),
    off('2023-01-20', bu(tet), S.vpcp8056of2022),
    off('2023-01-23', tet, S.vpcp8056of2022),
    off('2023-01-24', tet, S.vpcp8056of2022),
    off('2023-01-25', tet, S.vpcp8056of2022),
    off('2023-01-26', bu(tet), S.vpcp8056of2022),
    off('2023-05-01', labour, S.laborCode2019),
    off('2023-05-02', bu(hungKings), S.laborCode2019),
    off('2023-05-03', bu(reunification), S.laborCode2019),
    off('2023-09-01', nationalDay, S.vpcp8056of2022),
    off('2023-09-04', bu(nationalDay), S.vpcp8056of2022),
  ],
  // Tết Giáp Thìn: Thu 8/2 – Wed 14/2 (Sat 10/2 → Thu 8/2, Sun 11/2 → Wed 14/2); 27/4 – 1/5 with Mon 29/4
  // swapped for Sat 4/5; Quốc khánh Sat 31/8 – Tue 3/9.
  2024: [
    off('2024-01-01', newYear, S.laborCode2019),
    off('2024-02-08', bu(tet), S.vpcp8662of2023, S.molisa5015of2023),
    off('2024-02-09', tet, S.vpcp8662of2023, S.molisa5015of2023),
    off('2024-02-12', tet, S.vpcp8662of2023, S.molisa5015of2023),
    off('2024-02-13', tet, S.vpcp8662of2023, S.molisa5015of2023),
    off('2024-02-14', bu(tet), S.vpcp8662of2023, S.molisa5015of2023),
    off('2024-04-18', hungKings, S.laborCode2019),
    off('2024-04-29', 'Nghỉ hoán đổi (làm bù thứ Bảy 04/05/2024)', S.vpcp2450of2024, S.molisa1570of2024),
    off('2024-04-30', reunification, S.laborCode2019),
    off('2024-05-01', labour, S.laborCode2019),
    worked('2024-05-04', 'Làm bù cho ngày nghỉ 29/04/2024', S.vpcp2450of2024, S.molisa1570of2024),
    off('2024-09-02', nationalDay, S.vpcp8662of2023, S.molisa5015of2023),
    off('2024-09-03', nationalDay, S.vpcp8662of2023, S.molisa5015of2023),
  ],
  // Tết Ất Tỵ: Sat 25/1 – Sun 2/2 (29 Chạp Tue 28/1 – 4 Giêng Sat 1/2; Saturday's day before: Mon 27/1);
  // 30/4 – 4/5 with Fri 2/5 swapped for Sat 26/4; Quốc khánh Sat 30/8 – Tue 2/9.
  2025: [
    off('2025-01-01', newYear, S.laborCode2019),
    off('2025-01-27', bu(tet), S.vpcp8726of2024, S.molisa6150of2024),
    off('2025-01-28', tet, S.vpcp8726of2024, S.molisa6150of2024),
    off('2025-01-29', tet, S.vpcp8726of2024, S.molisa6150of2024),
    off('2025-01-30', tet, S.vpcp8726of2024, S.molisa6150of2024),
    off('2025-01-31', tet, S.vpcp8726of2024, S.molisa6150of2024),
    off('2025-04-07', hungKings, S.laborCode2019),
    worked('2025-04-26', 'Làm bù cho ngày nghỉ 02/05/2025', S.vpcp8726of2024, S.molisa6150of2024),
    off('2025-04-30', reunification, S.laborCode2019),
    off('2025-05-01', labour, S.laborCode2019),
    off('2025-05-02', 'Nghỉ hoán đổi (làm bù thứ Bảy 26/04/2025)', S.vpcp8726of2024, S.molisa6150of2024),
    off('2025-09-01', nationalDay, S.vpcp8726of2024, S.molisa6150of2024),
    off('2025-09-02', nationalDay, S.vpcp8726of2024, S.molisa6150of2024),
  ],
  // 1/1 – 4/1 with Fri 2/1 swapped for Sat 10/1; Tết Bính Ngọ Sat 14/2 – Sun 22/2 (29 Chạp Mon 16/2 – 4 Giêng
  // Fri 20/2); Giỗ Tổ Sun 26/4 → Mon 27/4; 30/4 – 3/5; Quốc khánh Sat 29/8 – Wed 2/9 with Mon 31/8 swapped
  // for Sat 22/8.
  2026: [
    off('2026-01-01', newYear, S.laborCode2019),
    off('2026-01-02', 'Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)', S.vpcp12729of2025),
    worked('2026-01-10', 'Làm bù cho ngày nghỉ 02/01/2026', S.vpcp12729of2025),
    off('2026-02-16', tet, S.vpcp9859of2025, S.moha9441of2025),
    off('2026-02-17', tet, S.vpcp9859of2025, S.moha9441of2025),
    off('2026-02-18', tet, S.vpcp9859of2025, S.moha9441of2025),
    off('2026-02-19', tet, S.vpcp9859of2025, S.moha9441of2025),
    off('2026-02-20', tet, S.vpcp9859of2025, S.moha9441of2025),
    off('2026-04-27', bu(hungKings), S.laborCode2019),
    off('2026-04-30', reunification, S.laborCode2019),
    off('2026-05-01', labour, S.laborCode2019),
    worked('2026-08-22', 'Làm bù cho ngày nghỉ 31/08/2026', S.vpcp9859of2025, S.moha9441of2025),
    off('2026-08-31', 'Nghỉ hoán đổi (làm bù thứ Bảy 22/08/2026)', S.vpcp9859of2025, S.moha9441of2025),
    off('2026-09-01', nationalDay, S.vpcp9859of2025, S.moha9441of2025),
    off('2026-09-02', nationalDay, S.vpcp9859of2025, S.moha9441of2025),
  ],
});

/** Years with an announced schedule, ascending: 2020–2026. Later years follow the rules (a forecast). */
export const ANNOUNCED_YEARS: readonly number[] = Object.freeze(
  Object.keys(SCHEDULES)
    .map(Number)
    .sort((a, b) => a - b),
);

/** The announced schedule of a year, sorted by date, or undefined if none was announced (rules apply). */
export function announcedSchedule(year: number): readonly AnnouncedScheduleEntry[] | undefined {
  return SCHEDULES[year];
}
