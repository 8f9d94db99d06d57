/**
 * The client-side contracts between the data layer (src/db, src/sync, src/security) and the screens
 * (src/app, src/features). Screens depend only on these types and on the functions named here.
 */
import type { SessionUser } from '../shared/protocol/messages';
import type { ErrorCode } from '../shared/protocol/error-codes';
import type { ClientErrorCode } from '../shared/protocol/app-error';

/** A typed sync state the UI renders (STYLE: Dexie Cloud's SyncState). */
type SyncPhase = 'offline' | 'idle' | 'syncing' | 'synced' | 'error';
export interface SyncState {
  phase: SyncPhase;
  /** Changes in the outbox not yet confirmed by the server. */
  pending: number;
  /** Changes the server rejected; they stay on the tablet flagged for correction. */
  rejected: number;
  lastSyncedAt: string | null;
  /** When the oldest unsynced change was made (for the "waiting N days" warning). */
  oldestPendingAt: string | null;
  error: { code: ErrorCode | ClientErrorCode; message?: string } | null;
  nextRetryAt: string | null;
  progress: { sentChanges: number; totalChanges: number; sentBytes: number; totalBytes: number } | null;
  /** Photos and signatures not yet uploaded (they never hold up records, rule T1). Added by src/sync. */
  pendingAttachments?: number;
  /** Records uploaded this session under the township the worker held before a move (SPEC A8). */
  formerTownship?: number;
  /** Queued changes the server already held through a hand-over file, answered this session (SPEC F10). */
  handedOver?: number;
}

// The one error class of tablet and server; screens and the data layer import it from here.
export { AppError, type ClientErrorCode } from '../shared/protocol/app-error';

export interface KnownAccount {
  userId: string;
  username: string;
  displayName: string;
  township: string | null;
  /** The township's name from the last online login (the township is a code); null when not known. */
  townshipName: string | null;
  lastOnlineLoginAt: string;
}

/** Per-record sync state shown next to each record. */
export type RecordSyncState = 'pending' | 'synced' | 'rejected' | 'conflict';


/** A displaced household as the list shows it (decrypted in memory, never stored in clear). */
export interface HouseholdListItem {
  id: string;
  headName: string;
  /** Masked, e.g. 3301**********1231; revealing the full number is a separate, logged action. */
  headIdMasked: string;
  membersCount: number;
  village: string;
  placement: 'centralised' | 'dispersed';
  shelterSiteId: string | null;
  /** Where the household is now (its latest transfer, else shelterSiteId); null when dispersed. */
  currentSiteId?: string | null;
  eventId: string;
  checkInAt: string;
  checkedOut: boolean;
  syncState: RecordSyncState;
  /** Per-change rejection from the server (code and issues), when syncState is 'rejected'. */
  rejection: { code: string; issues?: { path: string; message: string }[] } | null;
  updatedAt: string;
}

/** A household eligibility survey as the survey list shows it (decrypted in memory only). */
export interface SurveyListItem {
  id: string;
  caseId: string;
  /** The applicant's name, or the first member's while no applicant is chosen; '' when none yet. */
  applicantName: string;
  membersCount: number;
  village: string;
  applicationType: string | null;
  stage: 'draft' | 'submitted';
  /** The stored pre-assessment's household outcome (submitted surveys with a policy). */
  outcome: string | null;
  /** The form version the survey was saved with (older drafts open through upgradeSurvey). */
  formVersion: number;
  syncState: RecordSyncState;
  rejection: { code: string; issues?: { path: string; message: string }[] } | null;
  updatedAt: string;
}

/** An open field conflict (SPEC C4) as the conflicts page lists it (values decrypted in memory only). */
export interface ConflictListItem {
  /** The conflict record's id (deterministic per entity, record and field). */
  id: string;
  entity: string;
  recordId: string;
  /** The top-level field both sides changed. */
  field: string;
  /** The household head's (or survey applicant's) name, for context; '' when the record is not here. */
  headName: string;
  /** False when the record itself is not on this tablet (it cannot be resolved here). */
  onTablet: boolean;
  /** Every competing value, the one the record holds provisionally first. */
  values: {
    value: unknown;
    /** The value for showing: ID numbers masked. */
    shown: unknown;
    at: string;
    device: string;
    thisTablet: boolean;
    /** The record on this tablet holds this value now. */
    current: boolean;
  }[];
  updatedAt: string;
}

