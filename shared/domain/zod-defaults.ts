/**
 * The fan-out function checks its event with a zod/mini schema (the unit worker and the escalation function
 * check theirs without zod: hand-check.ts): classic zod ('zod'), with its methods and JSON Schema generator, costs
 * about 10 ms of each cold start. Classic zod also chooses English messages on its
 * first schema; zod/mini chooses none ("Invalid input"), so each module defining a zod/mini schema imports
 * this one first, and its messages stay those of the classic schema it was. A locale chosen before or after
 * (the API's schemas.ts chooses Vietnamese) wins. (Classic zod's other default, the memoizer, serves
 * recursive schemas only; there is none.)
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

if (!config().localeError) config(en());
