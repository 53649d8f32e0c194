// Generated from frontend/operations/<app>/*.graphql by `make schema` (python -m services.learning.cli persist-documents): do not edit.
// Each operation's persisted-document id, typed with its result and variables; the server holds the text
// (gateway/persisted-documents.json), the app sends only the id.
import type * as T from "./types";
import type { Persisted } from "../lib/api";

export const AnswerSurvey = "sha256:029b97c6fb8b3c95543c236ad29dda605e63112b5da735d952eb8728b45d40a1" as Persisted<T.AnswerSurveyMutation, T.AnswerSurveyMutationVariables>;
export const PublicCode = "sha256:e0f55abc21e04a8fea0814e24ec0f07898b70f6cd95ce8ce027c1ec8fdde916c" as Persisted<T.PublicCodeQuery, T.PublicCodeQueryVariables>;
export const PublicSurvey = "sha256:c8c4a5f7fa6058af35e7cb3627e7d1aa780ceccbdf076b9727d60d13e61a066d" as Persisted<T.PublicSurveyQuery, T.PublicSurveyQueryVariables>;
export const SubmitPublicFeedback = "sha256:40b7eb176114559ce4e634a90d8949280d2a6ee6a174282a265761be92470366" as Persisted<T.SubmitPublicFeedbackMutation, T.SubmitPublicFeedbackMutationVariables>;
export const AcceptInvitation = "sha256:8fe5ba2ee8bb3b399fd4d5fcbfac12626ccf3dc32a3f83efb403429c8485e85a" as Persisted<T.AcceptInvitationMutation, T.AcceptInvitationMutationVariables>;
export const AnswerItem = "sha256:17e3f2ca7cee237612b3c3b50e01caf041ea72896d097cb0c1c374c4375689c7" as Persisted<T.AnswerItemMutation, T.AnswerItemMutationVariables>;
export const AssignLesson = "sha256:e1d8b2c06b340dc6694ec33b3c2a6a891e1b8dee49d6e246e36cc7ec2bd88d98" as Persisted<T.AssignLessonMutation, T.AssignLessonMutationVariables>;
export const CompleteLesson = "sha256:ba678d3e5fd85a50ddedc524fc39973f9969b30ee187927b739bd5556e8b1691" as Persisted<T.CompleteLessonMutation, T.CompleteLessonMutationVariables>;
export const LessonSession = "sha256:c2640517d959598b4a31edcb448e2b71adadee962122e8147b39d204f96f03f8" as Persisted<T.LessonSessionQuery, T.LessonSessionQueryVariables>;
export const Login = "sha256:78eb93414aaff02d1ac0a7db4848f1c77eb58a78550c18b3f61c43cfeb599d6c" as Persisted<T.LoginMutation, T.LoginMutationVariables>;
export const Me = "sha256:c4893a8c0321047cafe860552fc178d76692100c00f093725fc4e162e78c6e77" as Persisted<T.MeQuery, T.MeQueryVariables>;
export const RequestPasswordReset = "sha256:5adf7362e0722e89ee70f1d5adffc11387c9112d6acf858ff780d4ea50e25a18" as Persisted<T.RequestPasswordResetMutation, T.RequestPasswordResetMutationVariables>;
export const ResetPassword = "sha256:e86d2e417a3f8ba1b9583ce3f2a96ccf12c2087a46187153a8f3e3a4e25405dc" as Persisted<T.ResetPasswordMutation, T.ResetPasswordMutationVariables>;
export const StartLesson = "sha256:638fd23a3171428b5cf389ec5cdfd42e7354b5be5098aab7ee0c2c6f95c26900" as Persisted<T.StartLessonMutation, T.StartLessonMutationVariables>;
export const Team = "sha256:06ab3d31d9b90387044ff2b6577c617904319e332cab4a29555a56501adbf68a" as Persisted<T.TeamQuery, T.TeamQueryVariables>;
export const Today = "sha256:a651ae9e69f7206a4673985f98974fd68488d0a0aef9e60316318bacadfd770f" as Persisted<T.TodayQuery, T.TodayQueryVariables>;
export const TodayBadges = "sha256:642dbc8bf6d62fd9947b4d7032b09b43fa6101e5c48b1c8c4007510805ae5856" as Persisted<T.TodayBadgesQuery, T.TodayBadgesQueryVariables>;
