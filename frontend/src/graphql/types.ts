/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type AcknowledgeComplaintInput = {
  /** A UUID made by the client; a retry sends the same one. */
  clientMutationId: string;
  feedbackId: string | number;
};

export type AnswerItemInput = {
  /** Index of the chosen option. */
  choice: number;
  clientMutationId: string;
  /** How sure the learner was (optional). With the answer's correctness it picks the FSRS rating: wrong is Again, right and UNSURE Hard, right and FAIRLY_SURE (or none) Good, right and SURE Easy. */
  confidence?: Confidence | null | undefined;
  itemId: string | number;
  /** The lesson session; leave out for today's review items. */
  sessionId?: string | number | null | undefined;
};

export type AnswerSurveyInput = {
  comment?: string | null | undefined;
  /** Satisfaction with the resolution, 1-5. */
  csat: number;
  /** How likely to recommend us, 0-10. */
  nps: number;
  token: string;
};

export type ApproveScenarioInput = {
  clientMutationId: string;
  scenarioId: string | number;
};

/** Archiving an archived value again changes nothing, so a retry is safe. */
export type ArchiveCompanyValueInput = {
  id: string | number;
};

export type AssignLessonInput = {
  clientMutationId: string;
  dueDate?: string | null | undefined;
  employeeIds: Array<string | number>;
  lessonId: string | number;
};

export type CategoriseComplaintInput = {
  category: ComplaintCategory;
  /** A UUID made by the client; a retry sends the same one. */
  clientMutationId: string;
  feedbackId: string | number;
};

/** Where the feedback came in. PUBLIC_FORM is set by the customer form only. */
export type Channel =
  | 'CHAT'
  | 'EMAIL'
  | 'FACEBOOK'
  | 'IN_PERSON'
  | 'PHONE'
  | 'PUBLIC_FORM'
  | 'SOCIAL_MEDIA'
  | 'SURVEY'
  | 'WEB_REVIEW';

export type CloseComplaintInput = {
  clientMutationId: string;
  feedbackId: string | number;
};

export type CoachingReason =
  | 'FAILED'
  | 'NEVER_TAKEN'
  | 'OVERDUE'
  | 'PASSED';

export type CompanyValueInput = {
  /** Concrete behaviours that show the value (1-8). */
  behaviours: Array<string>;
  meaning: string;
  name: string;
};

/** A step in a complaint's lifecycle. */
export type ComplaintAction =
  | 'ACKNOWLEDGE'
  | 'CATEGORISE'
  | 'CLOSE'
  | 'REOPEN'
  | 'RESOLVE'
  | 'TRANSFER';

/** What a complaint is about; each category assigns a matching lesson. */
export type ComplaintCategory =
  | 'DEFECTIVE_PRODUCT'
  | 'DIDNT_KNOW_ANSWER'
  | 'LATE_DELIVERY'
  | 'OTHER'
  | 'PASSED_AROUND'
  | 'PRICE_OR_DISCOUNT'
  | 'PRODUCT_UNAVAILABLE'
  | 'REQUEST_REFUSED'
  | 'RUDE_TONE'
  | 'SLOW_RESPONSE'
  | 'WRONG_INFORMATION';

/** Where a complaint stands: RECEIVED -> ACKNOWLEDGED -> RESOLVED -> CLOSED. */
export type ComplaintStatus =
  | 'ACKNOWLEDGED'
  | 'CLOSED'
  | 'RECEIVED'
  | 'RESOLVED';

export type CompleteLessonInput = {
  clientMutationId: string;
  sessionId: string | number;
};

/** How sure the learner was of an answer (see progress/confidence.py for what it does). */
export type Confidence =
  | 'FAIRLY_SURE'
  | 'SURE'
  | 'UNSURE';

export type CreateTeamFeedbackCodesInput = {
  depth?: TeamDepth;
  /** The team's manager. */
  managerId: string | number;
};

export type CustomerContactInput = {
  email?: string | null | undefined;
  name?: string | null | undefined;
  phone?: string | null | undefined;
};

export type DailyReason =
  | 'ASSIGNED'
  | 'NEW'
  | 'NONE'
  | 'REFRESHER'
  | 'REVIEW';

export type DraftScenarioFromComplaintInput = {
  /** A UUID made by the client; a retry sends the same one. */
  clientMutationId: string;
  /** A resolved complaint about someone in your team. */
  feedbackId: string | number;
};

export type EditScenarioInput = {
  /** The reply to give (up to 1,000). */
  better: ScenarioTextInput;
  clientMutationId: string;
  scenarioId: string | number;
  /** Up to 2,000 characters. */
  situation: ScenarioTextInput;
  /** Why the better reply is better (up to 1,000). */
  why: ScenarioTextInput;
  /** The reply not to give (up to 1,000). */
  worse: ScenarioTextInput;
};

