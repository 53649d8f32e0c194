"""A service's federation schema: coded errors, the API's DateTime, checked entity representations, the
per-request extension (limits, the text rule, the document caches, gateway-only federation fields, the request's
observer: limits.py) and the executor (execution.py)."""

# No `from __future__ import annotations`: strawberry reads the resolver's annotations as real types.
from typing import Any

from strawberry.federation.schema import FederationAny
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.name_converter import NameConverter
from strawberry.types import Info

from ..metrics import OPERATION_NAMES
from ..settings import Settings
from .errors import CodedSchema
from .execution import LeanExecutor
from .federation import check_representations
from .limits import ServiceRequestRules, StageRunner, request_extension
from .persisted import PersistedDocuments
from .scalars import SCALAR_OVERRIDES


# The newest federation version the composition library (gateway/, @theguild/federation-composition) and the
# gateway accept; strawberry's default (2.11) is refused there as "Invalid version".
FEDERATION_VERSION = "2.9"


class KeptNames(NameConverter):
    """strawberry's names, each python name converted to camelCase once: it converts every argument's name again
    on every call of its field (`today(locale:)`: ~1.7 % of the request, py-spy); the conversion depends on the name
    alone, and the names are the code's own (a bounded set)."""

    def __init__(self) -> None:
        super().__init__(auto_camel_case=True)
        self._converted: dict[str, str] = {}

    def apply_naming_config(self, name: str) -> str:
        converted = self._converted.get(name)
        if converted is None:
            converted = self._converted[name] = super().apply_naming_config(name)
        return converted


class ServiceSchema(CodedSchema):
    """The schema every service builds: pass the types and the settings."""

    def __init__(self, *, settings: Settings, **kwargs: Any) -> None:
        # The trusted documents (persisted.py): the transport resolves their ids, the request extension keeps
        # their parsed and validated form.
        self.persisted_documents = PersistedDocuments.load()
        # The apps' operations get a metrics label of their own, whatever other names clients send.
        OPERATION_NAMES.register(self.persisted_documents.operation_names())
        super().__init__(
            scalar_overrides=SCALAR_OVERRIDES,
            extensions=[request_extension(settings, self.persisted_documents)],
            federation_version=FEDERATION_VERSION,
            execution_context_class=LeanExecutor,
            config=StrawberryConfig(name_converter=KeptNames()),
            **kwargs,
        )

    def create_extensions_runner(self, execution_context: Any, extensions: list) -> Any:
        if len(extensions) == 1 and isinstance(extensions[0], ServiceRequestRules):
            return StageRunner(execution_context, extensions[0])
        return super().create_extensions_runner(execution_context, extensions)

    def entities_resolver(self, info: Info, representations: list[FederationAny]) -> list[FederationAny]:
        check_representations(self, representations)
        return super().entities_resolver(info, representations)
