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
export const BadgeCredential = "sha256:b5227b11a1b30c07fe3e56a807a9fbd669f1fda021efa86c0382b6c8bac49610" as Persisted<T.BadgeCredentialQuery, T.BadgeCredentialQueryVariables>;
export const CompleteLesson = "sha256:0b12e5b70457552598597597913de25380e5a4b89507cb972ce4d34439d5f6c2" as Persisted<T.CompleteLessonMutation, T.CompleteLessonMutationVariables>;
export const Leaderboard = "sha256:42fba1d427d0bbf2f7d930224f474e33e3e028956d85cc8413acc43f47adbabf" as Persisted<T.LeaderboardQuery, T.LeaderboardQueryVariables>;
export const Login = "sha256:78eb93414aaff02d1ac0a7db4848f1c77eb58a78550c18b3f61c43cfeb599d6c" as Persisted<T.LoginMutation, T.LoginMutationVariables>;
export const Me = "sha256:c4893a8c0321047cafe860552fc178d76692100c00f093725fc4e162e78c6e77" as Persisted<T.MeQuery, T.MeQueryVariables>;
export const MyProgress = "sha256:9294780b0cfbd0208dbeb37c09a4cd58262a7158eab8e8b469af2ffd409b4463" as Persisted<T.MyProgressQuery, T.MyProgressQueryVariables>;
export const MyRecognition = "sha256:0bc836dbfc553063644174a53d272d1364eac2ca83980008997df7acfa9b3c38" as Persisted<T.MyRecognitionQuery, T.MyRecognitionQueryVariables>;
export const RequestPasswordReset = "sha256:5adf7362e0722e89ee70f1d5adffc11387c9112d6acf858ff780d4ea50e25a18" as Persisted<T.RequestPasswordResetMutation, T.RequestPasswordResetMutationVariables>;
export const ResetPassword = "sha256:e86d2e417a3f8ba1b9583ce3f2a96ccf12c2087a46187153a8f3e3a4e25405dc" as Persisted<T.ResetPasswordMutation, T.ResetPasswordMutationVariables>;
export const SetMyLeaderboardVisibility = "sha256:67d099058582ca7268cdb4211fce92233060b15c57fa3ae5e3d0c683de72a6b3" as Persisted<T.SetMyLeaderboardVisibilityMutation, T.SetMyLeaderboardVisibilityMutationVariables>;
export const SetMyWorkDays = "sha256:d19c84aa5faa29a24fac69ee045545ec364acbee0a5eab6aaee67da778ed4be6" as Persisted<T.SetMyWorkDaysMutation, T.SetMyWorkDaysMutationVariables>;
export const StartLesson = "sha256:a1d778673f6d54bc7bdde5b47bffa45847f72e15d0770bb18ff4d070891b0379" as Persisted<T.StartLessonMutation, T.StartLessonMutationVariables>;
export const Team = "sha256:06ab3d31d9b90387044ff2b6577c617904319e332cab4a29555a56501adbf68a" as Persisted<T.TeamQuery, T.TeamQueryVariables>;
export const Today = "sha256:3a599c6756194ff4a9806e2a52f91edd6f1004e124de1deeca4235f443a7adf8" as Persisted<T.TodayQuery, T.TodayQueryVariables>;
