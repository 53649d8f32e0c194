// Generated from frontend/operations/staff/*.graphql by `make schema` (python -m services.learning.cli persist-documents): do not edit.
// Each operation's persisted-document id; the server holds the text (gateway/persisted-documents.json).
export const AcceptInvitation = "sha256:8fe5ba2ee8bb3b399fd4d5fcbfac12626ccf3dc32a3f83efb403429c8485e85a";
export const AnswerItem = "sha256:4e2d4ee647d3a0a1cf8f85d9d37ae2cf51d6902b71c2ad46045097afebd6d5cd";
export const AssignLesson = "sha256:e1d8b2c06b340dc6694ec33b3c2a6a891e1b8dee49d6e246e36cc7ec2bd88d98";
export const CompleteLesson = "sha256:0b12e5b70457552598597597913de25380e5a4b89507cb972ce4d34439d5f6c2";
export const Login = "sha256:78eb93414aaff02d1ac0a7db4848f1c77eb58a78550c18b3f61c43cfeb599d6c";
export const Me = "sha256:c4893a8c0321047cafe860552fc178d76692100c00f093725fc4e162e78c6e77";
export const RequestPasswordReset = "sha256:5adf7362e0722e89ee70f1d5adffc11387c9112d6acf858ff780d4ea50e25a18";
export const ResetPassword = "sha256:e86d2e417a3f8ba1b9583ce3f2a96ccf12c2087a46187153a8f3e3a4e25405dc";
export const StartLesson = "sha256:a1d778673f6d54bc7bdde5b47bffa45847f72e15d0770bb18ff4d070891b0379";
export const Team = "sha256:06ab3d31d9b90387044ff2b6577c617904319e332cab4a29555a56501adbf68a";
export const Today = "sha256:3a599c6756194ff4a9806e2a52f91edd6f1004e124de1deeca4235f443a7adf8";
