"""Table schemas: conform gives stable columns and dtypes; validate names the file, row and problem."""

from __future__ import annotations

import pandas as pd
import pytest

from kit.errors import DataError
from kit.paths import atomic_write_text
from kit.schema import Field, TableSchema, read_curated

SCHEMA = TableSchema(
    name="things",
    description="test table",
    fields=(
        Field("thing_id", "string", "id", required=True, unique=True, pattern=r"[a-z_]+"),
        Field("kind", "string", "kind", enum=("a", "b")),
        Field("n", "integer", "count", minimum=0),
        Field("when", "date", "date"),
    ),
    primary_key=("thing_id",),
    sort_by=("thing_id",),
)


def frame(**overrides):
    base = {"thing_id": ["x", "y"], "kind": ["a", "b"], "n": [1, 2], "when": ["2025-12-17", None]}
    base.update(overrides)
    return pd.DataFrame(base)


def test_valid_frame_passes():
    SCHEMA.validate(frame(), "things.csv")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"thing_id": ["x", "x"]}, "row 2 (thing_id='x'): duplicate thing_id 'x' (first at row 1)"),
        ({"thing_id": ["x", None]}, "row 2 (thing_id=None): thing_id is required but empty"),
        ({"thing_id": ["x", "  "]}, "row 2 (thing_id='  '): thing_id is required but empty"),
        ({"kind": ["a", "c"]}, "row 2 (thing_id='y'): kind='c' is not one of a, b"),
        ({"thing_id": ["x", "Y!"]}, "row 2 (thing_id='Y!'): thing_id='Y!' does not match"),
        ({"n": [1, -3]}, "row 2 (thing_id='y'): n=-3 is below 0"),
        ({"n": [1, "lots"]}, "row 2 (thing_id='y'): n='lots' is not a number"),
        ({"when": ["2025-02-31", None]}, "row 1 (thing_id='x'): when='2025-02-31' is not a date"),
    ],
)
def test_validate_names_row_and_problem(overrides, message):
    with pytest.raises(DataError) as err:
        SCHEMA.validate(frame(**overrides), "things.csv")
    assert str(err.value).startswith("things.csv: ")
    assert message in str(err.value)


def test_missing_column():
    with pytest.raises(DataError, match="missing column"):
        SCHEMA.validate(frame().drop(columns=["kind"]), "things.csv")


def test_conform_orders_columns_sorts_and_types():
    df = frame(thing_id=["y", "x"]).assign(extra=1)[["n", "thing_id", "kind", "extra"]]
    out = SCHEMA.conform(df)
    assert list(out.columns) == ["thing_id", "kind", "n", "when"]
    assert list(out["thing_id"]) == ["x", "y"]
    assert str(out["n"].dtype) == "Int64"
    assert out["when"].isna().all()
    assert out.to_csv(index=False) == SCHEMA.conform(df).to_csv(index=False)


def test_empty_has_columns():
    assert list(SCHEMA.empty().columns) == SCHEMA.columns


def test_frictionless_round_trip():
    desc = SCHEMA.to_frictionless()
    assert desc["primaryKey"] == ["thing_id"]
    back = [Field.from_frictionless(f) for f in desc["fields"]]
    assert tuple(back) == SCHEMA.fields


def test_markdown_dictionary():
    md = SCHEMA.markdown()
    assert "| `kind` | string |  | kind One of: a, b. |" in md


def test_read_curated_checks_user_copies(tmp_path):
    import json

    (tmp_path / "datapackage.json").write_text(
        json.dumps({"resources": [{"name": "things", "path": "things.csv", "schema": SCHEMA.to_frictionless()}]})
    )
    (tmp_path / "things.csv").write_text("thing_id,kind,n,when\nx,a,1,\nx,b,2,\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"things.csv: row 2 \(thing_id='x'\): duplicate"):
        read_curated("things", data_dir=tmp_path)
    (tmp_path / "things.csv").write_bytes(b"thing_id,kind,n,when\n\xff,a,1,\n")
    with pytest.raises(DataError, match="cannot be read as UTF-8 CSV"):
        read_curated("things", data_dir=tmp_path)
    with pytest.raises(DataError, match="file not found"):
        read_curated("things", path=tmp_path / "nope.csv", data_dir=tmp_path)


def test_atomic_write_leaves_no_temp_files(tmp_path):
    target = atomic_write_text(tmp_path / "sub" / "out.txt", "hello")
    assert target.read_text() == "hello"
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]


@pytest.mark.parametrize(("values", "kind", "dtype"), [
    ([3, 1, 2], "integer", "Int64"),
    ([1.0, float("nan"), 2.0], "integer", "Int64"),
    (["b", None, "a"], "string", "string"),            # pandas' str dtype (NaN missing) -> NA-missing string
    ([1, "x", None], "string", "string"),
    ([True, False, True], "boolean", "boolean"),
    ([1, 2, 3], "number", "float64"),
    (["2025-12-17", None, "2025-01-01"], "date", "string"),
])
def test_conform_types_each_column_as_astype_would(values, kind, dtype):
    df = pd.DataFrame({"v": values}, index=[7, 8, 9])
    out = TableSchema("t", "", (Field("v", kind),)).conform(df)
    want = df["v"].astype(dtype)
    assert str(out["v"].dtype) == dtype
    assert list(out.index) == [0, 1, 2]
    assert out["v"].tolist() == want.tolist()
