"""data/datapackage.json: valid Frictionless, every resource exists, every factual row has a source."""

from __future__ import annotations

import json

import pytest

from kit.paths import DATA_DIR

PACKAGE = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
TABLES = [r for r in PACKAGE["resources"] if r.get("schema")]


def test_every_resource_file_exists():
    for res in PACKAGE["resources"]:
        assert (DATA_DIR / res["path"]).is_file(), res["name"]


def test_every_resource_is_described():
    for res in PACKAGE["resources"]:
        assert res.get("description"), res["name"]
        for field in res.get("schema", {}).get("fields", []):
            assert field.get("description"), f"{res['name']}.{field['name']} has no description"


def test_package_validates_with_frictionless():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(DATA_DIR / "datapackage.json"))
    errors = [f"{e.type}: {e.message}" for task in report.tasks for e in task.errors][:5]
    assert report.valid, errors


@pytest.mark.parametrize("res", TABLES, ids=[r["name"] for r in TABLES])
def test_tables_load_with_their_schema(res):
    from kit.schema import read_curated

    df = read_curated(res["name"])
    assert len(df) > 0


@pytest.mark.parametrize("res", TABLES, ids=[r["name"] for r in TABLES])
def test_factual_rows_carry_a_source(res):
    from kit.schema import read_curated

    df = read_curated(res["name"])
    source_cols = [c for c in df.columns if c.startswith("source_url")]
    if not source_cols:
        pytest.skip(f"{res['name']} has no source column (not a factual table)")
    basis = df["basis"] if "basis" in df.columns else None
    for i, row in df.iterrows():
        if basis is not None and str(basis[i]).lower() == "assumption":
            continue
        assert any(str(row[c] or "").startswith("http") for c in source_cols), f"{res['name']} row {i + 1}"
