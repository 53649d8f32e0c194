/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
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

export type AssignLessonInput = {
  clientMutationId: string;
  dueDate?: string | null | undefined;
  employeeIds: Array<string | number>;
  lessonId: string | number;
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

export type FeedbackKind =
  | 'COMPLAINT'
  | 'PRAISE'
  | 'SUGGESTION';

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

export type Locale =
  | 'EN'
  | 'ET';

export type LoginInput = {
  email: string;
  password: string;
};

export type RequestPasswordResetInput = {
  email: string;
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

export type SubmitPublicFeedbackInput = {
  /** Up to 2,000 characters. */
  body?: string | null | undefined;
  /** Complaints: what went wrong, as the customer picked it (the form words each in their terms); assigns the matching lesson. The form offers every category but REQUEST_REFUSED (INVALID_CATEGORY). */
  category?: ComplaintCategory | null | undefined;
  code: string;
  consent?: boolean;
  contact?: CustomerContactInput | null | undefined;
  kind: FeedbackKind;
  rating?: number | null | undefined;
  /** Leave empty. */
  website?: string | null | undefined;
};

/** open: can be answered; withdrawn: the complaint was reopened. */
export type SurveyState =
  | 'ANSWERED'
  | 'EXPIRED'
  | 'OPEN'
  | 'WITHDRAWN';

export type Topic =
  | 'COMMUNICATION'
  | 'SITUATIONS'
  | 'TIME_MANAGEMENT'
  | 'VALUES';

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

export type PublicCodeQueryVariables = Exact<{
  c: string;
}>;


export type PublicCodeQuery = { publicCode: { firstName: string | null, jobTitle: string | null, location: string | null } | null };

export type PublicSurveyQueryVariables = Exact<{
  t: string;
}>;


export type PublicSurveyQuery = { publicSurvey: { state: SurveyState, expiresAt: string } };

export type SubmitPublicFeedbackMutationVariables = Exact<{
  i: SubmitPublicFeedbackInput;
}>;


export type SubmitPublicFeedbackMutation = { submitPublicFeedback: { received: boolean } };

export type AcceptInvitationMutationVariables = Exact<{
  i: SetPasswordWithLinkInput;
}>;


export type AcceptInvitationMutation = { acceptInvitation: { token: string } };

export type AnswerItemMutationVariables = Exact<{
  i: AnswerItemInput;
}>;


export type AnswerItemMutation = { answerItem: { correct: boolean, correctOption: number, explanation: string, xpGained: number } };

export type AssignLessonMutationVariables = Exact<{
  i: AssignLessonInput;
}>;


export type AssignLessonMutation = { assignLesson: Array<{ id: string }> };

export type BadgeCredentialQueryVariables = Exact<{
  badgeId: string | number;
}>;


export type BadgeCredentialQuery = { badgeCredential: { badgeId: string, key: string, awardedAt: string, jwt: string } };

export type CompleteLessonMutationVariables = Exact<{
  i: CompleteLessonInput;
}>;


export type CompleteLessonMutation = { completeLesson: { passed: boolean, correctCount: number, itemCount: number, xpGained: number, progress: { streak: number } } };

export type LeaderboardQueryVariables = Exact<{
  period: LeaderboardPeriod;
  scope: LeaderboardScope;
  nearMe: boolean;
}>;


export type LeaderboardQuery = { leaderboard: { period: LeaderboardPeriod, scope: LeaderboardScope, roleFamily: string | null, startsAt: string, endsAt: string, total: number, entries: Array<{ rank: number, points: number, isMe: boolean, name: string, nameHidden: boolean }>, me: { rank: number, points: number } | null } };

export type LoginMutationVariables = Exact<{
  i: LoginInput;
}>;


export type LoginMutation = { login: { token: string } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, name: string, role: string, locale: string } };

export type MyProgressQueryVariables = Exact<{ [key: string]: never; }>;


export type MyProgressQuery = { me: { id: string, timeZone: string, progress: { xp: number, level: number, xpForNextLevel: number, xpToday: number, dailyXpCap: number, streak: number, longestStreak: number, freezes: number, lastActiveDate: string | null, doneToday: boolean, workDays: Array<Weekday>, nextWorkDays: { days: Array<Weekday>, effectiveFrom: string } | null, lessonsCompleted7Days: { completed: number, target: number }, lessonsCompleted30Days: { completed: number, target: number }, mastery: Array<{ topic: string, mastery: number, cards: number }>, lessonHistory: { items: Array<{ localDate: string, completedAt: string, minutes: number, score: number, passed: boolean, lesson: { id: string, title: string, topic: Topic } | null }>, pageInfo: { hasNextPage: boolean } } } } };

export type MyRecognitionQueryVariables = Exact<{ [key: string]: never; }>;


export type MyRecognitionQuery = { me: { id: string }, myRecognition: { points: number, pendingPoints: number, level: number, pointsForNextLevel: number, pointsThisWeek: number, pointsThisMonth: number, showNameOnLeaderboards: boolean, badges: Array<{ id: string, key: string, title: string, description: string, awardedAt: string }>, history: { items: Array<{ id: string, rule: string, entry: LedgerEntryKind, points: number, feedbackId: string | null, createdAt: string }> } }, pointRules: Array<{ key: string, description: string }>, feedback: { items: Array<{ id: string, kind: FeedbackKind, channel: Channel, source: string, category: ComplaintCategory | null, rating: number | null, body: string, receivedAt: string, status: ComplaintStatus | null, companyValue: string | null, subjects: Array<{ id: string }> }> } };

export type RequestPasswordResetMutationVariables = Exact<{
  i: RequestPasswordResetInput;
}>;


export type RequestPasswordResetMutation = { requestPasswordReset: { accepted: boolean } };

export type ResetPasswordMutationVariables = Exact<{
  i: SetPasswordWithLinkInput;
}>;


export type ResetPasswordMutation = { resetPassword: { token: string } };

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


export type StartLessonMutation = { startLesson: { id: string, items: Array<{ id: string, kind: ItemKind, context: string | null, question: string, options: Array<string> }> } };

export type TeamQueryVariables = Exact<{
  l?: Locale | null | undefined;
}>;


export type TeamQuery = { employees: { items: Array<{ id: string, name: string, jobTitle: string, progress: { streak: number, xp: number, level: number, doneToday: boolean }, openAssignments: Array<{ dueDate: string | null, lesson: { title: string } }> }> }, lessons: { items: Array<{ id: string, title: string, topic: Topic }> } };

export type TodayQueryVariables = Exact<{
  l?: Locale | null | undefined;
}>;


export type TodayQuery = { today: { date: string, reason: DailyReason, minutes: number, lesson: { id: string, title: string, summary: string, minutes: number, cards: Array<{ title: string, body: string, minutes: number }> } | null, reviewItems: Array<{ id: string, kind: ItemKind, context: string | null, question: string, options: Array<string> }>, session: { id: string, completedAt: string | null, passed: boolean, xpAwarded: number } | null, progress: { xp: number, level: number, xpForNextLevel: number, streak: number, longestStreak: number, freezes: number, doneToday: boolean } } };
