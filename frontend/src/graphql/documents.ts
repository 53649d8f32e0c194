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
export const AnswerItem = "sha256:4e2d4ee647d3a0a1cf8f85d9d37ae2cf51d6902b71c2ad46045097afebd6d5cd" as Persisted<T.AnswerItemMutation, T.AnswerItemMutationVariables>;
export const AssignLesson = "sha256:e1d8b2c06b340dc6694ec33b3c2a6a891e1b8dee49d6e246e36cc7ec2bd88d98" as Persisted<T.AssignLessonMutation, T.AssignLessonMutationVariables>;
export const CompleteLesson = "sha256:0b12e5b70457552598597597913de25380e5a4b89507cb972ce4d34439d5f6c2" as Persisted<T.CompleteLessonMutation, T.CompleteLessonMutationVariables>;
export const Login = "sha256:78eb93414aaff02d1ac0a7db4848f1c77eb58a78550c18b3f61c43cfeb599d6c" as Persisted<T.LoginMutation, T.LoginMutationVariables>;
export const Me = "sha256:c4893a8c0321047cafe860552fc178d76692100c00f093725fc4e162e78c6e77" as Persisted<T.MeQuery, T.MeQueryVariables>;
export const RegisterPushSubscription = "sha256:6d125abbbd4263ac61af7cf1e07f01c7e443c3364eac20e3b6c477bbcaafa227" as Persisted<T.RegisterPushSubscriptionMutation, T.RegisterPushSubscriptionMutationVariables>;
export const ReminderSettings = "sha256:7ae8de9d70e2285b16221348f971723678d9347b989607e47039bdb0289ad6fa" as Persisted<T.ReminderSettingsQuery, T.ReminderSettingsQueryVariables>;
export const RemovePushSubscription = "sha256:28432403b459bbcde4a9c279dab0b27991ea25686051b66a65f14243fc38ea0e" as Persisted<T.RemovePushSubscriptionMutation, T.RemovePushSubscriptionMutationVariables>;
export const RequestPasswordReset = "sha256:5adf7362e0722e89ee70f1d5adffc11387c9112d6acf858ff780d4ea50e25a18" as Persisted<T.RequestPasswordResetMutation, T.RequestPasswordResetMutationVariables>;
export const ResetPassword = "sha256:e86d2e417a3f8ba1b9583ce3f2a96ccf12c2087a46187153a8f3e3a4e25405dc" as Persisted<T.ResetPasswordMutation, T.ResetPasswordMutationVariables>;
export const SetDailyReminder = "sha256:fe6827cf9dbe9b7d02ef57b67ae9dee77130dce8b77e011ef78adcf848da1cc6" as Persisted<T.SetDailyReminderMutation, T.SetDailyReminderMutationVariables>;
export const StartLesson = "sha256:a1d778673f6d54bc7bdde5b47bffa45847f72e15d0770bb18ff4d070891b0379" as Persisted<T.StartLessonMutation, T.StartLessonMutationVariables>;
export const Team = "sha256:06ab3d31d9b90387044ff2b6577c617904319e332cab4a29555a56501adbf68a" as Persisted<T.TeamQuery, T.TeamQueryVariables>;
export const Today = "sha256:3a599c6756194ff4a9806e2a52f91edd6f1004e124de1deeca4235f443a7adf8" as Persisted<T.TodayQuery, T.TodayQueryVariables>;
