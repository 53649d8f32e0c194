"""Persisted (trusted) documents: the operations our own clients send, named by hash instead of sent as text.

`frontend/operations/<client>/<Name>.graphql` (one named operation a file) is the source. From it
`python -m services.learning.cli persist-documents` (part of `make schema`) writes
`gateway/persisted-documents.json` (`sha256:<hex of the file's bytes>` -> text; the gateway and the subgraphs read
it) and `frontend/src/graphql/documents.ts` (operation name -> id, typed with GraphQL Code Generator's result and
variables types; the app imports it and sends only ids).
tests/test_persisted_documents.py fails when either is stale.

A request names a document by `documentId` (the body's top level, or a GET parameter) or by Apollo's
`extensions.persistedQuery` (`{"version": 1, "sha256Hash": "<hex>"}`). An id the manifest does not hold is
PERSISTED_DOCUMENT_NOT_FOUND. Each document is parsed and validated once per process, on its first use; later
requests reuse both (`parse_once`, `validate_once`: steps of the request extension, limits.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import pathlib
import re
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from graphql import DocumentNode, GraphQLError, OperationDefinitionNode, parse

from ..errors import RequestRejected
from ..settings import PROJECT_ROOT

OPERATIONS_DIR = PROJECT_ROOT / "frontend" / "operations"
MANIFEST_PATH = PROJECT_ROOT / "gateway" / "persisted-documents.json"
APP_DOCUMENTS_PATH = PROJECT_ROOT / "frontend" / "src" / "graphql" / "documents.ts"
ID_PREFIX = "sha256:"
NOT_FOUND = "PERSISTED_DOCUMENT_NOT_FOUND"
DOCUMENTS_ONLY = "PERSISTED_DOCUMENTS_ONLY"
_HEX = re.compile(r"[0-9a-f]{64}")
# Arbitrary (non-persisted) texts: parsed and validated documents kept for this many distinct texts.
TEXT_CACHE_SIZE = 256


def document_id(text: str) -> str:
    """The id of a document: the SHA-256 of its UTF-8 text."""
    return ID_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()


def generated_files(operations_dir: pathlib.Path = OPERATIONS_DIR) -> dict[pathlib.Path, str]:
    """What `persist-documents` writes, from the operation files: the manifest and the apps' typed ids."""
    manifest: dict[str, str] = {}
    lines: list[str] = []
    for path in sorted(operations_dir.glob("*/*.graphql")):
        text = path.read_text(encoding="utf-8")
        operations = [d for d in parse(text).definitions if isinstance(d, OperationDefinitionNode)]
        names = [d.name.value for d in operations if d.name is not None]
        if names != [path.stem] or len(operations) != 1:
            raise ValueError(f"{path}: a file holds one operation named after the file ({path.stem}), not {names}")
        manifest[document_id(text)] = text
        # GraphQL Code Generator's names for the operation's result and variables (src/graphql/types.ts)
        kind = operations[0].operation.value.capitalize()
        lines.append(f'export const {path.stem} = "{document_id(text)}" as Persisted<T.{path.stem}{kind}, '
                     f"T.{path.stem}{kind}Variables>;")
    header = ("// Generated from frontend/operations/<app>/*.graphql by `make schema` "
              "(python -m services.learning.cli persist-documents): do not edit.\n"
              "// Each operation's persisted-document id, typed with its result and variables; the server holds the "
              "text\n// (gateway/persisted-documents.json), the app sends only the id.\n"
              'import type * as T from "./types";\nimport type { Persisted } from "../lib/api";\n\n')
    return {
        MANIFEST_PATH: json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
        APP_DOCUMENTS_PATH: header + "\n".join(lines) + "\n",
    }


def requested_id(data: Mapping[str, Any] | None, extensions: Mapping[str, Any] | None) -> str | None:
    """The persisted-document id a request names (`documentId`, or APQ's sha256Hash), normalised to the manifest's
    `sha256:<hex>`; None when it names none."""
    document = data.get("documentId") if data else None
    if document is None and isinstance(extensions, Mapping):
        persisted = extensions.get("persistedQuery")
        if isinstance(persisted, Mapping) and persisted.get("version") == 1:
            document = persisted.get("sha256Hash")
    if document is None:
        return None
    if not isinstance(document, str):
        raise RequestRejected("A persisted-document id is a string.", code=NOT_FOUND)
    return document if document.startswith(ID_PREFIX) else ID_PREFIX + document


