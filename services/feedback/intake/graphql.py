"""GraphQL for this domain (thin: guards, loaders, calls into service.py)."""

Query = None
Mutation = None


def dataloaders() -> dict:
    """The DataLoaders this domain adds to each request."""
    return {}
