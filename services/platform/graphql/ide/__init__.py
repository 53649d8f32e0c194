"""Offline GraphiQL IDE page with locally vendored assets."""

import pathlib

STATIC_DIR: pathlib.Path = pathlib.Path(__file__).parent / "static"


def render_graphiql(static_prefix: str) -> str:
    """Return the GraphiQL HTML with assets loaded from ``static_prefix``."""
    html = (STATIC_DIR.parent / "graphiql.html").read_text(encoding="utf-8")
    return html.replace("{{ STATIC_PREFIX }}", static_prefix.rstrip("/"))