/** A relief hand-out as the ledger lists it (decrypted in memory only). */
export interface ReliefListItem {
  id: string;
  householdId: string;
  eventId: string;
  at: string;
  round: string;
  category: 'cash' | 'goods';
  itemKind: import('../shared/schema/relief').ReliefItemKind;
  quantity: number;
  unit: string;
  cashValue: number;
  payment: import('../shared/schema/relief').PaymentForm;
  confirmation: 'signature' | 'thumbprint';
  /** Who received it when not the head, e.g. "李强（儿子）"; null for the head. */
  proxy: { name: string; relation: string } | null;
  issuingOfficer: string;
  syncState: RecordSyncState;
  rejection: { code: string; issues?: { path: string; message: string }[] } | null;
  updatedAt: string;
  /** The hand-out read through its voids and corrections (SPEC R4): its state, the values that count, the corrections. */
  ledger: {
    state: import('../shared/rules/relief-ledger').LedgerState;
    /** The values in place of the original's, when corrected. */
    corrected: import('../shared/schema/relief-correction').CorrectedValues | null;
    corrections: ReliefCorrectionView[];
  };
}

/** A void or correction of a hand-out, as the hand-out's row shows it. */
export interface ReliefCorrectionView {
  id: string;
  action: import('../shared/schema/relief-correction').CorrectionAction;
  reason: string;
  at: string;
  by: string;
  corrected: import('../shared/schema/relief-correction').CorrectedValues | null;
  syncState: RecordSyncState;
  rejection: { code: string; issues?: { path: string; message: string }[] } | null;
  /** Whether it counts in the ledger (one the server refused does not, SPEC R4). */
  counts: boolean;
  /** Refused because someone else voided the hand-out first (R3): settled, nothing for the worker to fix (已由他人作废). */
  settled: 'alreadyVoided' | null;
}

/** A move of a displaced household: to another shelter (transfer), or out of the emergency placement. */
interface HouseholdTransfer {
  toSiteId: string;
  at: string;
}
interface HouseholdCheckOut {
  at: string;
  destination: NonNullable<import('../shared/schema/displaced-household').DisplacedHousehold['checkOut']>['destination'];
}

/** A duplicate-person or double hand-out flag as GET /api/flags lists it. */
export type FlagView = import('../shared/rules/relocation/flag-fields').FlagFields & {
  /** A double hand-out's hand-outs voided or corrected since (SPEC R8), as the server reads them now. */
  handouts?: import('../shared/rules/relief-ledger').FlaggedHandoutLedger[];
  id: string;
  township: string | null;
  version: number;
  updatedAt: string;
};

/** Reference data pulled from the server (not sensitive, stored in clear). */
export interface ReferenceItem<T = Record<string, unknown>> {
  entity: string;
  id: string;
  version: number;
  township: string | null;
  fields: T;
}

/** A case as 我的案件 lists it (issue 15): the case record, its household's name if here, and its summary. */
export interface CaseListItem {
  id: string;
  programme: import('../shared/schema/case').CaseProgramme;
  householdId: string;
  /** The applicant household head's name when the household record is on this tablet, else null. */
  householdName: string | null;
  acceptedOn: string;
  summary: import('../shared/rules/case/case-summary').CaseSummary;
}

/** One case on the case page: its row, every step in recorded order, and what the worker may do next. */
export interface CaseDetail {
  item: CaseListItem;
  closeRelative: boolean;
  /** Every step on this tablet in recorded order: the history (who, when, what), stale ones too. */
  steps: import('../shared/schema/case-step').CaseStep[];
  /** The ids of the effective path (corrected steps carry their replacement there). */
  pathIds: string[];
  /** The step kinds a worker may record next (the shared rule's next kinds, the county's left out: CV3). */
  workerNext: import('../shared/schema/case-step').CaseStepKind[];
  /** The county's parameters for this case (notice days, gradual exit months). */
  noticeDays: number;
  /** The pre-assessment's monthly benefit of the case's last survey on this tablet: the opinion's default amount. */
  proposedAmount: number | null;
  /** The case's last survey on this tablet (K22), if any. */
  lastSurveyId: string | null;
  heldByMe: boolean;
}

/** An applicant a case may be accepted for: a household record, or a survey (its applicant's household). */
export interface CaseApplicant {
  kind: 'household' | 'survey';
  /** The record id: the case's householdId. */
  id: string;
  name: string;
  /** A survey's case id: the case accepted for it takes this id, so the survey is already the case's. */
  caseId?: string;
  programme?: string | null;
}

