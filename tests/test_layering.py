"""The layering of the project's apps, read from the source with `ast`: no upward import, no
import cycle between modules at import time."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Lower first; apps of one rank are siblings and neither imports the other.
LAYERS: dict[str, int] = {
    "common": 0,
    "territories": 1,
    "accounts": 2,
    "masp": 3,
    "funding": 4,
    "partners": 4,
    "reporting": 5,
    "workspace": 6,
    "config": 7,
}
# Not apps: code under them may import the apps, never the reverse.
OUTSIDE = frozenset({"tests", "bench", "scripts"})


@dataclass(frozen=True)
class Import:
    target: str  # the dotted name imported (a module, or a module's attribute)
    line: int
    module_level: bool  # executed when the importing module is imported


def module_name(path: str) -> str:
    parts = path.removesuffix(".py").split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".") if is_package else module.split(".")[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def imports(path: str, source: str) -> Iterator[Import]:
    """Every import of a module: at module level (in `if`, `try`, class bodies), inside
    functions, and under `if TYPE_CHECKING:` (those two are not executed at import time)."""
    module, is_package = module_name(path), path.endswith("__init__.py")

    def visit(node: ast.AST, module_level: bool) -> Iterator[Import]:
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(alias.name, node.lineno, module_level)
        elif isinstance(node, ast.ImportFrom):
            origin = resolve(node, module, is_package)
            for alias in node.names:
                target = origin if alias.name == "*" else f"{origin}.{alias.name}"
                yield Import(target, node.lineno, module_level)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            for child in ast.iter_child_nodes(node):
                yield from visit(child, module_level=False)
        elif isinstance(node, ast.If) and is_type_checking(node.test):
            for child in node.body:
                yield from visit(child, module_level=False)
            for child in node.orelse:
                yield from visit(child, module_level)
        else:
            for child in ast.iter_child_nodes(node):
                yield from visit(child, module_level)

    yield from visit(ast.parse(source, filename=path), module_level=True)


def project_sources(root: Path = ROOT) -> dict[str, str]:
    """The apps' modules by path relative to the root, migrations excluded."""
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for app in LAYERS
        for path in sorted((root / app).rglob("*.py"))
        if "migrations" not in path.relative_to(root).parts
    }


def upward_imports(sources: Mapping[str, str]) -> list[str]:
    """One line per import that goes up the layers, across siblings or out of the apps."""
    found = []
    for path, source in sources.items():
        app = path.split("/")[0]
        for imported in imports(path, source):
            other = imported.target.split(".")[0]
            if other == app or (other not in LAYERS and other not in OUTSIDE):
                continue
            if other in OUTSIDE or LAYERS[other] >= LAYERS[app]:
                found.append(f"{path}:{imported.line} imports {imported.target}")
    return found


def ancestors(module: str) -> set[str]:
    parts = module.split(".")
    return {".".join(parts[:end]) for end in range(1, len(parts))}


def import_graph(sources: Mapping[str, str]) -> dict[str, set[str]]:
    """Module -> the project modules its module-level imports execute. A target's packages
    count, except those the importer already sits in (being imported, they are not rerun)."""
    modules = {module_name(path) for path in sources}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for path, source in sources.items():
        importer = module_name(path)
        for imported in imports(path, source):
            if not imported.module_level:
                continue
            # `from a.b import c`: c may be a module or a name defined in a.b.
            target = imported.target
            if target not in modules:
                target = target.rpartition(".")[0]
            if target not in modules:
                continue
            executed = ({target} | ancestors(target)) & modules
            graph[importer] |= executed - ancestors(importer) - {importer}
    return graph


def import_cycle(sources: Mapping[str, str]) -> list[str]:
    """A cycle of module-level imports (the modules along it), or [] when there is none."""
    try:
        TopologicalSorter(import_graph(sources)).prepare()
    except CycleError as error:
        return list(error.args[1])
    return []


def test_no_app_imports_upward() -> None:
    assert upward_imports(project_sources()) == []


def test_modules_import_without_cycles() -> None:
    assert import_cycle(project_sources()) == []


def test_the_tree_is_read() -> None:
    # Guards the two tests above against passing on an empty or mis-rooted tree.
    sources = project_sources()
    assert "masp/activity/rules.py" in sources
    assert "common/discovery.py" in sources
    assert not [path for path in sources if "/migrations/" in path]
    assert "masp.sites.models" in import_graph(sources)["masp.models"]


def test_the_checker_reports_a_planted_upward_import() -> None:
    sources = {
        "accounts/x.py": "from masp.models import Site\n",
        "accounts/y.py": (
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n"
            "    from reporting.models import Job\n"
            "def f():\n"
            "    import funding.models\n"
            "from . import models\n"
        ),
        "common/z.py": "from territories import models\n",
        "funding/w.py": "import partners.models as p\n",
        "masp/v.py": "from tests.personas import World\nfrom accounts.models import User\n",
    }
    assert upward_imports(sources) == [
        "accounts/x.py:1 imports masp.models.Site",
        "accounts/y.py:3 imports reporting.models.Job",
        "accounts/y.py:5 imports funding.models",
        "common/z.py:1 imports territories.models",
        "funding/w.py:1 imports partners.models",
        "masp/v.py:1 imports tests.personas.World",
    ]
    # Relative imports are resolved from the importing module (they cannot leave its app).
    assert [i.target for i in imports("masp/sites/u.py", "from ..staffing import models")] == [
        "masp.staffing.models"
    ]
    assert [i.target for i in imports("masp/sites/__init__.py", "from . import demo")] == [
        "masp.sites.demo"
    ]


def test_the_checker_reports_a_cycle_at_import_time_only() -> None:
    sources = {
        "masp/__init__.py": "",
        "masp/sites/__init__.py": "",
        "masp/sites/models.py": "from masp.staffing.models import Line\n",
        "masp/staffing/__init__.py": "",
        "masp/staffing/models.py": "from masp.sites import models\n",
    }
    assert set(import_cycle(sources)) == {"masp.sites.models", "masp.staffing.models"}
    # Deferred into a function, the same import is fine: it runs after both modules loaded.
    sources["masp/staffing/models.py"] = "def f():\n    from masp.sites import models\n"
    assert import_cycle(sources) == []
    # A package importing its own modules, which import each other through it, is no cycle.
    sources["masp/staffing/__init__.py"] = "from masp.staffing.models import f\n"
    sources["masp/staffing/models.py"] = "from masp.staffing import enums\n"
    sources["masp/staffing/enums.py"] = ""
    assert import_cycle(sources) == []