@dataclasses.dataclass
class _Entry:
    """A document parsed (or its parse error) and, once asked, its validation errors."""

    document: DocumentNode | None
    parse_error: GraphQLError | None = None
    validation_errors: list[GraphQLError] | None = None


class PersistedDocuments:
    """The manifest's documents by id, and every document's parsed and validated form."""

    def __init__(self, manifest: Mapping[str, str]) -> None:
        self._texts = dict(manifest)
        # Keyed by the manifest's own text objects: a persisted request's query *is* that object, so the lookup
        # hashes nothing (str caches its hash) and compares by identity. Kept for good: the manifest is bounded.
        self._entries: dict[str, _Entry] = {text: _Entry(document=None) for text in self._texts.values()}
        # Texts sent by clients (where allowed): bounded, least recently used first out. Per schema, as the
        # validation errors cached with a document hold for one schema only.
        self._text_entries: OrderedDict[tuple[str, tuple], _Entry] = OrderedDict()

    @classmethod
    def load(cls, path: pathlib.Path = MANIFEST_PATH) -> "PersistedDocuments":
        return cls(json.loads(path.read_text(encoding="utf-8")) if path.exists() else {})

    def __len__(self) -> int:
        return len(self._texts)

    def operation_names(self) -> list[str]:
        """The names of the manifest's operations (one named operation per document)."""
        return [name for name in (_operation_name(text) for text in self._texts.values()) if name]

    def holds(self, text: str | None) -> bool:
        """Whether the text is a manifest document's (however it was sent)."""
        return text in self._entries

    def text_of(self, document_id: str) -> str:
        text = self._texts.get(document_id)
        if text is None or not _HEX.fullmatch(document_id[len(ID_PREFIX):]):
            raise RequestRejected("No persisted document has this id.", code=NOT_FOUND)
        return text

    def entry(self, text: str, parse_options: Mapping[str, Any]) -> _Entry:
        """The parsed document of `text`: once per manifest document, from a bounded cache for other texts."""
        entry = self._entries.get(text)
        if entry is not None:
            if entry.document is None and entry.parse_error is None:
                _parse_into(entry, text, parse_options)
            return entry
        key = (text, tuple(sorted(parse_options.items())))
        entry = self._text_entries.get(key)
        if entry is None:
            entry = self._text_entries[key] = _parse_into(_Entry(document=None), text, parse_options)
            if len(self._text_entries) > TEXT_CACHE_SIZE:
                self._text_entries.popitem(last=False)
        else:
            self._text_entries.move_to_end(key)
        return entry


def _parse_into(entry: _Entry, text: str, parse_options: Mapping[str, Any]) -> _Entry:
    try:
        entry.document = parse(text, **parse_options)
    except GraphQLError as error:
        entry.parse_error = error
    return entry


def parse_once(persisted: PersistedDocuments, context: Any, *, refuse_text: bool) -> _Entry:
    """The parse step (in place of strawberry's ParserCache): each distinct document is parsed once per schema.
    With `refuse_text` a subgraph takes only the manifest's documents, and any text from the gateway."""
    if refuse_text and not persisted.holds(context.query) and not getattr(context.context, "from_gateway", False):
        raise RequestRejected("Send a persisted document's id, not GraphQL text.", code=DOCUMENTS_ONLY)
    entry = persisted.entry(context.query, context.parse_options)
    if entry.parse_error is not None:
        raise entry.parse_error
    context.graphql_document = entry.document
    return entry


def validate_once(entry: _Entry | None, context: Any) -> None:
    """The validation step (in place of strawberry's ValidationCache): validation depends only on the document, the
    schema and the rules, which are the same for every request, so each document is validated once."""
    if entry is not None and context.pre_execution_errors is None:
        if entry.validation_errors is None:
            from strawberry.schema.schema import validate_document

            entry.validation_errors = validate_document(
                context.schema._schema, context.graphql_document, context.validation_rules
            )
        context.pre_execution_errors = entry.validation_errors


_OPERATION = re.compile(r"^\s*(?:query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)", re.M)


def _operation_name(text: str) -> str | None:
    match = _OPERATION.search(text)
    return match.group(1) if match else None
