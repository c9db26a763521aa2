/**
 * Spreading the schedules that share a time (every step is due at 08:00): nationally thousands of
 * reminders and escalations would otherwise fire — and send their e-mails — in the same second, beyond
 * SES's sending rate. Each schedule fires at its time plus an offset derived from its name (stable, so a
 * repeated upsert keeps it), uniform over the window; the step is due from its time, so it acts at once.
 */
export const DEFAULT_SPREAD_MINUTES = 120;
