"""The documentation names files that exist: every repository path written in backticks in
README.md and docs/*.md (`masp/activity/rules.py`, `templates/...`) and every relative link."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
TOP = (
    "accounts|bench|common|config|docs|funding|masp|partners|reporting|scripts|static|templates|"
    "territories|tests"
)
# `masp/activity/rules.py`, `templates/masp/`, `config/views.py: bench_floor`, `tests/x.py::test`:
# a file (with its extension) or a folder (with its slash); `accounts/0005` is a migration's name.
BACKTICKED = re.compile(rf"`((?:{TOP})/(?:[\w.-]+/)*(?:[\w-]+\.\w+)?)(?:[:\s][^`]*)?`")
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
# `masp.coverage.maps.print_map`, `reporting.attempts.sweep`: a module, maybe a name in it
# (`masp.Site` is a model's label, not a module).
DOTTED = re.compile(rf"`((?:{TOP.replace('docs|', '')})\.[a-z_]\w*(?:\.\w+)*)[`(]")


def named_paths(text: str) -> list[str]:
    return BACKTICKED.findall(text)


def named_modules(text: str) -> list[str]:
    return DOTTED.findall(text)


def module_exists(dotted: str) -> bool:
    """Some module of two parts or more, with at most two names after it (Class.method)."""
    parts = dotted.split(".")
    for end in range(len(parts), max(1, len(parts) - 3), -1):
        base = ROOT.joinpath(*parts[:end])
        if base.with_suffix(".py").exists() or (base / "__init__.py").exists():
            return True
    return False


def linked_paths(text: str) -> list[str]:
    return [target for target in LINK.findall(text) if not re.match(r"[a-z]+:", target)]


def test_the_patterns_find_paths_and_ignore_the_rest() -> None:
    text = (
        "See `masp/activity/rules.py`, `config/views.py: bench_floor`, `templates/masp/`, "
        "`tests/test_docs.py::test_x`, not `/couverture/` nor `make test`; "
        "`masp.models.Site`, `reporting.pdf.sections.gather(context)`, `masp.views.x`; "
        "neither `masp.Site` nor `accounts/0005`; "
        "[Accès](access.md), [site](https://example.org), [ici](#ancre)."
    )
    assert named_paths(text) == [
        "masp/activity/rules.py",
        "config/views.py",
        "templates/masp/",
        "tests/test_docs.py",
    ]
    assert linked_paths(text) == ["access.md"]
    modules = named_modules(text)
    assert modules == ["masp.models.Site", "reporting.pdf.sections.gather", "masp.views.x"]
    assert [module_exists(module) for module in modules] == [True, True, False]


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: doc.relative_to(ROOT).as_posix())
def test_every_path_a_doc_names_exists(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    missing = [path for path in named_paths(text) if not (ROOT / path).exists()]
    missing += [path for path in linked_paths(text) if not (doc.parent / path).exists()]
    missing += [module for module in named_modules(text) if not module_exists(module)]
    assert not missing, f"{doc.name} names paths that do not exist: {missing}"


def test_the_architecture_doc_maps_every_feature_package() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(named_paths(text))
    packages = [
        path.parent.relative_to(ROOT).as_posix() + "/"
        for app in ("masp", "reporting")
        for path in (ROOT / app).glob("*/__init__.py")
        if path.parent.name not in ("management", "migrations", "templatetags")
    ]
    assert packages
    assert not [package for package in packages if package not in named]