export interface CaseAcceptInput {
  programme: import('../shared/schema/case').CaseProgramme;
  applicant: { kind: 'household' | 'survey'; id: string };
  acceptedOn: string;
  closeRelative: boolean;
}

/** 我的案件 and 本月到期复核 as of the session's today (China date). */
export interface CaseOverview {
  today: string;
  /** Sorted by deadline (byDeadline). */
  cases: CaseListItem[];
  /** Reviews due this month or earlier (reviewsDue), in the same order. */
  reviewsDue: CaseListItem[];
}

/**
 * What the screens call. Implemented in src/db/client.ts (createTidemarkClient), with every
 * dependency (fetch, clock, ids, connectivity, KDF iterations) injectable for tests.
 */
export interface TidemarkClient {
  /** Accounts that have logged in online on this tablet (for offline unlock). */
  knownAccounts(): Promise<KnownAccount[]>;
  /** Online login: the server checks the password; the tablet derives its keys and opens the worker's database. */
  loginOnline(username: string, password: string): Promise<UnlockedSession>;
  /** Offline unlock after one online login; AppError UNLOCK_FAILED (details: { attemptsLeft }), UNLOCK_WIPED, OFFLINE_EXPIRED. */
  unlockOffline(username: string, password: string): Promise<UnlockedSession>;
  /** The session unlocked in this page, if any (keys live only in memory). */
  current(): UnlockedSession | null;
  /** Forgets the keys in memory; nothing on disk is deleted. */
  lock(): void;
  /** Ends the server session and locks; never deletes unsynced records. */
  logout(): Promise<void>;
  /** Asks for persistent storage; resolves whether storage is persistent. */
  persistStorage(): Promise<boolean>;
  deviceId(): Promise<string>;
}

