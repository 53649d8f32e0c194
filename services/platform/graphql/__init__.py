"""GraphQL plumbing shared by the services: context, limits, error codes, pagination, the HTTP controller."""
