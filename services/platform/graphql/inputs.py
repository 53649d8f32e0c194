"""Every string a client sends passes the text rule (services/platform/text.py) before anything runs: the
literals in the document (a validation rule, cached with the document) and the variables (per request)."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, StringValueNode, ValidationRule

from ..text import check_text, has_forbidden_characters, invalid_characters


class LiteralTextRule(ValidationRule):
    """A string literal may spell a NUL as "\\u0000"; refuse it like one sent in a variable."""

    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        if has_forbidden_characters(node.value):
            error = invalid_characters("the query")
            self.report_error(GraphQLError(error.message, node, extensions={"code": error.code}))


def check_variables(value: Any, where: str) -> None:
    """Walk the decoded variables (objects, lists, strings); INVALID_CHARACTERS names the first bad one."""
    if isinstance(value, str):
        check_text(value, where=where)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                check_text(key, where=where)
            check_variables(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_variables(item, f"{where}[{index}]")


def check_variable_text(context: Any) -> None:
    """Refuses control characters anywhere in the variables before they are coerced or used (the execute step)."""
    for name, value in (context.variables or {}).items():
        check_variables(value, f"${name}")
