"""YAML loading that remembers where every value came from.

PyYAML's composer keeps line marks on every node; we keep them in a path index so that a
validation error found later (by pydantic or by a cross-reference check) can name the file and
line a person has to edit. Duplicate mapping keys, which PyYAML silently accepts, are reported.

Loading is bounded, since checklists come from anyone: the file size, the nesting depth (PyYAML's
composer recurses) and how far aliases expand (ten anchors each repeating the previous ten times,
a "billion laughs", is 611 bytes that stand for 10^10 values) are checked before anything is
built, and each refusal names the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PathKey = tuple[str | int, ...]

MAX_BYTES = 2_000_000
MAX_DEPTH = 64
MAX_VALUES = 200_000  # the shipped checklist has ~4,000


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

    Raises InputError for unreadable, oversized or non-UTF-8 files, syntax errors, nesting or
    alias expansion past the bounds, and duplicate keys, naming file and line.
    """
    name = str(path)
    if text is None:
        text = read_text_bounded(path)
    elif len(text) > MAX_BYTES:
        raise InputError([_too_big(name, len(text))])
    loader: _BoundedLoader | None = None
    try:
        loader = _BoundedLoader(text)  # its reader already refuses control characters
        node = loader.get_single_node()
    except _Refused as exc:
        raise InputError([Problem(name, exc.line, "", exc.message)]) from None
    except yaml.MarkedYAMLError as exc:
        raise InputError([_marked_problem(name, exc, "YAML syntax error")]) from exc
    except yaml.YAMLError as exc:  # the reader's "special characters are not allowed"
        line = text.count("\n", 0, getattr(exc, "position", 0)) + 1
        raise InputError([Problem(name, line, "", f"not a YAML text file: {exc}")]) from exc
    finally:
        if loader is not None:
            loader.dispose()
    smap = SourceMap(name)
    problems: list[Problem] = []
    if node is None:
        return None, smap
    _check_expansion(node, loader.aliases if loader else [], name)
    try:
        data = _construct(node, (), smap, problems, yaml.SafeLoader(""))
    except yaml.MarkedYAMLError as exc:  # an unknown !tag, a malformed !!timestamp, ...
        raise InputError([_marked_problem(name, exc)]) from None
    except (TypeError, ValueError) as exc:
        raise InputError([Problem(name, None, "", f"unusable YAML value: {exc}")]) from None
    if problems:
        raise InputError(problems)
    return data, smap


def _marked_problem(name: str, exc: yaml.MarkedYAMLError, what: str = "YAML error") -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    msg = " ".join(str(x) for x in (exc.context, exc.problem) if x) or str(exc)
    return Problem(name, line, "", f"{what}: {msg}")


def read_text_bounded(path: Path | str, limit: int = MAX_BYTES) -> str:
    """Read a UTF-8 text file of at most `limit` bytes, or raise InputError saying why not."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise InputError([Problem(name, None, "", f"cannot read file: {exc.strerror}")]) from exc
    if len(raw) > limit:
        raise InputError([_too_big(name, Path(path).stat().st_size, limit)])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            [
                Problem(
                    name,
                    line,
                    "",
                    f"not UTF-8 text (byte 0x{raw[exc.start]:02x} in column {column}); "
                    "save the file as UTF-8",
                )
            ]
        ) from None


def _too_big(name: str, size: int, limit: int = MAX_BYTES) -> Problem:
    allowed = f"a checklist may be at most {limit / 1e6:g} MB"
    return Problem(name, None, "", f"file is {size / 1e6:.1f} MB; {allowed}")


class _Refused(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe composer, refusing nesting past MAX_DEPTH and noting every alias used."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.depth = 0
        self.aliases: list[tuple[int, str, yaml.Node]] = []

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            node = super().compose_node(parent, index)
            self.aliases.append((event.start_mark.line + 1, str(event.anchor), node))
            return node
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(event.start_mark.line + 1, f"nested deeper than {MAX_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _check_expansion(root: yaml.Node, aliases: list[tuple[int, str, yaml.Node]], name: str) -> None:
    """Refuse a document whose aliases would expand past MAX_VALUES, before expanding any."""
    if not aliases:
        return
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:  # memoised per node: linear in the file, not the expansion
        known = sizes.get(id(node))
        if known is None:
            if isinstance(node, yaml.MappingNode):
                known = 1 + sum(size(k) + size(v) for k, v in node.value)
            elif isinstance(node, yaml.SequenceNode):
                known = 1 + sum(size(v) for v in node.value)
            else:
                known = 1
            sizes[id(node)] = known
        return known

    total = size(root)
    if total <= MAX_VALUES:
        return
    line, anchor, target = max(aliases, key=lambda a: (size(a[2]), -a[0]))
    raise InputError(
        [
            Problem(
                name,
                line,
                "",
                f"alias *{anchor} stands for {size(target):,} values and the file expands to "
                f"{total:,}; at most {MAX_VALUES:,} are allowed (write the values out instead "
                "of nesting aliases)",
            )
        ]
    )


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
            if isinstance(key, (list, dict)):
                problems.append(
                    Problem(
                        smap.file,
                        key_node.start_mark.line + 1,
                        dotted(path),
                        "a mapping key must be a plain value, not a list or mapping",
                    )
                )
                continue
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
