// Generated from frontend/operations/<app>/*.graphql by `make schema` (python -m services.learning.cli persist-documents): do not edit.
// Each operation's persisted-document id, typed with its result and variables; the server holds the text
// (gateway/persisted-documents.json), the app sends only the id.
import type * as T from "./types";
import type { Persisted } from "../lib/api";

export const AnswerSurvey = "sha256:029b97c6fb8b3c95543c236ad29dda605e63112b5da735d952eb8728b45d40a1" as Persisted<T.AnswerSurveyMutation, T.AnswerSurveyMutationVariables>;
export const PublicCode = "sha256:72b204546ce91429b0ab315d47346d4b1758ee3d90e0ca9003f4ddfdee16e2a2" as Persisted<T.PublicCodeQuery, T.PublicCodeQueryVariables>;
export const PublicSurvey = "sha256:c8c4a5f7fa6058af35e7cb3627e7d1aa780ceccbdf076b9727d60d13e61a066d" as Persisted<T.PublicSurveyQuery, T.PublicSurveyQueryVariables>;
export const SubmitPublicFeedback = "sha256:bd33146ccd0a26aadc7802a2f7daaee7c46bc6ba3947f2376831c6b3cbfb52f6" as Persisted<T.SubmitPublicFeedbackMutation, T.SubmitPublicFeedbackMutationVariables>;
export const AcceptInvitation = "sha256:8fe5ba2ee8bb3b399fd4d5fcbfac12626ccf3dc32a3f83efb403429c8485e85a" as Persisted<T.AcceptInvitationMutation, T.AcceptInvitationMutationVariables>;
export const AcknowledgeComplaint = "sha256:423d9a7ae2c3f27a7b2a8e295fb6332e9679806c75d0320e8fc9532caef393a7" as Persisted<T.AcknowledgeComplaintMutation, T.AcknowledgeComplaintMutationVariables>;
export const AnswerItem = "sha256:17e3f2ca7cee237612b3c3b50e01caf041ea72896d097cb0c1c374c4375689c7" as Persisted<T.AnswerItemMutation, T.AnswerItemMutationVariables>;
export const AssignLesson = "sha256:e1d8b2c06b340dc6694ec33b3c2a6a891e1b8dee49d6e246e36cc7ec2bd88d98" as Persisted<T.AssignLessonMutation, T.AssignLessonMutationVariables>;
export const BadgeCredential = "sha256:b5227b11a1b30c07fe3e56a807a9fbd669f1fda021efa86c0382b6c8bac49610" as Persisted<T.BadgeCredentialQuery, T.BadgeCredentialQueryVariables>;
export const CategoriseComplaint = "sha256:5be399119290675131dcd11df74e786303c5b3b04dd28c2af3e87bead7033528" as Persisted<T.CategoriseComplaintMutation, T.CategoriseComplaintMutationVariables>;
export const CloseComplaint = "sha256:af46647e888cdb7ddd850461866b1ae2cfeae3c388d3ff3656711a22fed49267" as Persisted<T.CloseComplaintMutation, T.CloseComplaintMutationVariables>;
export const Complaint = "sha256:eaa371541a86191e7192aa2317335cef2dee23475eb4f88353b89f6146a19b8b" as Persisted<T.ComplaintQuery, T.ComplaintQueryVariables>;
export const ComplaintInbox = "sha256:f07211abb7f5b5211a6a21ae765cf341041014c2230324cfc016bd47a6f65da7" as Persisted<T.ComplaintInboxQuery, T.ComplaintInboxQueryVariables>;
export const ComplaintSurvey = "sha256:9bb4fc1c9ae995d885ba880072fe7aa652d6eb168dfc80e9ff075a2807728b9e" as Persisted<T.ComplaintSurveyQuery, T.ComplaintSurveyQueryVariables>;
export const CompleteLesson = "sha256:ba678d3e5fd85a50ddedc524fc39973f9969b30ee187927b739bd5556e8b1691" as Persisted<T.CompleteLessonMutation, T.CompleteLessonMutationVariables>;
export const Leaderboard = "sha256:42fba1d427d0bbf2f7d930224f474e33e3e028956d85cc8413acc43f47adbabf" as Persisted<T.LeaderboardQuery, T.LeaderboardQueryVariables>;
export const LessonSession = "sha256:c2640517d959598b4a31edcb448e2b71adadee962122e8147b39d204f96f03f8" as Persisted<T.LessonSessionQuery, T.LessonSessionQueryVariables>;
export const Login = "sha256:78eb93414aaff02d1ac0a7db4848f1c77eb58a78550c18b3f61c43cfeb599d6c" as Persisted<T.LoginMutation, T.LoginMutationVariables>;
export const Me = "sha256:c4893a8c0321047cafe860552fc178d76692100c00f093725fc4e162e78c6e77" as Persisted<T.MeQuery, T.MeQueryVariables>;
export const MyComplaintPoints = "sha256:b0e65e9573cf547f59bc9eebb7889bcd6d56b9991fd681c04fc7cbc1b19fc8b9" as Persisted<T.MyComplaintPointsQuery, T.MyComplaintPointsQueryVariables>;
export const MyManager = "sha256:48e13f2b434a44ec98ec65e44a56a6fd8b664795bd98fa669b4beb4785381469" as Persisted<T.MyManagerQuery, T.MyManagerQueryVariables>;
export const MyProgress = "sha256:9294780b0cfbd0208dbeb37c09a4cd58262a7158eab8e8b469af2ffd409b4463" as Persisted<T.MyProgressQuery, T.MyProgressQueryVariables>;
export const MyRecognition = "sha256:0bc836dbfc553063644174a53d272d1364eac2ca83980008997df7acfa9b3c38" as Persisted<T.MyRecognitionQuery, T.MyRecognitionQueryVariables>;
export const RegisterPushSubscription = "sha256:6d125abbbd4263ac61af7cf1e07f01c7e443c3364eac20e3b6c477bbcaafa227" as Persisted<T.RegisterPushSubscriptionMutation, T.RegisterPushSubscriptionMutationVariables>;
export const ReminderSettings = "sha256:7ae8de9d70e2285b16221348f971723678d9347b989607e47039bdb0289ad6fa" as Persisted<T.ReminderSettingsQuery, T.ReminderSettingsQueryVariables>;
export const RemovePushSubscription = "sha256:28432403b459bbcde4a9c279dab0b27991ea25686051b66a65f14243fc38ea0e" as Persisted<T.RemovePushSubscriptionMutation, T.RemovePushSubscriptionMutationVariables>;
export const ReopenComplaint = "sha256:321edecb2dfee48c6ef31cb4962c23fd6335bb7588abf6b45bcf70bc8f4e2187" as Persisted<T.ReopenComplaintMutation, T.ReopenComplaintMutationVariables>;
export const ReplyToFeedback = "sha256:0d39859167c075b30dc66a072fa854170d04a7d9eab317824de5336dc2801254" as Persisted<T.ReplyToFeedbackMutation, T.ReplyToFeedbackMutationVariables>;
export const RequestPasswordReset = "sha256:5adf7362e0722e89ee70f1d5adffc11387c9112d6acf858ff780d4ea50e25a18" as Persisted<T.RequestPasswordResetMutation, T.RequestPasswordResetMutationVariables>;
export const ResetPassword = "sha256:e86d2e417a3f8ba1b9583ce3f2a96ccf12c2087a46187153a8f3e3a4e25405dc" as Persisted<T.ResetPasswordMutation, T.ResetPasswordMutationVariables>;
export const ResolveComplaint = "sha256:f112e400b06db3cd305fa27b554b36f4e0c9ee6b62e8d4f145e930b2d4d8d5d4" as Persisted<T.ResolveComplaintMutation, T.ResolveComplaintMutationVariables>;
export const SetDailyReminder = "sha256:fe6827cf9dbe9b7d02ef57b67ae9dee77130dce8b77e011ef78adcf848da1cc6" as Persisted<T.SetDailyReminderMutation, T.SetDailyReminderMutationVariables>;
export const SetMyLeaderboardVisibility = "sha256:67d099058582ca7268cdb4211fce92233060b15c57fa3ae5e3d0c683de72a6b3" as Persisted<T.SetMyLeaderboardVisibilityMutation, T.SetMyLeaderboardVisibilityMutationVariables>;
export const SetMyWorkDays = "sha256:d19c84aa5faa29a24fac69ee045545ec364acbee0a5eab6aaee67da778ed4be6" as Persisted<T.SetMyWorkDaysMutation, T.SetMyWorkDaysMutationVariables>;
export const StartLesson = "sha256:638fd23a3171428b5cf389ec5cdfd42e7354b5be5098aab7ee0c2c6f95c26900" as Persisted<T.StartLessonMutation, T.StartLessonMutationVariables>;
export const Team = "sha256:06ab3d31d9b90387044ff2b6577c617904319e332cab4a29555a56501adbf68a" as Persisted<T.TeamQuery, T.TeamQueryVariables>;
export const Today = "sha256:a651ae9e69f7206a4673985f98974fd68488d0a0aef9e60316318bacadfd770f" as Persisted<T.TodayQuery, T.TodayQueryVariables>;
export const TodayBadges = "sha256:642dbc8bf6d62fd9947b4d7032b09b43fa6101e5c48b1c8c4007510805ae5856" as Persisted<T.TodayBadgesQuery, T.TodayBadgesQueryVariables>;
export const TransferComplaint = "sha256:fd6239f88848d58d41c020e9e0fe7c7594f684ed1271591ebaae5dda3d362792" as Persisted<T.TransferComplaintMutation, T.TransferComplaintMutationVariables>;
export const TransferPeople = "sha256:52f8c7f3a7d153a8ca83b22ce50ecc87d4053b616555e63cc4b97a61506650b8" as Persisted<T.TransferPeopleQuery, T.TransferPeopleQueryVariables>;
