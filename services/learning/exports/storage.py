"""Where export files live: a folder on the service's disk (`SERVICELOOP_EXPORTS_DIR`, else `<data_dir>/exports`).

A file is written as `<id>.<ext>.part` and renamed to `<id>.<ext>` only when complete, so a crash never
leaves a half file that looks finished, and a restarted job simply writes the part file again.

S3-compatible storage (the production choice when the API runs on more than one machine) plugs in behind the
same four calls: `part_path` becomes a local spool file (or a multipart upload), `publish` completes the upload
to `s3://<bucket>/training-exports/<id>.<ext>` (atomic there too: an object is visible only when complete),
`path` (what the download route serves) becomes a pre-signed GET redirect instead of streaming through the
service, and `delete` an object delete (a bucket lifecycle rule can back up the retention cron). Nothing outside
this module knows where the bytes are.
"""

from __future__ import annotations

import contextlib
import pathlib
import uuid

EXTENSIONS = {"csv": "csv", "xapi_1_0_3": "json", "xapi_2_0": "json"}
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


class ExportFiles:
    def __init__(self, folder: pathlib.Path) -> None:
        self.folder = folder

    def name(self, export_id: uuid.UUID, format: str) -> str:
        return f"{export_id}.{EXTENSIONS[format]}"

    def part_path(self, name: str) -> pathlib.Path:
        """A fresh part file for a run (an earlier run's part is discarded)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{name}.part"
        path.unlink(missing_ok=True)
        return path

    def publish(self, name: str) -> int:
        """Make the finished part file the export's file; its size in bytes."""
        final = self.folder / name
        (self.folder / f"{name}.part").replace(final)
        return final.stat().st_size

    def path(self, name: str) -> pathlib.Path | None:
        """The finished file, if it is (still) there."""
        final = self.folder / name
        return final if final.is_file() else None

    def delete(self, name: str) -> None:
        for path in (self.folder / name, self.folder / f"{name}.part"):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def export_files(settings) -> ExportFiles:
    return ExportFiles(settings.training_exports_dir)
