import { type Language, languageOf } from '../format.js';
import type { DoctorCatalog } from './catalog.js';
import { doctorEn } from './en.js';
import { doctorJa } from './ja.js';

/** The doctor catalogues by language (imported only by src/doctor/, which loads when the doctor runs). */
export const DOCTOR_CATALOGS: Record<Language, DoctorCatalog> = { en: doctorEn, ja: doctorJa };

export function doctorMessages(lang: string): DoctorCatalog {
  return DOCTOR_CATALOGS[languageOf(lang)];
}

export type { CheckId, DoctorCatalog } from './catalog.js';
