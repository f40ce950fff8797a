"""The shape of the package: no import cycles, no import from a lower layer up, no module over 500.

Read from the source with `ast`, so it sees every import: module level, lazy (inside a function)
and `TYPE_CHECKING`-only alike. A lazy import still couples two modules; a type-only one still
makes a reader of one open the other. The one deliberate exception is listed in ALLOWED with
its reason. The package face (`seccheck/__init__.py`) belongs to no layer, since it only names
the public API for lazy loading, but its imports count for cycles like any other module's.
Dynamic imports by computed name (plugin discovery in checks/ and collect/) are not imports of a
particular module and are not seen; `import_module("seccheck.x")` with a literal name is.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "seccheck"
MAX_LINES = 500

# Lowest first. A module may import its own layer and any layer below, never one above.
LAYERS: list[tuple[str, set[str]]] = [
    # Plain data and file primitives: know nothing of AWS calls, runs or views.
    (
        "foundation",
        {
            "_version",
            "results",
            "yamlsource",
            "jsonload",
            "locking",
            "processes",
            "checklist",
            "palette",
            "schemas",
        },
    ),
    # Talking to AWS, collecting facts, judging them, running, and the sandbox that stands in.
    ("engine", {"aws", "collect", "checks", "runner", "scan", "dask_run", "sandbox", "allocator"}),
    # The stored assessment and what is computed from it; running checks into it.
    (
        "model",
        {
            "acceptance",
            "passes",
            "answering",
            "accepting",
            "state",
            "attachments",
            "assessment",
            "scoring",
            "summary",
            "verification",
        },
    ),
    # Everything a person looks at or calls: notebook views, evidence, exports, server, CLI.
    (
        "views",
        {
            "markup",
            "tables",
            "display",
            "charts",
            "widgets",
            "notebook",
            "notebooks",
            "classroom",
            "evidence",
            "formats",
            "outputs",
            "progress",
            "terminal",
        },
    ),
    ("front ends", {"server", "commands", "cli"}),
]

# (importer, imported) edges that are allowed to break the rules, and why.
ALLOWED = {
    # `from seccheck.assessment import Assessment` keeps working for notebooks written before the
    # facade moved: a module __getattr__ resolves the name by string on first use, so the model
    # never imports its views at load time.
    ("seccheck.assessment", "seccheck.notebook"),
}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _resolve(module: str, is_package: bool, level: int, name: str | None) -> str:
    if level == 0:
        return name or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, name] if name else base)


def _known(target: str) -> str | None:
    """The seccheck module `target` names (or the package/module it lies in)."""
    while target:
        if target in MODULES:
            return target
        target = target.rpartition(".")[0]
    return None


def imports_of(module: str) -> Iterator[tuple[str, int]]:
    """Every seccheck module `module` imports, with the line, however the import is written."""
    path = MODULES[module]
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, is_package, node.level, node.module)
            # `from . import x` and `from .pkg import sub` name modules; otherwise names in base.
            targets = [f"{base}.{a.name}" for a in node.names if _known(f"{base}.{a.name}")]
            targets = targets if targets and all(t in MODULES for t in targets) else [base]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, (ast.Attribute, ast.Name))
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            targets = [node.args[0].value]  # importlib.import_module("seccheck.x") counts too
        for target in targets:
            found = _known(target)
            if found and found != module:
                yield found, node.lineno


def _layer(module: str) -> int | None:
    top = module.split(".")[1] if "." in module else ""
    for rank, (_, names) in enumerate(LAYERS):
        if top in names:
            return rank
    return None


GRAPH = {m: sorted({t for t, _ in imports_of(m)} - {m}) for m in MODULES}


def test_every_top_level_module_has_a_layer():
    tops = {m.split(".")[1] for m in MODULES if m.count(".") >= 1}
    missing = sorted(t for t in tops if _layer(f"seccheck.{t}") is None)
    assert not missing, f"add these to a layer in tests/test_layers.py: {missing}"


def test_no_import_from_a_lower_layer_to_a_higher_one():
    wrong = []
    for module in MODULES:
        here = _layer(module)
        for target, line in imports_of(module):
            there = _layer(target)
            if here is None or there is None or (module, target) in ALLOWED:
                continue
            if there > here:
                wrong.append(
                    f"{MODULES[module].relative_to(PACKAGE.parent)}:{line} "
                    f"({LAYERS[here][0]}) imports {target} ({LAYERS[there][0]})"
                )
    assert not wrong, "\n".join(wrong)


def _cycles() -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH[v]:
            if (v, w) in ALLOWED:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in GRAPH:
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles():
    """A package face importing a submodule that imports the face back is a cycle too."""
    cycles = [" <-> ".join(component) for component in _cycles()]
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_size(module):
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{MODULES[module]} has {lines} lines (limit {MAX_LINES}): split it"


def test_the_checker_sees_lazy_and_type_only_imports(tmp_path):
    """The graph would be worthless if it missed imports inside functions or TYPE_CHECKING."""
    assert "seccheck.notebook" in GRAPH["seccheck.assessment"]  # the allowed, string-named one
    assert "seccheck.display" in GRAPH["seccheck.notebook"]  # lazy, inside verify()
    assert "seccheck.verification" in GRAPH["seccheck.notebook"]  # TYPE_CHECKING only
