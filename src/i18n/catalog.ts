import type { FindingCode, FindingParams } from '../exercises/findings.js';
// participant CLI sections (src/i18n/participant/)
import type { ParticipantCatalog } from './participant/catalog.js';

/**
 * The shape every language's catalogue has: one key per sentence, parameters named. TypeScript holds
 * each catalogue to this shape, and test/i18n compares them at run time too, so a key missing in one
 * language cannot ship.
 */
export interface Catalog extends ParticipantCatalog {
  /** What a grading check found (src/exercises/findings.ts): one sentence per finding code. */
  grade: { [K in FindingCode]: (params: FindingParams[K]) => string };
  /** Words around grading results. */
  grading: {
    /** Joins the sentences of one check's findings on one line. */
    joinFindings: (sentences: string[]) => string;
  };
  // ---- room (issue 11/12): messages from the facilitator's room on the participant's laptop ----
  room: {
    message: (p: { text: string }) => string;
    target: (p: { exercise: string }) => string;
    claim: (p: { code: string }) => string;
    pendingJoin: () => string;
    confirmed: (p: { laptops: number }) => string;
    confirmWrong: (p: { reason: string }) => string;
    notPending: () => string;
    emailSuggestion: (p: { typed: string; suggestion: string }) => string;
    emailAsTypedWarning: (p: { typed: string; suggestion: string }) => string;
    askEmailChoice: () => string;
    askHandMessage: () => string;
    handNoMessage: () => string;
    handAlreadyUp: (p: { message: string }) => string;
    handAlreadyUpNoMessage: () => string;
  };
  // ---- end room ----
}
