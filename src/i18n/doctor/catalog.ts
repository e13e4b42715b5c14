import type { doctorEn } from './en.js';

/**
 * The doctor's section of the message catalogue: every participant-facing sentence of
 * `workshop doctor`, one key per sentence with named parameters. English (en.ts) defines the shape;
 * TypeScript holds Japanese (ja.ts) to it, and test/i18n/doctor-catalogue.test.ts compares the keys
 * at run time. It is kept out of the main catalogue (src/i18n/index.ts) and loaded only when the
 * doctor runs, so other commands do not pay for it at start-up.
 */
export type DoctorCatalog = typeof doctorEn;
export type CheckId = keyof DoctorCatalog['titles'];