/** Narrows `employees`; every field left out matches everyone in the caller's scope. */
export type EmployeeFilter = {
  /** Direct reports of this manager. */
  managerId?: string | number | null | undefined;
  role?: EmployeeRole | null | undefined;
  /** Part of the name or e-mail, any case (up to 100 characters). */
  search?: string | null | undefined;
  /** Default ACTIVE (ALL when includeInactive is true). */
  status?: EmployeeStatus | null | undefined;
};

export type EmployeeRole =
  | 'ADMIN'
  | 'EMPLOYEE'
  | 'HR'
  | 'MANAGER';

/** ACTIVE: people who work here; ARCHIVED: those deactivated (left); ALL: both. */
export type EmployeeStatus =
  | 'ACTIVE'
  | 'ALL'
  | 'ARCHIVED';

export type ExportFormat =
  | 'CSV'
  | 'XAPI_1_0_3'
  | 'XAPI_2_0';

export type ExportKind =
  | 'EXPORT'
  | 'PUSH';

export type ExportStatus =
  | 'DONE'
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING';

export type FeedbackFilter = {
  channel?: Channel | null | undefined;
  employeeId?: string | number | null | undefined;
  /** Received at or after. */
  from?: string | null | undefined;
  kind?: FeedbackKind | null | undefined;
  /** Only complaints still RECEIVED or ACKNOWLEDGED. */
  open?: boolean;
  /** Complaints this person owns. */
  ownerId?: string | number | null | undefined;
  /** The customer's reference, any case, with or without the dash (INVALID_REFERENCE). */
  reference?: string | null | undefined;
  status?: ComplaintStatus | null | undefined;
  /** Received before. */
  to?: string | null | undefined;
};

export type FeedbackKind =
  | 'COMPLAINT'
  | 'PRAISE'
  | 'SUGGESTION';

/** The org chart as CSV: exactly one of `file` (a multipart upload, mapped to `variables.input.file`) or `csv`. Importing the same file again changes nothing, so a retry is safe without a key. */
export type ImportOrgChartInput = {
  csv?: string | null | undefined;
  /** Deactivate active employees absent from the file. */
  deactivateMissing?: boolean;
  /** Report what would change; write nothing. */
  dryRun?: boolean;
  file?: File | null | undefined;
  /** Mail new hires a link to set their password. */
  sendInvitations?: boolean;
};

export type InviteEmployeeInput = {
  /** A UUID made by the client; a retry sends the same one. */
  clientMutationId: string;
  employeeId: string | number;
};

export type ItemFlag =
  /** discrimination under 0.1, when computed */
  | 'LOW_DISCRIMINATION'
  /** a wrong option chosen more often than the right one */
  | 'MISLEADING'
  /** more than 95 % of answers right */
  | 'TOO_EASY'
  /** under 25 % right */
  | 'TOO_HARD'
  /** a wrong option nobody chose */
  | 'UNUSED_DISTRACTOR';

export type ItemKind =
  | 'QUIZ'
  | 'SCENARIO'
  | 'VALUE';

export type LeaderboardPeriod =
  | 'MONTH'
  | 'WEEK';

/** TEAM: a manager's own subtree; for everyone else their manager's subtree. */
export type LeaderboardScope =
  | 'ORGANISATION'
  | 'ROLE_FAMILY'
  | 'TEAM';

export type LedgerEntryKind =
  | 'AWARD'
  | 'CONFIRM'
  | 'PENDING'
  | 'REVERSE';

/** How a ledger line stands: PENDING waits for the customer's loyalty; CONFIRMED counts. */
export type LedgerEntryState =
  | 'CONFIRMED'
  | 'PENDING'
  | 'REVERSED';

/** What earned the entry: handling a complaint, a praise, or a customer's loyalty after one. */
export type LedgerSourceKind =
  | 'COMPLAINT'
  | 'LOYALTY'
  | 'OTHER'
  | 'PRAISE';

export type Locale =
  | 'EN'
  | 'ET';

export type LoginInput = {
  email: string;
  password: string;
};

export type RegisterPushSubscriptionInput = {
  /** PushSubscription.toJSON().keys.auth (base64url). */
  auth: string;
  /** A UUID made by the client; a retry sends the same one. */
  clientMutationId: string;
  /** PushSubscription.endpoint (the push service's https URL). */
  endpoint: string;
  /** PushSubscription.toJSON().keys.p256dh (base64url). */
  p256dh: string;
};

/** How a reminder reaches the employee. */
export type ReminderChannel =
  | 'EMAIL'
  | 'PUSH';

export type RemovePushSubscriptionInput = {
  /** A UUID made by the client; a retry sends the same one. */
  clientMutationId: string;
  endpoint: string;
};

export type ReopenComplaintInput = {
  clientMutationId: string;
  feedbackId: string | number;
  reason: string;
};

