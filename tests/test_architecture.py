"""The shape of the package, enforced: no import cycles, data loading only at the edges, and no
function too complex to read (radon rank above D).

The import graph is read from the source with :mod:`ast` (every ``import``, including those
inside functions), one node per module, so the test needs nothing outside the standard library
and runs the same wherever the README's test command runs.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SOURCE / "psephos"

#: Only these packages may import the bundled UK loader: io/ reads files, jurisdictions/ picks a
#: country's loader. Everything else receives an Election or asks psephos.jurisdictions.
BUNDLED = "psephos.io.bundled"
MAY_IMPORT_BUNDLED = ("psephos.io", "psephos.jurisdictions")

#: Modules still importing io.bundled that this rule's author could not change, each with its
#: owner's reason. Remove an entry when its module stops importing io.bundled.
BUNDLED_EXCEPTIONS: dict[str, str] = {}

#: Import edges (source module, target module or package prefix) that close a cycle today,
#: each with its owner. The test drops them and then finds no cycle, so any new cycle fails.
#: Remove an entry when its owner breaks the cycle.
CYCLE_EXCEPTIONS: dict[tuple[str, str], str] = {}

#: Functions above radon rank D (cyclomatic complexity > 30) that another engineer owns and is
#: splitting. Remove an entry when the function is split.
COMPLEXITY_EXCEPTIONS: dict[tuple[str, str], str] = {}
MAX_COMPLEXITY = 30  # radon rank D ends at 30; E starts at 31

#: Great Britain is ``Election.gb_mask``; these modules still spell it out and belong to other
#: engineers. Remove an entry when its module uses the property.
GB_MASK_EXCEPTIONS: dict[str, str] = {}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(SOURCE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


@cache
def parsed(source: str) -> ast.Module:
    """A module's syntax tree, parsed once for all the tests here that read it (parsing the
    package takes a second or more; the trees are only read, never changed)."""
    return ast.parse(source)


def _imported(name: str, path: Path) -> Iterator[str]:
    """psephos modules imported by one module (``from pkg import sub`` names the submodule)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(parsed(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                prefix = package[: len(package) - node.level + 1]
                base = ".".join([*prefix, *([node.module] if node.module else [])])
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                yield sub if sub in MODULES else base


def import_graph(*, declared: bool = True) -> dict[str, set[str]]:
    """Module -> the psephos modules it imports (``declared=False`` drops the edges of
    :data:`CYCLE_EXCEPTIONS`)."""
    graph = {
        name: {m for m in _imported(name, path) if m in MODULES and m != name}
        for name, path in MODULES.items()
    }
    if not declared:
        for (source, target), _owner in CYCLE_EXCEPTIONS.items():
            graph[source] = {m for m in graph.get(source, set()) if not m.startswith(target)}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def _package(module: str) -> str:
    return ".".join(module.split(".")[:2])


def test_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_between_modules_or_packages() -> None:
    graph = import_graph(declared=False)
    assert len(graph) > 100
    assert cycles(graph) == []
    packages: dict[str, set[str]] = {}
    for module, imported in graph.items():
        for other in imported:
            if _package(other) != _package(module):
                packages.setdefault(_package(module), set()).add(_package(other))
    assert cycles(packages) == []


def test_only_io_and_jurisdictions_import_the_bundled_loader() -> None:
    importers = {m for m, imported in import_graph().items() if BUNDLED in imported}
    outside = {m for m in importers if not m.startswith(MAY_IMPORT_BUNDLED) and m != "psephos.io"}
    assert sorted(outside - set(BUNDLED_EXCEPTIONS)) == []


#: Where a bundled election is loaded by its id (docs/architecture.md, "Where each kind of
#: code lives"): the shells, and the packages that hold the loaders. A calculation receives an
#: Election and reaches the elections beside it through its jurisdiction
#: (``jurisdictions.previous_election``, ``require_previous``, ``seats_across_boundaries``).
MAY_LOAD_BY_ID = ("cli/", "web/", "jurisdictions/", "io/", "__init__.py", "__main__.py")

#: Capability modules that back-test or fit on the bundled history, so go through the bundled
#: elections by id: they load them with the one loader, ``psephos.jurisdictions.load``, each
#: for the reason given. A new entry needs the same reason.
HISTORY_MODULES: dict[str, str] = {
    "forecast/calibration.py": "fits and checks the forecast's error sizes on earlier pairs",
    "forecast/realinput.py": "the real-input back-test of each bundled election",
    "projection/backtest.py": "back-tests the swing models on the bundled pairs",
    "tactical/preelection.py": "what was known on the eve of 2017, 2019 and 2024 (the audit's "
    "and a past election's advice's input): the bundled base, polls and nominations",
    "tactical/audit.py": "scores that advice against the 2019 and 2024 sites and results",
    "transfers/uk.py": "estimates the default transfers from the bundled stand-downs "
    "(scripts/build_transfers.py, never a command)",
}

#: Capability modules that still load by id outside :data:`HISTORY_MODULES`, each with its
#: owner's reason. Remove an entry when its module receives the elections it needs.
LOAD_BY_ID_EXCEPTIONS: dict[str, str] = {
    "tactical/api.py": "advice is asked by election id ('next', '2019') and worked out once "
    "per id: taking Elections in is a redesign of the advice API",
    "targeting/sensitivity.py": "measures the seat sd on the bundled swing history, cached by id",
    "projection/covariate.py": "learns from the UK's bundled pairs whatever the election's "
    "country (docs/methodology/projection.md); the pairs should be passed in",
}

#: The country entries; outside ``jurisdictions/`` nobody loads through one or reads its
#: election ids: the election's own jurisdiction (``jurisdictions.of``) answers.
COUNTRY_ENTRIES = ("UK", "CANADA", "DEFAULT", "OWN")
_BY_ID = ("load", "load_election", "previous_ids")


def loads_by_id(source: str) -> list[tuple[int, str]]:
    """``(line, what)`` of each loading of a bundled election by id in a module: an import of
    ``load`` from ``psephos`` or ``psephos.jurisdictions``, a ``jurisdictions.load`` or
    ``psephos.load``, and a country entry's ``load``, ``load_election`` or ``previous_ids``
    (``UK.previous_ids[...]``, ``jurisdictions.UK.load``)."""
    found = []
    for node in ast.walk(parsed(source)):
        if isinstance(node, ast.ImportFrom) and node.module in ("psephos", "psephos.jurisdictions"):
            found += [(node.lineno, f"import {a.name}") for a in node.names if a.name == "load"]
        elif isinstance(node, ast.Attribute) and node.attr in _BY_ID:
            owner = node.value
            name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
            if name in COUNTRY_ENTRIES or (
                node.attr == "load" and name in ("jurisdictions", "psephos")
            ):
                found.append((node.lineno, f"{name}.{node.attr}"))
    return sorted(found)


def test_the_loading_finder_finds_each_way_of_loading_by_id() -> None:
    source = (
        "from psephos.jurisdictions import load, of\n"
        "from psephos import jurisdictions\n"
        "a = jurisdictions.load('2019')\n"
        "b = UK.load(UK.previous_ids['2019'])\n"
        "c = of(a).previous(a)\n"
        "d = np.load('x.npy')\n"
        "e = jurisdictions.UK.previous_ids\n"
    )
    assert loads_by_id(source) == [
        (1, "import load"),
        (3, "jurisdictions.load"),
        (4, "UK.load"),
        (4, "UK.previous_ids"),
        (7, "UK.previous_ids"),
    ]


def _loading(may: tuple[str, ...], allowed: set[str]) -> list[str]:
    return [
        f"{relative}:{line} {what}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if not (relative := path.relative_to(PACKAGE).as_posix()).startswith(may)
        and relative not in allowed
        for line, what in loads_by_id(path.read_text(encoding="utf-8"))
    ]


def test_calculations_receive_elections_and_do_not_load_them_by_id() -> None:
    """Loading by id happens in cli/ and web/ (and the back-tests of :data:`HISTORY_MODULES`,
    through ``jurisdictions.load``): a calculation that loads the election it needs by id,
    or asks the UK's entry for it, gets round "receives an Election"."""
    allowed = set(HISTORY_MODULES) | set(LOAD_BY_ID_EXCEPTIONS)
    assert _loading(MAY_LOAD_BY_ID, allowed) == []


def test_nobody_loads_through_a_named_country_entry() -> None:
    """``UK.previous_ids[...]`` and ``UK.load`` are a second place for "which election comes
    before which": the back-tests too ask the id's own jurisdiction
    (``jurisdictions.previous_id``, ``require_previous``)."""
    found = _loading(("jurisdictions/",), set(LOAD_BY_ID_EXCEPTIONS))
    assert [line for line in found if line.split()[-1].split(".")[0] in COUNTRY_ENTRIES] == []


def test_the_model_imports_nothing_else_of_ours() -> None:
    graph = import_graph()
    for module, imported in graph.items():
        if module.startswith("psephos.model"):
            assert {
                m for m in imported if not m.startswith(("psephos.model", "psephos.errors"))
            } == set()


def test_nothing_imports_the_shells() -> None:
    """Library code never imports cli/ or web/ (``psephos serve`` starts the web app, and
    ``python -m psephos`` runs the CLI)."""
    shells = ("psephos.cli", "psephos.web")
    for module, imported in import_graph().items():
        if not module.startswith(shells) and module != "psephos.__main__":
            assert not any(m.startswith(shells) for m in imported), module


def test_no_function_above_complexity_d() -> None:
    radon = pytest.importorskip("radon.complexity")
    too_complex = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        for block in radon.cc_visit(path.read_text(encoding="utf-8")):
            functions = [block, *getattr(block, "methods", [])]
            for function in functions:
                if function.complexity > MAX_COMPLEXITY and (
                    (relative, function.name) not in COMPLEXITY_EXCEPTIONS
                ):
                    too_complex.append(
                        f"{relative}:{function.lineno} {function.name} "
                        f"{radon.cc_rank(function.complexity)} ({function.complexity})"
                    )
    assert too_complex == []


def test_great_britain_is_one_property() -> None:
    """``nations != "Northern Ireland"`` is written once, as ``Election.gb_mask``."""
    spelled = re.compile(r"nations\s*!=\s*[\"']Northern Ireland[\"']")
    found = {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if spelled.search(path.read_text(encoding="utf-8"))
    }
    assert found - set(GB_MASK_EXCEPTIONS) == {"model/election.py"}


#: Names of nations and provinces that carry a country rule (a nation-only party stands there,
#: it is modelled apart, it is one region): only ``jurisdictions/`` and ``model/`` spell them
#: in code; everything else asks the election's entry (``Jurisdiction.nation_parties``,
#: ``own_party_nations``, ``main_area``) or the election (``gb_mask``, ``whole_nation_regions``).
#: "Great Britain", the UK's main area, is named by ``Jurisdiction.poll_area``.
NATION_NAMES = (
    "England",
    "Scotland",
    "Wales",
    "Northern Ireland",
    "Quebec",
    "Québec",
    "Great Britain",
)
MAY_NAME_NATIONS = ("jurisdictions/", "model/")


def _docstrings(tree: ast.AST) -> set[int]:
    """Ids of the docstring constants of a module, its classes and functions."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def nation_names_spelled(source: str) -> list[tuple[int, str]]:
    """``(line, name)`` of each string constant in code (not a docstring) that is a name of
    :data:`NATION_NAMES`."""
    tree = parsed(source)
    docstrings = _docstrings(tree)
    return sorted(
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value in NATION_NAMES
        and id(node) not in docstrings
    )


def test_the_nation_name_finder_finds_a_rule_not_a_docstring() -> None:
    source = '"""Scotland."""\nNATIONS = {"Scotland", "Wales"}\nif area == "Québec":\n    pass\n'
    assert nation_names_spelled(source) == [(2, "Scotland"), (2, "Wales"), (3, "Québec")]


def test_only_jurisdictions_and_the_model_spell_nation_names() -> None:
    """A country rule written in two places is a defect: the nations where a nation-only party
    stands, the nation modelled apart and the one-region nations are read from the country's
    entry or the election, never spelled out by a capability package or a shell."""
    spelled = [
        f"{relative}:{line} {name!r}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if not (relative := path.relative_to(PACKAGE).as_posix()).startswith(MAY_NAME_NATIONS)
        for line, name in nation_names_spelled(path.read_text(encoding="utf-8"))
    ]
    assert spelled == []


#: The module constants naming the UK's areas (``psephos.model.NORTHERN_IRELAND``,
#: ``jurisdictions.uk.GREAT_BRITAIN``): only ``jurisdictions/`` and ``model/``, which define
#: them, name them. The projection, the tactical advice and the web app ask the election's
#: country: ``Jurisdiction.poll_area`` (the main area's name), ``parties_apart`` and
#: ``nations_apart``, ``area_aliases``, and the election's ``gb_mask``.
AREA_CONSTANTS = ("GREAT_BRITAIN", "NORTHERN_IRELAND")
#: Modules outside ``jurisdictions/`` and ``model/`` that still name one, each with its reason.
#: Remove an entry when its module asks the election's country instead.
AREA_CONSTANT_EXCEPTIONS: dict[str, str] = {}


def area_constants_named(source: str) -> list[tuple[int, str]]:
    """``(line, name)`` of each import, definition or use of a name of
    :data:`AREA_CONSTANTS` (``from x import NORTHERN_IRELAND``, ``model.NORTHERN_IRELAND``)."""
    found = []
    for node in ast.walk(parsed(source)):
        if isinstance(node, ast.ImportFrom):
            found += [(node.lineno, a.name) for a in node.names if a.name in AREA_CONSTANTS]
        elif isinstance(node, ast.Name) and node.id in AREA_CONSTANTS:
            found.append((node.lineno, node.id))
        elif isinstance(node, ast.Attribute) and node.attr in AREA_CONSTANTS:
            found.append((node.lineno, node.attr))
    return sorted(found)


def test_the_area_constant_finder_finds_imports_and_uses() -> None:
    source = (
        "from psephos.model import NORTHERN_IRELAND, Election\n"
        "import psephos.model as model\n"
        "x = model.NORTHERN_IRELAND\n"
        "GREAT_BRITAIN = 'GB'\n"
        '"""GREAT_BRITAIN in a docstring."""\n'
    )
    assert area_constants_named(source) == [
        (1, "NORTHERN_IRELAND"),
        (3, "NORTHERN_IRELAND"),
        (4, "GREAT_BRITAIN"),
    ]


def test_only_jurisdictions_and_the_model_name_the_area_constants() -> None:
    """Great Britain and Northern Ireland are the country's facts, read from the election's
    jurisdiction; a capability or a shell that imports the constants is a second place."""
    named = [
        f"{relative}:{line} {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if not (relative := path.relative_to(PACKAGE).as_posix()).startswith(MAY_NAME_NATIONS)
        and relative not in AREA_CONSTANT_EXCEPTIONS
        for line, name in area_constants_named(path.read_text(encoding="utf-8"))
    ]
    assert named == []


#: A sentence's list joined by hand (``" and ".join(names)``, ``' or '.join(...)``, a
#: template's ``join(' and ')``) or a plural made by hand (``'s' if n > 1 else ''``): each is
#: :func:`psephos.numbers.listed` ("A, B and C", the filter ``listed``) or
#: :func:`psephos.numbers.plural_of` / :func:`~psephos.numbers.counted` written again, and the
#: copies drift ("Con and Reform UK and SNP").
HAND_WRITTEN_WORDING = re.compile(
    r"""(["'])\s(?:and|or)\s\1\s*\.join\("""  # " and ".join(names)
    r"""|join\(\s*(["'])\s(?:and|or)\s\2\s*\)"""  # {{ names|join(' and ') }}
    r"""|(["'])s\3\s+if\b|\belse\s+(["'])s\4"""  # 's' if n > 1 else '', '' if n == 1 else 's'
)
#: Files that may write them: numbers.py defines the helpers; the model imports nothing else
#: of ours (test_the_model_imports_nothing_else_of_ours), so its few messages join by hand.
MAY_WRITE_WORDING: dict[str, str] = {
    "numbers.py": "defines listed, plural_of and counted",
    "model/party.py": "the model imports nothing else of ours",
    "model/election.py": "the model imports nothing else of ours",
}


def hand_written_wording(source: str) -> list[int]:
    """Lines of ``source`` that join a sentence's list or make a plural by hand."""
    return [
        number
        for number, line in enumerate(source.splitlines(), start=1)
        if HAND_WRITTEN_WORDING.search(line)
    ]


def test_the_wording_finder_finds_joins_and_plurals_written_by_hand() -> None:
    source = (
        'title = " and ".join(names)\n'
        "said = f\"{' or '.join(codes)}\"\n"
        "<h1>{{ pair|join(' and ') }}</h1>\n"
        "note = f\"row{'s' if n > 1 else ''}\"\n"
        "hours = f\"{noun}{'' if n == 1 else 's'}\"\n"
        'csv = ", ".join(cells)\n'
        'label = " + ".join(parties)\n'
        "words = listed(names)\n"
    )
    assert hand_written_wording(source) == [1, 2, 3, 4, 5]


def test_sentence_lists_and_plurals_go_through_the_one_helper() -> None:
    """Every list a sentence names ("Con, Reform UK and SNP") is :func:`psephos.numbers.listed`
    and every plural :func:`psephos.numbers.plural_of` (or :func:`~psephos.numbers.counted`),
    in code and in the web's templates."""
    found = [
        f"{relative}:{line}"
        for path in sorted([*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.html")])
        if (relative := path.relative_to(PACKAGE).as_posix()) not in MAY_WRITE_WORDING
        for line in hand_written_wording(path.read_text(encoding="utf-8"))
    ]
    assert found == []
