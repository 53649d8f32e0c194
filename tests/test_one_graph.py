"""One graph: the two subgraphs compose into schema/supergraph.graphql (the gateway's schema), kept current."""

from __future__ import annotations

import importlib
import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SERVICES = ("learning", "feedback")
COMPOSE = ROOT / "gateway" / "compose.mjs"


def node() -> str:
    """The node binary; the graph cannot be checked without it, so its absence fails the test."""
    path = shutil.which("node")
    if path is None:
        pytest.fail("Node.js is not installed: the supergraph cannot be composed (install Node.js 20+, then `make install`)")
    if not (ROOT / "gateway" / "node_modules" / "@theguild" / "federation-composition").is_dir():
        pytest.fail("gateway/node_modules is missing: run `make install` (npm ci in gateway/)")
    return path


def compose(schema_dir: pathlib.Path) -> subprocess.CompletedProcess:
    out = schema_dir / "supergraph.graphql"
    return subprocess.run(
        [node(), str(COMPOSE), str(schema_dir), str(out)], capture_output=True, text=True, timeout=120, check=False
    )


def export(schema_dir: pathlib.Path) -> None:
    for service in SERVICES:
        sdl = importlib.import_module(f"services.{service}.schema").build_schema().as_str() + "\n"
        (schema_dir / f"{service}.graphql").write_text(sdl, encoding="utf-8")


def test_the_subgraphs_as_the_code_defines_them_compose_into_the_committed_supergraph(tmp_path):
    # given the SDL exported from the code now
    export(tmp_path)

    # when the gateway's composition runs over it
    result = compose(tmp_path)

    # then it composes, and every file on disk is what `make schema` would write
    assert result.returncode == 0, f"composition failed:\n{result.stderr}"
    for name in (*(f"{s}.graphql" for s in SERVICES), "supergraph.graphql"):
        fresh = (tmp_path / name).read_text(encoding="utf-8")
        on_disk = (ROOT / "schema" / name).read_text(encoding="utf-8")
        assert on_disk == fresh, f"schema/{name} is stale: run `make schema` and review the diff"


def test_a_value_type_both_subgraphs_define_without_shareable_fails_composition_loudly(tmp_path):
    # given both subgraphs as committed, with PageInfo's @shareable taken away from one of them
    for service in SERVICES:
        shutil.copy(ROOT / "schema" / f"{service}.graphql", tmp_path)
    learning = tmp_path / "learning.graphql"
    text = learning.read_text(encoding="utf-8")
    assert "type PageInfo @shareable {" in text
    learning.write_text(text.replace("type PageInfo @shareable {", "type PageInfo {"), encoding="utf-8")

    # when composed
    result = compose(tmp_path)

    # then the script fails, names the field, and writes nothing
    assert result.returncode == 1
    assert "PageInfo.endCursor" in result.stderr
    assert not (tmp_path / "supergraph.graphql").exists()


def test_each_subgraph_pins_a_federation_version_the_composition_accepts():
    for service in SERVICES:
        sdl = (ROOT / "schema" / f"{service}.graphql").read_text(encoding="utf-8")
        assert 'url: "https://specs.apollo.dev/federation/v2.9"' in sdl.splitlines()[0], service
