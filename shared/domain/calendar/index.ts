/** Vietnamese working-day calendar: lunar calendar, public holidays, announced schedules, overrides. */

export {
  ANNOUNCED_YEARS,
  type AnnouncedScheduleEntry,
  announcedSchedule,
  type ScheduleSource,
  SOURCES,
  sourceLabel,
} from './announced-schedules.js';
export {
  LUNAR_MAX_YEAR,
  LUNAR_MIN_YEAR,
  type LunarDate,
  lunarLeapMonth,
  lunarMonthLength,
  lunarToSolar,
  solarToLunar,
  VIETNAM_TIME_ZONE,
} from './lunar.js';
export {
  COMPENSATORY_PREFIX,
  HOLIDAY_NAMES,
  nationalDayAdjacent,
  type PublicHoliday,
  ruleBasedHolidays,
  TWO_DAY_NATIONAL_DAY_FROM,
} from './vietnam-holidays.js';
export {
  CALENDAR_MAX_DATE,
  CALENDAR_MAX_YEAR,
  CALENDAR_MIN_DATE,
  CALENDAR_MIN_YEAR,
  type CalendarDay,
  type CalendarOverride,
  type CalendarOverrideKind,
  CalendarRangeError,
  type DayOrigin,
  InvalidIsoDateError,
  type IsoDate,
  isIsoDate,
  todayInVietnam,
  WorkingCalendar,
} from './working-calendar.js';
