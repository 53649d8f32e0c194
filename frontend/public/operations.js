// Generated from frontend/operations/public/*.graphql by `make schema` (python -m services.learning.cli persist-documents): do not edit.
// Each operation's persisted-document id; the server holds the text (gateway/persisted-documents.json).
export const AnswerSurvey = "sha256:029b97c6fb8b3c95543c236ad29dda605e63112b5da735d952eb8728b45d40a1";
export const PublicCode = "sha256:e0f55abc21e04a8fea0814e24ec0f07898b70f6cd95ce8ce027c1ec8fdde916c";
export const PublicSurvey = "sha256:c8c4a5f7fa6058af35e7cb3627e7d1aa780ceccbdf076b9727d60d13e61a066d";
export const SubmitPublicFeedback = "sha256:40b7eb176114559ce4e634a90d8949280d2a6ee6a174282a265761be92470366";