export interface UnlockedSession {
  user: SessionUser;
  /** True when the server session token is present and not expired (sync possible). */
  online(): boolean;
  households: {
    /**
     * Validates with the shared schema, encrypts, writes the record and its outbox change in one strict transaction.
     * `newRecord`: the form was opened for a new household and has not saved it yet (saveRecord's SaveOptions):
     * the save skips its read before the write; a wrong word still gives the unhinted result (SPEC O5).
     * `trace`: the bench's breakdown of the save (test/bench/tablet), called after each step; never set by the app.
     */
    save(input: unknown, options?: { newRecord?: boolean; trace?: (step: import('./save-record').SaveStep) => void }): Promise<{ id: string }>;
    get(id: string): Promise<import('../shared/schema/displaced-household').DisplacedHousehold | null>;
    list(query?: { text?: string; eventId?: string }): Promise<HouseholdListItem[]>;
    /**
     * The first `limit` households of list(query), in its order, and whether more match (SPEC N7: only
     * what the page needs is decrypted; ask again with a larger limit for the next page).
     */
    search(query: { text?: string; eventId?: string }, limit: number): Promise<{ items: HouseholdListItem[]; more: boolean }>;
    /** Records on this tablet whose head or member has this ID number (by keyed HMAC). */
    findByIdNumber(idNumber: string): Promise<HouseholdListItem[]>;
    /**
     * Moves the household to another shelter at a time, keeping its history (a transfer is appended,
     * the first placement stays: stay-at.ts). Saved through save().
     */
    transfer(id: string, move: HouseholdTransfer): Promise<void>;
    /** Ends the emergency placement (离开) with the destination. Saved through save(). */
    checkOut(id: string, out: HouseholdCheckOut): Promise<void>;
    /** The decrypted households on this tablet (for occupancy), copies. */
    records(query?: { eventId?: string }): Promise<import('../shared/schema/displaced-household').DisplacedHousehold[]>;
  };
  reference: {
    list<T = Record<string, unknown>>(entity: 'event' | 'site' | 'policy' | 'entitlement' | 'calendar' | 'casePolicy'): Promise<ReferenceItem<T>[]>;
  };
  sync: {
    state(): SyncState;
    subscribe(listener: (s: SyncState) => void): () => void;
    /** Push then pull now (the "Sync now" button). */
    syncNow(): Promise<void>;
  };
  /** Called after this session saves or a sync writes local data, and when another tab writes (Dexie's storagemutated event), for screens to re-query (app/useSessionQuery). */
  onChange(listener: () => void): () => void;
  /** Household eligibility surveys (issue 3), in src/db/survey-api.ts. */
  surveys: {
    /**
     * Validates with surveyDraftSchema (nothing mandatory), seals, writes record + outbox change in one transaction; becomes the current draft.
     * `newRecord`: the caller's word that this survey's id was never saved (the form's first save of a new survey, a survey a case step
     * starts), as households.save's (SPEC O5).
     */
    saveDraft(fields: unknown, options?: { newRecord?: boolean }): Promise<{ id: string }>;
    /**
     * Validates with surveyCompleteSchema (VALIDATION_FAILED with every issue otherwise), runs the
     * pre-assessment with the township's policy in force, and saves stage 'submitted' with the
     * assessment and its policy version. `assessment` is null when no policy has been synced yet.
     */
    complete(fields: unknown): Promise<{ id: string; assessment: import('../shared/schema/survey').StoredAssessment | null }>;
    /** The survey in the current form version (an older draft is upgraded on read), or null. */
    get(id: string): Promise<import('../shared/schema/survey').SurveyDraft | null>;
    list(): Promise<SurveyListItem[]>;
    /** The draft the worker was last filling in, if it is still a draft on this tablet. */
    currentDraft(): Promise<string | null>;
    setCurrentDraft(id: string | null): Promise<void>;
    /** The policy in force today for the worker's township, from synced reference data. */
    policy(): Promise<import('../shared/schema/policy').PolicyRecord | null>;
  };
  /**
   * The relief distribution ledger (issue 4), in src/db/relief-api.ts: hand-outs through the same save
   * path as every field record, checked against the county's entitlements on this tablet first.
   */
  relief: {
    /**
     * Validates with reliefDistributionSchema, checks the entitlement (checkEntitlement, with the
     * hand-outs on this tablet, two registrations of one head counting as one household) and saves.
     * VALIDATION_FAILED with details.check when refused, or when a repeat in the round is not confirmed.
     * `newRecord`: the hand-out form's word that this hand-out's id was never saved (as households.save's: SPEC O5).
     */
    save(input: unknown, options?: { confirmRepeat?: boolean; newRecord?: boolean }): Promise<{ id: string; check: import('../shared/rules/relocation/check-entitlement').EntitlementCheck }>;
    /** The entitlement check of a hand-out not yet saved, against this tablet's ledger. */
    check(handout: import('../shared/schema/relief').ReliefDistribution): Promise<import('../shared/rules/relocation/check-entitlement').EntitlementCheck>;
    get(id: string): Promise<import('../shared/schema/relief').ReliefDistribution | null>;
    list(query?: { householdId?: string; eventId?: string }): Promise<ReliefListItem[]>;
    /**
     * Voids or corrects a hand-out on this tablet (SPEC R1–R3): an append-only relief-correction record
     * with the reason, saved and queued like any record; the original is never edited. NOT_FOUND when the
     * hand-out is not on this tablet; VALIDATION_FAILED (`correction.alreadyVoided`, a missing reason, a
     * correction past the entitlement with details.check) otherwise.
     */
    correct(originalId: string, change: { action: import('../shared/schema/relief-correction').CorrectionAction; reason: string; corrected?: import('../shared/schema/relief-correction').CorrectedValues }): Promise<{ id: string }>;
  };
  /**
   * The county office's online pages (issue 4), in src/db/relief-county-api.ts: the server's report,
   * its downloads and the flags. Need the network and a supervisor or administrator session.
   */
  county: {
    report(eventId: string, at: string): Promise<{ report: import('../shared/rules/relocation/report-types').CountyReport; generatedAt: string; skippedRecords?: unknown; /** The registry's name of each township code of the report (issue 10). */ townshipNames?: Record<string, string> }>;
    download(kind: 'relocation' | 'form10', format: 'xlsx' | 'csv', eventId: string, at: string): Promise<{ blob: Blob; filename: string }>;
    /** Any county download by its path (the case lists' XLSX, issue 15): the file and the name the server gives it. */
    downloadFile(path: string): Promise<{ blob: Blob; filename: string }>;
    flags(query?: { eventId?: string; status?: 'open' | 'resolved' }): Promise<FlagView[]>;
    resolveFlag(id: string, action: 'merge' | 'keep-both', reason: string): Promise<FlagView>;
    /** The county page's void or correction of any hand-out of the county (SPEC R2), online; the tablets pull it. */
    correctHandout(originalId: string, change: { action: import('../shared/schema/relief-correction').CorrectionAction; reason: string; corrected?: import('../shared/schema/relief-correction').CorrectedValues }): Promise<{ id: string }>;
    /** The event dashboard (issue 16, SPEC D4–D8): GET /api/dashboard/overview at `at` (default the server's now), its day series from `from` (a China date; default the event's start). */
    dashboard(eventId: string, at?: string, from?: string): Promise<import('../shared/protocol/dashboard').DashboardOverviewResponse>;
    /**
     * The records behind a dashboard figure at `at`: GET /api/dashboard/records — the households of all the county's
     * people or one site's (SPEC D8; the default), a township's hand-outs of a round, households not reached, open flags (D10).
     */
    dashboardRecords(eventId: string, at: string, figure?: import('../shared/protocol/dashboard').DashboardRecordsFigure): Promise<import('../shared/protocol/dashboard').DashboardRecordsResponse>;
  };
  /** Photos and signatures of a record, sealed on the tablet, uploaded after the records (rules T1, T2). */
  attachments: {
    /** Stores the bytes (sealed) under their SHA-256 and returns the hash to put in the record. */
    add(recordId: string, bytes: Uint8Array, contentType: string): Promise<{ sha256: string }>;
    get(sha256: string): Promise<{ bytes: Uint8Array; contentType: string } | null>;
  };
  /**
   * Showing a sensitive value in full is a deliberate, logged act (privacy.md §3), in
   * src/db/privacy-api.ts.
   */
  privacy: {
    /**
     * The full ID number at `path` of a record (default 'head.idNumber', the household head's). First
     * queues an 'idnumber.reveal' audit event (record id and time, never the number) for the server's
     * audit log, sent at once when online and after every sync otherwise. Null when there is none.
     */
    revealIdNumber(entity: import('../shared/protocol/entities').FieldEntity, recordId: string, path?: string): Promise<string | null>;
    /** Acts (reveals, exports) not yet in the server's audit log. */
    pendingAuditEvents(): Promise<number>;
  };
  /** The township's cases on this tablet (issue 15), in src/db/cases-api.ts; the worker records and proposes. */
  cases: {
    overview(): Promise<CaseOverview>;
    /** One case with every step (its history) and what the worker may record next; null if not on this tablet. */
    get(id: string): Promise<CaseDetail | null>;
    /** Households and surveys on this tablet a case may be accepted for (受理). */
    applicants(): Promise<CaseApplicant[]>;
    /** 受理: saves the case record through the normal save path; a survey's applicant links that survey (its caseId). */
    accept(input: CaseAcceptInput): Promise<{ id: string }>;
    /**
     * Records a worker's step after the shared rules allow it: AppError CASE_STEP_NOT_ALLOWED with
     * details { rule, reason } when it may not follow (CL1–CL12) or is the county's (CV3);
     * CASE_STEP_INVALID with { issues } when it is invalid on its own (CV1–CV2).
     */
    recordStep(caseId: string, kind: import('../shared/schema/case-step').CaseStepKind, payload: unknown, note?: string): Promise<{ id: string }>;
    /**
     * Starts a survey of the case (a `survey` step, or a `re-investigation` citing the new survey when
     * `reinvestigation` gives the reason): a draft linked to the case, filled from its last survey on this
     * tablet or, when missing and online, from the server's copy (K22, K24).
     */
    startSurvey(caseId: string, reinvestigation?: { reason: string }): Promise<{ surveyId: string; filledFrom: 'tablet' | 'server' | null }>;
  };
  /**
   * Field conflicts (SPEC C4, C6), in src/db/conflict-api.ts.
   * `resolve` saves the record with the chosen value through its normal save path (a new change on the
   * current version); `saved: false` when the record already holds that value (C5: nothing to send).
   */
  conflicts: {
    list(): Promise<ConflictListItem[]>;
    /** How many open conflicts list() would show, without decrypting anything (for the menu). */
    openCount(): Promise<number>;
    resolve(conflictId: string, chosenValue: unknown): Promise<{ saved: boolean }>;
  };
  /**
   * An authenticated JSON request with this session's token, for online-only screens (the
   * administration page). Rejects with UNAUTHENTICATED when the session has no valid token, with the
   * server's code otherwise.
   */
  request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, body?: unknown): Promise<T>;
  /** Hand-over files (issue 17, SPEC F5–F12): export, carry, the county's import. Absent in screen tests without sync. */
  handover?: import('../shared/protocol/handover-tablet').TabletHandoverApi;
}
