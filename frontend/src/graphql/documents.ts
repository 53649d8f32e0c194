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
export const ArchiveCompanyValue = "sha256:441b39cf22b2577b70626f19d2a545d027ca4f87eb33fe70ceb474c9d0fcad58" as Persisted<T.ArchiveCompanyValueMutation, T.ArchiveCompanyValueMutationVariables>;
export const AssignLesson = "sha256:e1d8b2c06b340dc6694ec33b3c2a6a891e1b8dee49d6e246e36cc7ec2bd88d98" as Persisted<T.AssignLessonMutation, T.AssignLessonMutationVariables>;
export const CompanyValues = "sha256:45ac6e7aa23b6a54ed1ae0d98515e4b55071bc987ea3403779c5fc37ac558cd7" as Persisted<T.CompanyValuesQuery, T.CompanyValuesQueryVariables>;
export const CompleteLesson = "sha256:0b12e5b70457552598597597913de25380e5a4b89507cb972ce4d34439d5f6c2" as Persisted<T.CompleteLessonMutation, T.CompleteLessonMutationVariables>;
export const DefineCompanyValue = "sha256:3eac6381ec0ca614f4090714802f20229b17bc87b78c65be860b2ae2bad078e5" as Persisted<T.DefineCompanyValueMutation, T.DefineCompanyValueMutationVariables>;
export const HrLessons = "sha256:9e78f31894e8ff250a52541b65dfbfbaf24dba7ffb463d831bda8ee2f1dcd157" as Persisted<T.HrLessonsQuery, T.HrLessonsQueryVariables>;
export const HrPeople = "sha256:82dbe93ae469f1b5f9acce6c268206c63b3017eea4ba892939f80231eb3bc602" as Persisted<T.HrPeopleQuery, T.HrPeopleQueryVariables>;
export const HrPerson = "sha256:37bfaacb05b1a5cdfe4cddcf40d7c96c777bede46b9d3f29322231536c45d04c" as Persisted<T.HrPersonQuery, T.HrPersonQueryVariables>;
export const HrRoleChanges = "sha256:2ed3ab449127a34393a0317fa53cf680eedbede8000be44e0ea3fbafd2e6c2f8" as Persisted<T.HrRoleChangesQuery, T.HrRoleChangesQueryVariables>;
export const ImportOrgChart = "sha256:adf1ca571e733a815315a21746ce5dba5b85571ee6a91a4065c67636c4850edb" as Persisted<T.ImportOrgChartMutation, T.ImportOrgChartMutationVariables>;
export const InviteEmployee = "sha256:9a8b198b2e6429d0650063fe621f3f22185a5488c92a6a20d5e1317eef1247f0" as Persisted<T.InviteEmployeeMutation, T.InviteEmployeeMutationVariables>;
export const ItemStatistics = "sha256:925f28ae00cdbed0c1fa0aac85cac1ef7eece2b01d8c41ffed63e83c05d706af" as Persisted<T.ItemStatisticsQuery, T.ItemStatisticsQueryVariables>;
export const Login = "sha256:78eb93414aaff02d1ac0a7db4848f1c77eb58a78550c18b3f61c43cfeb599d6c" as Persisted<T.LoginMutation, T.LoginMutationVariables>;
export const Me = "sha256:c4893a8c0321047cafe860552fc178d76692100c00f093725fc4e162e78c6e77" as Persisted<T.MeQuery, T.MeQueryVariables>;
export const RegisterPushSubscription = "sha256:6d125abbbd4263ac61af7cf1e07f01c7e443c3364eac20e3b6c477bbcaafa227" as Persisted<T.RegisterPushSubscriptionMutation, T.RegisterPushSubscriptionMutationVariables>;
export const ReminderSettings = "sha256:7ae8de9d70e2285b16221348f971723678d9347b989607e47039bdb0289ad6fa" as Persisted<T.ReminderSettingsQuery, T.ReminderSettingsQueryVariables>;
export const RemovePushSubscription = "sha256:28432403b459bbcde4a9c279dab0b27991ea25686051b66a65f14243fc38ea0e" as Persisted<T.RemovePushSubscriptionMutation, T.RemovePushSubscriptionMutationVariables>;
export const RequestPasswordReset = "sha256:5adf7362e0722e89ee70f1d5adffc11387c9112d6acf858ff780d4ea50e25a18" as Persisted<T.RequestPasswordResetMutation, T.RequestPasswordResetMutationVariables>;
export const ResetPassword = "sha256:e86d2e417a3f8ba1b9583ce3f2a96ccf12c2087a46187153a8f3e3a4e25405dc" as Persisted<T.ResetPasswordMutation, T.ResetPasswordMutationVariables>;
export const SetDailyReminder = "sha256:fe6827cf9dbe9b7d02ef57b67ae9dee77130dce8b77e011ef78adcf848da1cc6" as Persisted<T.SetDailyReminderMutation, T.SetDailyReminderMutationVariables>;
export const SetEmployeeRole = "sha256:656eeb9a10493d9ced03109eb581a3a9d1f66800e3021c17eb1600261210566a" as Persisted<T.SetEmployeeRoleMutation, T.SetEmployeeRoleMutationVariables>;
export const StartLesson = "sha256:a1d778673f6d54bc7bdde5b47bffa45847f72e15d0770bb18ff4d070891b0379" as Persisted<T.StartLessonMutation, T.StartLessonMutationVariables>;
export const StartTrainingExport = "sha256:bd80454f1f9b2999eea888e005680c3138254983b72febaadc6f28d675709c1a" as Persisted<T.StartTrainingExportMutation, T.StartTrainingExportMutationVariables>;
export const Team = "sha256:06ab3d31d9b90387044ff2b6577c617904319e332cab4a29555a56501adbf68a" as Persisted<T.TeamQuery, T.TeamQueryVariables>;
export const Today = "sha256:3a599c6756194ff4a9806e2a52f91edd6f1004e124de1deeca4235f443a7adf8" as Persisted<T.TodayQuery, T.TodayQueryVariables>;
export const TrainingExport = "sha256:3913143b3001eb4ffdf15e76bc78e9b161872a8ed54681aaf3d646a987eb6037" as Persisted<T.TrainingExportQuery, T.TrainingExportQueryVariables>;
export const TrainingExports = "sha256:0dea362786241eeb1ebd8c1c3b51a0cdde5b9aabeb299ae6ef007a111aa2a628" as Persisted<T.TrainingExportsQuery, T.TrainingExportsQueryVariables>;
export const UpdateCompanyValue = "sha256:232676a7a0ce9ee05248b6dff071ee0ae4d9cdb6455b8be93864d64e93b2ac88" as Persisted<T.UpdateCompanyValueMutation, T.UpdateCompanyValueMutationVariables>;
