"""The download route for export files: `GET /exports/<id>/download?expires=...&token=...` (links.py)."""

from __future__ import annotations

import uuid

from litestar import Request, get
from litestar.exceptions import HTTPException
from litestar.response import File

from . import links, service
from .storage import MEDIA_TYPES, export_files


@get(links.ROUTE, include_in_schema=False)
async def download_export(request: Request, export_id: uuid.UUID, expires: str = "", token: str = "") -> File:
    """The file behind a signed link: 403 for a bad signature, 410 once expired or deleted."""
    runtime = request.app.state.runtime
    verdict = links.check(export_id=export_id, expires=expires, token=token, now=runtime.clock.now())
    if verdict == "invalid":
        raise HTTPException(status_code=403, detail="This download link is not valid.")
    if verdict == "expired":
        raise HTTPException(status_code=410, detail="This download link has expired.")
    export = await service.get(export_id=export_id)
    path = export_files(runtime.settings).path(export["file_name"]) if export and export["file_name"] else None
    if path is None:
        raise HTTPException(status_code=410, detail="This export is no longer kept.")
    extension = path.suffix.lstrip(".")
    day = export["created_at"].date().isoformat()
    return File(
        path=path,
        filename=f"training-records-{day}.{extension}",
        media_type=MEDIA_TYPES[extension],
        content_disposition_type="attachment",
    )


ROUTES = [download_export]
