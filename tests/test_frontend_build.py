"""The frontend is built from the same contract as the services: its operation types are generated from the composed
graph, and every error code a service can send has words in both languages."""

from __future__ import annotations

import json
import pathlib
import re
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
FRONTEND = ROOT / "frontend"
ERROR_MESSAGES = FRONTEND / "src" / "lib" / "error-messages.json"

# Where the services name an `extensions.code`: `code="X"` / `code = "X"`, `code=NAME` of a constant `NAME = "X"`,
# `refusal(<status>, "X", ...)`, `{404: "X"}`, `extensions["code"] = NAME`; and the gateway's `code: "X"`.
LITERAL = re.compile(r'\bcode\s*[=:]\s*"([A-Z][A-Z0-9_]+)"')
BY_NAME = re.compile(r'\bcode\s*=\s*(?:[a-z_.]+\.)?([A-Z][A-Z0-9_]+)\b(?!\s*\()|\["code"\]\s*=\s*([A-Z][A-Z0-9_]+)\b'
                     r'|"code":\s*([A-Z][A-Z0-9_]+)\b')
CONDITIONAL = re.compile(r'\bcode\s*=\s*([A-Z][A-Z0-9_]+) if .*? else "([A-Z][A-Z0-9_]+)"')
REFUSAL = re.compile(r'refusal\(\s*\d{3},\s*"([A-Z][A-Z0-9_]+)"|\b\d{3}:\s*"([A-Z][A-Z0-9_]+)"')
CONSTANT = re.compile(r'^([A-Z][A-Z0-9_]+)\s*=\s*"([A-Z][A-Z0-9_]+)"\s*$', re.M)


def service_error_codes() -> set[str]:
    codes: set[str] = set()
    names: set[str] = set()
    constants: dict[str, str] = {}
    for path in list((ROOT / "services").rglob("*.py")) + list((ROOT / "gateway").glob("*.mjs")):
        text = path.read_text(encoding="utf-8")
        codes.update(LITERAL.findall(text))
        for match in CONDITIONAL.findall(text):
            names.add(match[0])
            codes.add(match[1])
        for groups in BY_NAME.findall(text):
            names.update(group for group in groups if group)
        for groups in REFUSAL.findall(text):
            codes.update(group for group in groups if group)
        constants.update(CONSTANT.findall(text))
    codes.update(constants[name] for name in names if name in constants)
    return codes


def test_every_error_code_a_service_can_send_is_worded_in_estonian_and_english():
    messages = json.loads(ERROR_MESSAGES.read_text(encoding="utf-8"))
    codes = service_error_codes()
    assert {"UNAUTHENTICATED", "INTERNAL_SERVER_ERROR", "ROLE_CHANGE_FORBIDDEN", "NO_TEAM",
            "PERSISTED_DOCUMENT_NOT_FOUND", "REQUEST_TOO_LARGE", "IMPORT_INVALID"} <= codes  # the scan finds them all
    missing = sorted(codes - set(messages))
    assert not missing, f"add these codes to {ERROR_MESSAGES.relative_to(ROOT)}: {missing}"
    for code, texts in messages.items():
        assert set(texts) == {"et", "en"} and all(text.strip() for text in texts.values()), code
        assert texts["et"] != texts["en"], f"{code}: the Estonian text is the English one"
    assert "NETWORK" in messages  # the client's own: no answer at all


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js (make install)")
def test_the_operation_types_are_what_graphql_code_generator_makes_from_the_composed_graph():
    codegen = FRONTEND / "node_modules" / ".bin" / "graphql-codegen"
    assert codegen.exists(), "npm ci in frontend/ (make install)"
    result = subprocess.run([str(codegen), "--config", "codegen.ts", "--check"], cwd=FRONTEND, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, f"src/graphql/types.ts is stale: run `make schema`\n{result.stdout}{result.stderr}"
