/**
 * China-time formatting lives in src/shared/rules/china-time.ts (one copy for tablet and server).
 * This re-export only keeps the imports of src/features/admin, reference-admin and county-report
 * working until their owner's branch moves them; delete it then.
 */
export { formatDateTime, isoToLocalInput, localInputToIso } from '../shared/rules/china-time';
