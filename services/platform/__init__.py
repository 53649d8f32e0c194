"""Shared platform code for every Serviceloop service: settings, storage bootstrap, auth, GraphQL, outbox."""