export type ReplyToFeedbackInput = {
  body: string;
  /** A UUID made by the client; a retry sends the same one. */
  clientMutationId: string;
  feedbackId: string | number;
};

export type RequestPasswordResetInput = {
  email: string;
};

export type ResolveComplaintInput = {
  clientMutationId: string;
  feedbackId: string | number;
};

export type RoleChangeVia =
  | 'IMPORT'
  | 'MUTATION';

export type ScenarioStatus =
  | 'APPROVED'
  | 'DRAFT'
  | 'WITHDRAWN';

export type ScenarioTextInput = {
  en?: string | null | undefined;
  et?: string | null | undefined;
};

export type SetDailyReminderInput = {
  /** A UUID made by the client; a retry sends the same one. */
  clientMutationId: string;
  enabled: boolean;
  /** HH:MM (24-hour) in one's own time zone; required the first time it is turned on, else kept. */
  localTime?: string | null | undefined;
};

export type SetEmployeeRoleInput = {
  /** A UUID made by the client; a retry sends the same one. */
  clientMutationId: string;
  employeeId: string | number;
  role: EmployeeRole;
};

export type SetMyLeaderboardVisibilityInput = {
  /** A UUID made by the client; a retry sends the same one. */
  clientMutationId: string;
  /** False: the organisation and role-family boards show you to peers as 'a colleague'. */
  showName: boolean;
};

export type SetMyWorkDaysInput = {
  clientMutationId: string;
  /** The weekdays one works (at least one). */
  days: Array<Weekday>;
};

export type SetPasswordWithLinkInput = {
  password: string;
  /** The token from the link in the e-mail. */
  token: string;
};

export type StartLessonInput = {
  /** A UUID made by the client; a retry sends the same one. */
  clientMutationId: string;
  lessonId: string | number;
};

export type StartTrainingExportInput = {
  clientMutationId: string;
  /** CSV: start with a UTF-8 BOM (for Excel). */
  excelBom?: boolean;
  format: ExportFormat;
  from: string;
  /** That employee and everyone below. */
  teamOf?: string | number | null | undefined;
  /** The first day not included (a month: 2026-01-01 to 2026-02-01). */
  to: string;
  topic?: Topic | null | undefined;
};

export type SubmitPublicFeedbackInput = {
  /** Up to 2,000 characters. */
  body?: string | null | undefined;
  /** Complaints: what went wrong, as the customer picked it (the form words each in their terms); assigns the matching lesson. The form offers every category but REQUEST_REFUSED (INVALID_CATEGORY). */
  category?: ComplaintCategory | null | undefined;
  /** A UUID made by the form; a retry sends the same one and gets the same reference. */
  clientMutationId?: string | null | undefined;
  code: string;
  consent?: boolean;
  contact?: CustomerContactInput | null | undefined;
  kind: FeedbackKind;
  rating?: number | null | undefined;
  /** Leave empty. */
  website?: string | null | undefined;
};

/** How the survey reached the customer: never through staff. */
export type SurveyDelivery =
  | 'EMAILED'
  | 'IN_PERSON'
  | 'NOT_SENT';

/** open: can be answered; withdrawn: the complaint was reopened. */
export type SurveyState =
  | 'ANSWERED'
  | 'EXPIRED'
  | 'OPEN'
  | 'WITHDRAWN';

/** DIRECT: the manager's direct reports; SUBTREE: everyone under the manager. */
export type TeamDepth =
  | 'DIRECT'
  | 'SUBTREE';

export type TeamMemberSort =
  | 'CURRENT_STREAK'
  | 'LESSONS_30_DAYS'
  | 'NAME';

export type Topic =
  | 'COMMUNICATION'
  | 'SITUATIONS'
  | 'TIME_MANAGEMENT'
  | 'VALUES';

export type TransferComplaintInput = {
  clientMutationId: string;
  feedbackId: string | number;
  reason: string;
  /** The active staff member who takes it over. */
  toStaffId: string | number;
};

/** Changing a value to the same text again changes nothing, so a retry is safe. */
export type UpdateCompanyValueInput = {
  /** Concrete behaviours that show the value (1-8). */
  behaviours: Array<string>;
  id: string | number;
  meaning: string;
  name: string;
};

export type Weekday =
  | 'FRI'
  | 'MON'
  | 'SAT'
  | 'SUN'
  | 'THU'
  | 'TUE'
  | 'WED';

export type AnswerSurveyMutationVariables = Exact<{
  i: AnswerSurveyInput;
}>;


export type AnswerSurveyMutation = { answerSurvey: { state: SurveyState } };

export type OrganisationBrandQueryVariables = Exact<{ [key: string]: never; }>;


export type OrganisationBrandQuery = { organisationBrand: { name: string, logoUrl: string | null, colour: string } };

export type PublicCodeQueryVariables = Exact<{
  c: string;
}>;


