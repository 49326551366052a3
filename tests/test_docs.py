"""The docs keep up with the code (in the manner of sqlite-utils' test_docs.py).

Every CLI command has help and a line in the README; every table kit.analyze can make and every file the
exporters write is described in data/README.md and has a documented schema for datapackage.json.
"""

from __future__ import annotations

import re

import pytest

from kit.analysis import TABLES, declared_schema
from kit.cli import cli
from kit.export import EXPORTERS
from kit.paths import DATA_DIR, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
DATA_README = (DATA_DIR / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_and_a_readme_line(name):
    command = cli.commands[name]
    assert (command.help or "").strip(), f"kit {name} has no help text"
    assert re.search(rf"^kit {re.escape(name)}\b", README, re.MULTILINE), f"README has no line for `kit {name}`"


@pytest.mark.parametrize("name", list(TABLES))
def test_every_dossier_table_is_in_the_data_dictionary(name):
    assert f"`{name}.csv`" in DATA_README, f"data/README.md does not describe {name}.csv"


@pytest.mark.parametrize("name", list(TABLES))
def test_every_dossier_table_has_a_documented_schema(name):
    schema = declared_schema(name)
    frictionless = schema.to_frictionless()
    undocumented = [f["name"] for f in frictionless["fields"] if not f.get("description")]
    assert not undocumented, f"{name}: fields without a description: {undocumented}"


@pytest.mark.parametrize("filename", [e.filename for e in EXPORTERS])
def test_every_export_file_is_in_the_data_dictionary(filename):
    assert f"`{filename}`" in DATA_README, f"data/README.md does not describe {filename}"
