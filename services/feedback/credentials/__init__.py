"""Open Badges 3.0 credentials for earned badges: signed VC-JWTs, the issuer profile and its public keys."""