export type PublicCodeQuery = { publicCode: { code: string, firstName: string | null, jobTitle: string | null, location: string | null } | null };

export type PublicSurveyQueryVariables = Exact<{
  t: string;
}>;


export type PublicSurveyQuery = { publicSurvey: { state: SurveyState, expiresAt: string } };

export type SubmitPublicFeedbackMutationVariables = Exact<{
  i: SubmitPublicFeedbackInput;
}>;


export type SubmitPublicFeedbackMutation = { submitPublicFeedback: { received: boolean, reference: string } };

export type AcceptInvitationMutationVariables = Exact<{
  i: SetPasswordWithLinkInput;
}>;


export type AcceptInvitationMutation = { acceptInvitation: { token: string } };

export type AcknowledgeComplaintMutationVariables = Exact<{
  i: AcknowledgeComplaintInput;
}>;


export type AcknowledgeComplaintMutation = { acknowledgeComplaint: { feedbackId: string, status: ComplaintStatus, at: string, owner: { id: string, name: string } | null } };

export type AnswerItemMutationVariables = Exact<{
  i: AnswerItemInput;
}>;


export type AnswerItemMutation = { answerItem: { itemId: string, chosen: number, correct: boolean, correctOption: number, explanation: string, confidence: Confidence | null, misconception: boolean, xpGained: number } };

export type ApproveScenarioMutationVariables = Exact<{
  i: ApproveScenarioInput;
}>;


export type ApproveScenarioMutation = { approveScenario: { id: string, status: ScenarioStatus, approvedAt: string | null } };

export type ArchiveCompanyValueMutationVariables = Exact<{
  input: ArchiveCompanyValueInput;
}>;


export type ArchiveCompanyValueMutation = { archiveCompanyValue: { id: string, active: boolean } };

export type AssignLessonMutationVariables = Exact<{
  i: AssignLessonInput;
}>;


export type AssignLessonMutation = { assignLesson: Array<{ id: string }> };

export type BadgeCredentialQueryVariables = Exact<{
  badgeId: string | number;
}>;


export type BadgeCredentialQuery = { badgeCredential: { badgeId: string, key: string, awardedAt: string, jwt: string } };

export type CategoriseComplaintMutationVariables = Exact<{
  i: CategoriseComplaintInput;
}>;


export type CategoriseComplaintMutation = { categoriseComplaint: { feedbackId: string, category: ComplaintCategory, status: ComplaintStatus, lessonRequested: boolean, at: string } };

export type CloseComplaintMutationVariables = Exact<{
  i: CloseComplaintInput;
}>;


export type CloseComplaintMutation = { closeComplaint: { feedbackId: string, status: ComplaintStatus, at: string, owner: { id: string, name: string } | null } };

export type CompanyValuesQueryVariables = Exact<{
  includeArchived: boolean;
}>;


export type CompanyValuesQuery = { companyValues: Array<{ id: string, name: string, meaning: string, behaviours: Array<string>, active: boolean }> };

export type ComplaintQueryVariables = Exact<{
  id: string | number;
}>;


export type ComplaintQuery = { feedbackItem: { id: string, reference: string, kind: FeedbackKind, channel: Channel, rating: number | null, category: ComplaintCategory | null, body: string, source: string, receivedAt: string, status: ComplaintStatus | null, acknowledgeDueAt: string | null, resolveDueAt: string | null, acknowledgedAt: string | null, resolvedAt: string | null, closedAt: string | null, firstReplyAt: string | null, transferCount: number, reopenCount: number, allowedActions: Array<ComplaintAction>, survey: { state: SurveyState, delivery: SurveyDelivery, emailedAt: string | null, answeredAt: string | null, expiresAt: string } | null, owner: { id: string, name: string, jobTitle: string } | null, subjects: Array<{ id: string, name: string, jobTitle: string }>, customer: { name: string | null, email: string | null, phone: string | null, consent: boolean, erasedAt: string | null } | null, replies: Array<{ id: string, body: string, sentAt: string, author: { name: string } | null }> }, complaintHistory: Array<{ action: ComplaintAction, toStatus: ComplaintStatus, reason: string | null, fromCategory: ComplaintCategory | null, toCategory: ComplaintCategory | null, at: string, actor: { name: string } | null, toOwner: { name: string } | null }>, responseTargets: Array<{ channel: Channel, acknowledgeSeconds: number, resolveSeconds: number }> };

export type ComplaintInboxQueryVariables = Exact<{
  f?: FeedbackFilter | null | undefined;
  after?: string | null | undefined;
  first?: number | null | undefined;
}>;


