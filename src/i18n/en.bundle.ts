import { adminNavEn } from './admin.nav';
import { en } from './en';
import type { BundledTexts } from './index';
import { referenceAdminNavEn } from './reference-admin.nav';
import { relocationNavEn } from './relocation.nav';
import { surveyNavEn } from './survey.nav';

/**
 * English: the namespaces the first screen needs, in their own chunk, loaded when a worker picks
 * English (loadLanguage in index.ts). Typed against the bundled Chinese: a missing namespace or key
 * fails the type check. Feature namespaces (survey, admin, relocation, ...) bring both languages
 * with their screens.
 */
export const enTexts: BundledTexts = {
  translation: en,
  surveyNav: surveyNavEn,
  relocationNav: relocationNavEn,
  adminNav: adminNavEn,
  referenceAdminNav: referenceAdminNavEn,
};
