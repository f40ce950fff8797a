"""YAML loading that remembers where every value came from.

PyYAML's composer keeps line marks on every node; we keep them in a path index so that a
validation error found later (by pydantic or by a cross-reference check) can name the file and
line a person has to edit. Duplicate mapping keys, which PyYAML silently accepts, are reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located for a human."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class InputError(Exception):
    """Raised with every problem found in one input, so a user fixes them all in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class SourceMap:
    """Maps a path inside the loaded data to the 1-based line it was written on."""

    file: str
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line_of(self, path: PathKey) -> int | None:
        """Line of the deepest part of `path` that exists in the file."""
        probe = tuple(path)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get((), None)

    def problem(self, path: PathKey, message: str) -> Problem:
        return Problem(self.file, self.line_of(path), dotted(path), message)


def dotted(path: PathKey) -> str:
    """Render ('items', 3, 'checks', 0, 'id') as items[3].checks[0].id."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def load_yaml_with_lines(path: Path | str, text: str | None = None) -> tuple[Any, SourceMap]:
    """Parse YAML, returning the plain data and its source map.

    Raises InputError for syntax errors and duplicate keys, naming file and line.
    """
    name = str(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(
                [Problem(name, None, "", f"cannot read file: {exc.strerror}")]
            ) from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        msg = " ".join(str(x) for x in (exc.context, exc.problem) if x) or str(exc)
        raise InputError([Problem(name, line, "", f"YAML syntax error: {msg}")]) from exc
    smap = SourceMap(name)
    problems: list[Problem] = []
    if node is None:
        return None, smap
    data = _construct(node, (), smap, problems, yaml.SafeLoader(""))
    if problems:
        raise InputError(problems)
    return data, smap


def _construct(
    node: yaml.Node,
    path: PathKey,
    smap: SourceMap,
    problems: list[Problem],
    scalars: yaml.SafeLoader,
) -> Any:
    smap.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = scalars.construct_object(key_node)
            child = (*path, key)
            if key in out:
                problems.append(
                    Problem(smap.file, key_node.start_mark.line + 1, dotted(child), "duplicate key")
                )
                continue
            smap.lines[child] = key_node.start_mark.line + 1
            out[key] = _construct(value_node, child, smap, problems, scalars)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, child_node in enumerate(node.value):
            child = (*path, index)
            smap.lines[child] = child_node.start_mark.line + 1
            items.append(_construct(child_node, child, smap, problems, scalars))
        return items
    return scalars.construct_object(node)