export type ComplaintInboxQuery = { feedback: { items: Array<{ id: string, reference: string, channel: Channel, category: ComplaintCategory | null, body: string, receivedAt: string, status: ComplaintStatus | null, acknowledgeDueAt: string | null, resolveDueAt: string | null, acknowledgedAt: string | null, resolvedAt: string | null, closedAt: string | null, owner: { id: string, name: string } | null, subjects: Array<{ id: string, name: string }> }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type CompleteLessonMutationVariables = Exact<{
  i: CompleteLessonInput;
}>;


export type CompleteLessonMutation = { completeLesson: { passed: boolean, correctCount: number, itemCount: number, xpGained: number, progress: { xp: number, level: number, xpForNextLevel: number, streak: number, longestStreak: number, freezes: number, doneToday: boolean, xpToday: number } } };

export type CreateTeamFeedbackCodesMutationVariables = Exact<{
  i: CreateTeamFeedbackCodesInput;
}>;


export type CreateTeamFeedbackCodesMutation = { createTeamFeedbackCodes: { managerId: string, created: number } };

export type DefineCompanyValueMutationVariables = Exact<{
  input: CompanyValueInput;
}>;


export type DefineCompanyValueMutation = { defineCompanyValue: { id: string, name: string, meaning: string, behaviours: Array<string>, active: boolean } };

export type DraftScenarioFromComplaintMutationVariables = Exact<{
  i: DraftScenarioFromComplaintInput;
}>;


export type DraftScenarioFromComplaintMutation = { draftScenarioFromComplaint: { id: string, status: ScenarioStatus, sourceFeedbackId: string | null, createdAt: string, approvedAt: string | null, situation: { et: string, en: string }, worse: { et: string, en: string }, better: { et: string, en: string }, why: { et: string, en: string }, author: { id: string, name: string } | null } };

export type EditScenarioMutationVariables = Exact<{
  i: EditScenarioInput;
}>;


export type EditScenarioMutation = { editScenario: { id: string, status: ScenarioStatus, sourceFeedbackId: string | null, createdAt: string, approvedAt: string | null, situation: { et: string, en: string }, worse: { et: string, en: string }, better: { et: string, en: string }, why: { et: string, en: string }, author: { id: string, name: string } | null } };

export type HrLessonsQueryVariables = Exact<{
  locale?: Locale | null | undefined;
}>;


export type HrLessonsQuery = { lessons: { items: Array<{ id: string, title: string, topic: Topic }> } };

export type HrPeopleQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: EmployeeFilter | null | undefined;
}>;


export type HrPeopleQuery = { employees: { items: Array<{ id: string, hrId: string, name: string, email: string, jobTitle: string, roleFamily: string, role: string, active: boolean, manager: { id: string, name: string } | null }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type HrPersonQueryVariables = Exact<{
  id: string | number;
}>;


export type HrPersonQuery = { employee: { id: string, hrId: string, name: string, email: string, jobTitle: string, roleFamily: string, role: string, active: boolean, locale: string, timeZone: string, manager: { id: string, name: string } | null } | null, roleChanges: { items: Array<{ id: string, fromRole: EmployeeRole | null, toRole: EmployeeRole, via: RoleChangeVia, changedAt: string, changedBy: { id: string, name: string } | null }> } };

export type HrRoleChangesQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type HrRoleChangesQuery = { roleChanges: { items: Array<{ id: string, fromRole: EmployeeRole | null, toRole: EmployeeRole, via: RoleChangeVia, changedAt: string, employee: { id: string, name: string }, changedBy: { id: string, name: string } | null }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type ImportOrgChartMutationVariables = Exact<{
  input: ImportOrgChartInput;
}>;


export type ImportOrgChartMutation = { importOrgChart: { dryRun: boolean, created: Array<string>, updated: Array<string>, deactivated: Array<string>, reactivated: Array<string>, unchanged: number, invited: Array<string> } };

export type InviteEmployeeMutationVariables = Exact<{
  input: InviteEmployeeInput;
}>;


export type InviteEmployeeMutation = { inviteEmployee: { expiresAt: string, employee: { id: string, name: string, email: string } } };

export type ItemStatisticsQueryVariables = Exact<{
  lessonId: string | number;
  locale?: Locale | null | undefined;
}>;


export type ItemStatisticsQuery = { itemStatistics: Array<{ correctOption: number, answers: number, difficulty: number | null, discrimination: number | null, meanConfidence: number | null, flags: Array<ItemFlag> | null, item: { id: string, kind: ItemKind, question: string, options: Array<string> }, distractors: Array<{ option: number, text: string, share: number }> | null }> };

export type LeaderboardQueryVariables = Exact<{
  period: LeaderboardPeriod;
  scope: LeaderboardScope;
  nearMe: boolean;
}>;


export type LeaderboardQuery = { leaderboard: { period: LeaderboardPeriod, scope: LeaderboardScope, roleFamily: string | null, startsAt: string, endsAt: string, total: number, entries: Array<{ rank: number, points: number, isMe: boolean, name: string, nameHidden: boolean }>, me: { rank: number, points: number } | null } };

export type LessonSessionQueryVariables = Exact<{
  id: string | number;
  l?: Locale | null | undefined;
}>;


export type LessonSessionQuery = { lessonSession: { id: string, startedAt: string, completedAt: string | null, correctCount: number, passed: boolean, xpAwarded: number, lesson: { id: string }, items: Array<{ id: string, kind: ItemKind, context: string | null, question: string, options: Array<string> }> } };

export type LoginMutationVariables = Exact<{
  i: LoginInput;
}>;


export type LoginMutation = { login: { token: string } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, name: string, role: string, locale: string } };

export type MyComplaintPointsQueryVariables = Exact<{
  locale?: Locale | null | undefined;
}>;


export type MyComplaintPointsQuery = { myRecognition: { points: number, pendingPoints: number, history: { items: Array<{ id: string, rule: string, entry: LedgerEntryKind, points: number, feedbackId: string | null, state: LedgerEntryState, ruleLabel: string }> } } };

export type MyFeedbackQueryVariables = Exact<{ [key: string]: never; }>;


export type MyFeedbackQuery = { me: { id: string }, feedback: { items: Array<{ id: string, kind: FeedbackKind, channel: Channel, source: string, category: ComplaintCategory | null, rating: number | null, body: string, receivedAt: string, status: ComplaintStatus | null, companyValue: string | null, subjects: Array<{ id: string }> }> } };

export type MyManagerQueryVariables = Exact<{ [key: string]: never; }>;


export type MyManagerQuery = { me: { id: string, manager: { id: string, name: string, jobTitle: string } | null } };

export type MyProgressQueryVariables = Exact<{ [key: string]: never; }>;


export type MyProgressQuery = { me: { id: string, timeZone: string, progress: { xp: number, level: number, xpForNextLevel: number, xpToday: number, dailyXpCap: number, streak: number, longestStreak: number, freezes: number, lastActiveDate: string | null, doneToday: boolean, workDays: Array<Weekday>, nextWorkDays: { days: Array<Weekday>, effectiveFrom: string } | null, lessonsCompleted7Days: { completed: number, target: number }, lessonsCompleted30Days: { completed: number, target: number }, mastery: Array<{ topic: string, mastery: number, cards: number }>, xpHistory: Array<{ date: string, xpGained: number, xpTotal: number, level: number }>, lessonHistory: { items: Array<{ localDate: string, completedAt: string, minutes: number, score: number, passed: boolean, lesson: { id: string, title: string, topic: Topic } | null }>, pageInfo: { hasNextPage: boolean } } } } };

export type MyRecognitionQueryVariables = Exact<{
  locale?: Locale | null | undefined;
}>;


export type MyRecognitionQuery = { myRecognition: { points: number, pendingPoints: number, level: number, pointsForNextLevel: number, pointsThisWeek: number, pointsThisMonth: number, showNameOnLeaderboards: boolean, badges: Array<{ id: string, key: string, title: string, description: string, awardedAt: string }>, history: { items: Array<{ id: string, rule: string, entry: LedgerEntryKind, points: number, feedbackId: string | null, createdAt: string, state: LedgerEntryState, sourceKind: LedgerSourceKind, feedbackReference: string | null, ruleLabel: string }> } }, pointRules: Array<{ key: string, label: string, points: number, dailyCap: number | null }> };

export type RegisterPushSubscriptionMutationVariables = Exact<{
  i: RegisterPushSubscriptionInput;
}>;


export type RegisterPushSubscriptionMutation = { registerPushSubscription: { reminder: { enabled: boolean, localTime: string | null, channels: Array<ReminderChannel>, pushDevices: number, lastSentOn: string | null } } };

export type ReminderSettingsQueryVariables = Exact<{ [key: string]: never; }>;


export type ReminderSettingsQuery = { vapidPublicKey: string, me: { id: string, timeZone: string, reminder: { enabled: boolean, localTime: string | null, channels: Array<ReminderChannel>, pushDevices: number, lastSentOn: string | null } | null } };

export type RemovePushSubscriptionMutationVariables = Exact<{
  i: RemovePushSubscriptionInput;
}>;


export type RemovePushSubscriptionMutation = { removePushSubscription: { removed: boolean, reminder: { enabled: boolean, localTime: string | null, channels: Array<ReminderChannel>, pushDevices: number, lastSentOn: string | null } } };

export type ReopenComplaintMutationVariables = Exact<{
  i: ReopenComplaintInput;
}>;


export type ReopenComplaintMutation = { reopenComplaint: { feedbackId: string, status: ComplaintStatus, at: string, owner: { id: string, name: string } | null } };

export type ReplyToFeedbackMutationVariables = Exact<{
  i: ReplyToFeedbackInput;
}>;


export type ReplyToFeedbackMutation = { replyToFeedback: { id: string, body: string, sentAt: string, author: { name: string } | null } };

export type RequestPasswordResetMutationVariables = Exact<{
  i: RequestPasswordResetInput;
}>;


export type RequestPasswordResetMutation = { requestPasswordReset: { accepted: boolean } };

export type ResetPasswordMutationVariables = Exact<{
  i: SetPasswordWithLinkInput;
}>;


export type ResetPasswordMutation = { resetPassword: { token: string } };

export type ResolveComplaintMutationVariables = Exact<{
  i: ResolveComplaintInput;
}>;


export type ResolveComplaintMutation = { resolveComplaint: { feedbackId: string, status: ComplaintStatus, at: string, owner: { id: string, name: string } | null } };

export type SetDailyReminderMutationVariables = Exact<{
  i: SetDailyReminderInput;
}>;


export type SetDailyReminderMutation = { setDailyReminder: { reminder: { enabled: boolean, localTime: string | null, channels: Array<ReminderChannel>, pushDevices: number, lastSentOn: string | null } } };

export type SetEmployeeRoleMutationVariables = Exact<{
  input: SetEmployeeRoleInput;
}>;


export type SetEmployeeRoleMutation = { setEmployeeRole: { changed: boolean, employee: { id: string, role: string } } };

export type SetMyLeaderboardVisibilityMutationVariables = Exact<{
  input: SetMyLeaderboardVisibilityInput;
}>;


export type SetMyLeaderboardVisibilityMutation = { setMyLeaderboardVisibility: { showName: boolean, clientMutationId: string } };

export type SetMyWorkDaysMutationVariables = Exact<{
  input: SetMyWorkDaysInput;
}>;


export type SetMyWorkDaysMutation = { setMyWorkDays: { workDays: Array<Weekday>, effectiveFrom: string, progress: { workDays: Array<Weekday>, nextWorkDays: { days: Array<Weekday>, effectiveFrom: string } | null } } };

export type StartLessonMutationVariables = Exact<{
  i: StartLessonInput;
}>;


export type StartLessonMutation = { startLesson: { id: string, startedAt: string, items: Array<{ id: string, kind: ItemKind, context: string | null, question: string, options: Array<string> }> } };

export type StartTrainingExportMutationVariables = Exact<{
  input: StartTrainingExportInput;
}>;


export type StartTrainingExportMutation = { startTrainingExport: { id: string, status: ExportStatus, rowsDone: number, rowsTotal: number | null } };

export type TeamChartsQueryVariables = Exact<{
  m?: string | number | null | undefined;
}>;


export type TeamChartsQuery = { team: { managerId: string, progress: { masteryComputedAt: string | null, mastery: Array<{ topic: string, mastery: number, cards: number }>, lessonsCompleted30Days: { completed: number, target: number } }, members: { items: Array<{ id: string, progress: { lessonHistory: { items: Array<{ localDate: string, passed: boolean }> } } }>, pageInfo: { hasNextPage: boolean } } } };

export type TeamCoachingNeedsQueryVariables = Exact<{
  m?: string | number | null | undefined;
  after?: string | null | undefined;
}>;


export type TeamCoachingNeedsQuery = { team: { managerId: string, coachingNeeds: { items: Array<{ reason: CoachingReason, category: string | null, complaints: number, passedAt: string | null, complaints30DaysBeforePassing: number | null, complaints30DaysAfterPassing: number | null, daysObservedAfterPassing: number | null, employee: { id: string, name: string, jobTitle: string }, lesson: { id: string, title: string } | null }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } } };

export type TeamFeedbackCodesQueryVariables = Exact<{
  m?: string | number | null | undefined;
  after?: string | null | undefined;
}>;


export type TeamFeedbackCodesQuery = { team: { managerId: string, manager: { id: string, name: string }, feedbackCodes: { items: Array<{ formUrl: string | null, qrSvg: string | null, code: { code: string } | null, employee: { id: string, name: string, jobTitle: string } }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } } };

export type TeamLessonChoicesQueryVariables = Exact<{
  l?: Locale | null | undefined;
}>;


export type TeamLessonChoicesQuery = { lessons: { items: Array<{ id: string, title: string, topic: Topic, minutes: number }>, pageInfo: { hasNextPage: boolean } } };

export type TeamManagersQueryVariables = Exact<{
  search?: string | null | undefined;
  after?: string | null | undefined;
}>;


export type TeamManagersQuery = { managers: { items: Array<{ id: string, name: string, jobTitle: string, role: string }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } }, admins: { items: Array<{ id: string, name: string, jobTitle: string, role: string }> } };

export type TeamResolvedComplaintsQueryVariables = Exact<{ [key: string]: never; }>;


export type TeamResolvedComplaintsQuery = { resolved: { items: Array<{ id: string, category: ComplaintCategory | null, body: string, resolvedAt: string | null, subjects: Array<{ id: string, name: string }> }> }, closed: { items: Array<{ id: string, category: ComplaintCategory | null, body: string, resolvedAt: string | null, subjects: Array<{ id: string, name: string }> }> }, authoredScenarios: Array<{ id: string, status: ScenarioStatus, sourceFeedbackId: string | null, createdAt: string, approvedAt: string | null, situation: { et: string, en: string }, worse: { et: string, en: string }, better: { et: string, en: string }, why: { et: string, en: string }, author: { id: string, name: string } | null }> };

export type TeamServiceTrendQueryVariables = Exact<{
  m: string | number;
  t0: string;
  t1: string;
  t2: string;
  t3: string;
  t4: string;
  t5: string;
  t6: string;
}>;


export type TeamServiceTrendQuery = { n0: { score: number | null, responses: number }, n1: { score: number | null, responses: number }, n2: { score: number | null, responses: number }, n3: { score: number | null, responses: number }, n4: { score: number | null, responses: number }, n5: { score: number | null, responses: number }, c0: { mean: number | null, answers: number }, c1: { mean: number | null, answers: number }, c2: { mean: number | null, answers: number }, c3: { mean: number | null, answers: number }, c4: { mean: number | null, answers: number }, c5: { mean: number | null, answers: number } };

export type TeamWorkspaceQueryVariables = Exact<{
  m?: string | number | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  sort: TeamMemberSort;
  desc: boolean;
  depth: TeamDepth;
}>;


export type TeamWorkspaceQuery = { team: { managerId: string, manager: { id: string, name: string, jobTitle: string }, progress: { headcount: number, activeLearners7Days: number, activeLearners30Days: number, meanCurrentStreak: number, overdueAssignments: number, completedAssignments30Days: number, lessonsCompleted7Days: { completed: number, target: number }, lessonsCompleted30Days: { completed: number, target: number } }, subteams: Array<{ managerId: string, manager: { id: string, name: string, jobTitle: string }, progress: { headcount: number, activeLearners7Days: number, overdueAssignments: number, lessonsCompleted30Days: { completed: number, target: number } } }>, members: { items: Array<{ id: string, name: string, jobTitle: string, progress: { doneToday: boolean, currentStreak: number, overdueAssignments: number, lessonsCompleted30Days: { completed: number, target: number } }, openAssignments: Array<{ id: string, dueDate: string | null, lesson: { id: string, title: string } }> }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } } };

export type TodayQueryVariables = Exact<{
  l?: Locale | null | undefined;
}>;


export type TodayQuery = { today: { date: string, reason: DailyReason, minutes: number, lesson: { id: string, title: string, summary: string, minutes: number, cards: Array<{ title: string, body: string, minutes: number }> } | null, reviewItems: Array<{ id: string, kind: ItemKind, context: string | null, question: string, options: Array<string> }>, session: { id: string, startedAt: string, completedAt: string | null, correctCount: number, passed: boolean, xpAwarded: number } | null, progress: { xp: number, level: number, xpForNextLevel: number, streak: number, longestStreak: number, freezes: number, doneToday: boolean, xpToday: number } } };

export type TodayBadgesQueryVariables = Exact<{ [key: string]: never; }>;


export type TodayBadgesQuery = { myRecognition: { badges: Array<{ id: string, key: string, title: string, description: string, awardedAt: string }> } };

export type TrainingExportQueryVariables = Exact<{
  id: string | number;
}>;


export type TrainingExportQuery = { trainingExport: { id: string, kind: ExportKind, format: ExportFormat, status: ExportStatus, rowsDone: number, rowsTotal: number | null, error: string | null, expiresAt: string | null, createdAt: string, finishedAt: string | null, downloadUrl: string | null, filters: { from: string, to: string, topic: Topic | null, excelBom: boolean } } | null };

export type TrainingExportsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type TrainingExportsQuery = { trainingExports: { items: Array<{ id: string, kind: ExportKind, format: ExportFormat, status: ExportStatus, rowsDone: number, rowsTotal: number | null, error: string | null, expiresAt: string | null, createdAt: string, finishedAt: string | null, downloadUrl: string | null, filters: { from: string, to: string, topic: Topic | null, excelBom: boolean } }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type TransferComplaintMutationVariables = Exact<{
  i: TransferComplaintInput;
}>;


export type TransferComplaintMutation = { transferComplaint: { feedbackId: string, status: ComplaintStatus, at: string, owner: { id: string, name: string } | null } };

export type TransferPeopleQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type TransferPeopleQuery = { employees: { items: Array<{ id: string, name: string, jobTitle: string }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type UpdateCompanyValueMutationVariables = Exact<{
  input: UpdateCompanyValueInput;
}>;


export type UpdateCompanyValueMutation = { updateCompanyValue: { id: string, name: string, meaning: string, behaviours: Array<string>, active: boolean } };
