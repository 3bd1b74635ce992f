"""Hardened YAML for files that editors change through pull requests.

PyYAML's ``safe_load`` silently drops duplicate keys, turns ``no`` into ``False``,
``1.000`` into ``1.0`` and ``2024-13-01`` into a bare ``ValueError``, and expands
alias bombs downstream. This module composes the document with PyYAML's pure-Python
composer (it can be hooked; the C one cannot) and builds the data itself. (A
document with no anchor, alias, tag or error gives the same nodes from libyaml's C
composer, twice as fast, so that one is tried first: :func:`_compose_in_c`.) So:

- every problem carries ``path:line:col`` and a rule id, and all problems of a file
  are collected, never only the first;
- duplicate keys, anchors, aliases, merge keys, custom tags and multiple documents
  are errors;
- plain scalars resolve under YAML 1.2's core schema (only ``true``/``false`` are
  booleans; timestamps, octals and sexagesimals stay text), and
  :meth:`YamlDocument.require_text` flags a plain scalar that other YAML 1.1 tools
  would read as a boolean, a number or a date where text is expected;
- oversized, binary, non-UTF-8 and unreadable files give one clear problem.

Nothing here imports MkDocs.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

import yaml
from yaml.events import AliasEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from knowledge.problems import Problem, relpath
from knowledge.symlinks import outside_problem, read_allowed

DEFAULT_MAX_BYTES = 256 * 1024

Path = tuple  # a data path: keys (str) and list indexes (int)

# YAML 1.2 core schema, the only implicit types we construct.
_CORE_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_CORE_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_CORE_INT = re.compile(r"^[-+]?[0-9]+$")
_CORE_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_CORE_SPECIAL_FLOAT = re.compile(r"^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")

_ALLOWED_EXPLICIT_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}

# What YAML 1.1 (PyYAML, many editors' tools) would make of a plain scalar.
_YAML11 = yaml.resolver.Resolver()
_YAML11_NAMES = {
    "tag:yaml.org,2002:bool": "boolean",
    "tag:yaml.org,2002:int": "number",
    "tag:yaml.org,2002:float": "number",
    "tag:yaml.org,2002:timestamp": "date",
    "tag:yaml.org,2002:null": "null",
}
_IMPLICIT_RULES = {"boolean": "yaml-truthy", "number": "yaml-implicit-number", "date": "yaml-implicit-date", "null": "yaml-implicit-null"}


@dataclass
class YamlDocument:
    """A parsed YAML file: its data, its problems, and where each value stands.

    ``data`` is ``None`` when the file could not be parsed at all. Positions are
    1-based ``(line, col)``; ``line_offset`` shifts them for YAML embedded in a
    larger file (front matter).
    """

    path: str
    data: Any = None
    problems: list[Problem] = field(default_factory=list)
    value_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    yaml11_types: dict[Path, str] = field(default_factory=dict)
    quoted: set[Path] = field(default_factory=set)
    plain_text: dict[Path, str] = field(default_factory=dict)  # source text of unquoted scalars

    @property
    def ok(self) -> bool:
        return self.data is not None and not any(p.level == "error" for p in self.problems)

    def mark(self, path: Iterable[Any] = (), *, key: bool = False) -> tuple[int, int]:
        """Position of the value (or, with ``key=True``, of the key) at ``path``.

        Falls back to the nearest ancestor that exists, then to 1:1, so a missing
        key is reported on the mapping that should hold it.
        """
        path = tuple(path)
        while True:
            if key and path in self.key_marks:
                return self.key_marks[path]
            if path in self.value_marks:
                return self.value_marks[path]
            if not path:
                return (1, 1)
            path = path[:-1]

    def problem(self, path: Iterable[Any], rule: str, message: str, *, level: str = "error", key: bool = False) -> Problem:
        line, col = self.mark(path, key=key)
        return Problem(self.path, line, col, rule, message, level)  # type: ignore[arg-type]

    def get(self, path: Iterable[Any], default: Any = None) -> Any:
        node = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return default
        return node

    def require_text(self, path: Iterable[Any]) -> Problem | None:
        """A problem if the value at ``path`` is not text an editor can trust.

        Catches a missing or empty value, a non-string, and a plain
        scalar that YAML 1.1 tools read as a boolean, number, date or null
        (``no``, ``1.000``, ``2024-03-05``): such a value must be quoted.
        """
        path = tuple(path)
        value = self.get(path)
        if value is None and path not in self.value_marks:
            return self.problem(path[:-1], "missing-key", f"missing required key {dotted_path(path)!r}", key=True)
        implied = self.yaml11_types.get(path)
        if implied and implied != "null":
            raw = self.plain_text.get(path, str(value))
            return self.problem(
                path,
                _IMPLICIT_RULES[implied],
                f"{dotted_path(path)}: {raw!r} is read as a {implied} by YAML 1.1 tools; quote it (\"{raw}\") to keep it as text",
            )
        if not isinstance(value, str):
            return self.problem(path, "wrong-type", f"{dotted_path(path)}: expected text, found {type_name(value)}")
        if not value.strip():
            return self.problem(path, "empty-value", f"{dotted_path(path)}: must not be empty")
        return None


def dotted_path(path: Iterable[Any]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(document)"


def type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "text"


try:  # libyaml's event parser is ~8x faster; PyYAML's Python composer still runs on top
    from yaml._yaml import CParser as _EventParser

    _FAST = True
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _FAST = False


def _loader_bases() -> tuple[type, ...]:
    from yaml.composer import Composer
    from yaml.constructor import SafeConstructor
    from yaml.resolver import Resolver

    if _FAST:
        return (Composer, _EventParser, SafeConstructor, Resolver)
    return (yaml.SafeLoader,)


class _StrictLoader(*_loader_bases()):  # type: ignore[misc]
    """PyYAML's safe composer, with anchors and odd tags recorded, not obeyed.

    The composer is PyYAML's pure-Python one (its hooks are what this module
    needs); the events under it come from libyaml when available.
    """

    def __init__(self, stream: str, report: list[tuple[str, Any, str]]):
        if _FAST:
            from yaml.composer import Composer
            from yaml.constructor import SafeConstructor
            from yaml.resolver import Resolver

            _EventParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
        else:
            super().__init__(stream)
        self._report = report

    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            self.get_event()
            self._report.append(("yaml-anchor", event.start_mark, f"alias '*{event.anchor}' is not allowed; write the value out in full"))
            return ScalarNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self._report.append(("yaml-anchor", event.start_mark, f"anchor '&{anchor}' is not allowed; write each value out in full"))
            event.anchor = None
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and tag not in _ALLOWED_EXPLICIT_TAGS:
            self._report.append(("yaml-tag", event.start_mark, f"tag {tag!r} is not allowed"))
            event.tag = None
            if isinstance(event, ScalarEvent):
                event.implicit = (True, False)
        return super().compose_node(parent, index)


if _FAST:

    class _CComposer(_EventParser):  # type: ignore[misc, valid-type]
        """libyaml's own composer, in C, for documents with nothing
        :class:`_StrictLoader` must intercept (see :func:`_compose_in_c`). Tags are
        not resolved: ``_build`` reads no node tag when no node is tagged."""

        def resolve(self, kind: type, value: Any, implicit: Any) -> str:
            return ""

        def descend_resolver(self, parent: Any, index: Any) -> None:
            pass  # path-based resolvers: none are used

        def ascend_resolver(self) -> None:
            pass


# The C composer recurses on the C stack: flow nesting is bounded before using it
# (block nesting is bounded by the file size limit: each level needs more indentation).
_MAX_FLOW_OPENERS = 256
_HOOKED = object()  # "compose this text with the hooked Python composer"
_PROPERTY_STARTS = frozenset("&*!")


def _needs_hooks(text: str) -> bool:
    """Whether to skip the C composer without trying it (deep flow nesting)."""
    return text.count("[") + text.count("{") > _MAX_FLOW_OPENERS


def _compose_in_c(text: str) -> Any:
    """The document's root node from libyaml's C composer (twice as fast as PyYAML's
    Python one, same events, same nodes), or ``_HOOKED`` when the hooked composer
    must run instead: on any error (it reports errors its own way) and when a node
    carries an anchor or a tag. A node's start mark is where its properties start
    (libyaml), and no other node can start with '&', '!' or '*' (they are
    indicators); an alias is returned as its anchored node, met first."""
    loader = _CComposer(text)
    try:
        root = loader.get_single_node()
    except Exception:  # noqa: BLE001 - the hooked composer runs again and reports it
        return _HOOKED
    finally:
        loader.dispose()
    if root is None:
        return None
    budget = 2 * len(text) + 16  # more nodes than that: shared nodes; let the hooks decide
    stack = [root]
    while stack:
        node = stack.pop()
        index = node.start_mark.index
        if index < len(text) and text[index] in _PROPERTY_STARTS:
            return _HOOKED
        budget -= 1
        if budget < 0:
            return _HOOKED
        if isinstance(node, MappingNode):
            for key, value in node.value:
                stack += (value, key)
        elif isinstance(node, SequenceNode):
            stack += node.value
    return root


def parse_yaml(text: str, display_path: str, *, line_offset: int = 0) -> YamlDocument:
    """Parse YAML text; never raises for bad content."""
    try:
        return _parse_yaml(text, display_path, line_offset)
    except RecursionError:  # hundreds of nested '[' or '{': PyYAML's composer recurses
        problem = Problem(display_path, 1 + line_offset, 1, "yaml-syntax", "nesting is too deep to be FAQ, article or table data")
        return YamlDocument(display_path, None, [problem])


def _parse_yaml(text: str, display_path: str, line_offset: int) -> YamlDocument:
    doc = YamlDocument(display_path)

    def add(rule: str, line: int, col: int, message: str) -> None:
        doc.problems.append(Problem(display_path, line + line_offset, col, rule, message))

    tab_lines = [n for n, line in enumerate(text.splitlines(), 1) if re.match(r"^ *\t", line)] if "\t" in text else []
    for n in tab_lines:
        line = text.splitlines()[n - 1]
        add("yaml-tabs", n, line.index("\t") + 1, "tab used for indentation; indent with spaces")
    if tab_lines:
        return doc

    report: list[tuple[str, Any, str]] = []
    root = _compose_in_c(text) if _FAST and not _needs_hooks(text) else _HOOKED
    if root is not _HOOKED:
        return _built(doc, root, line_offset)
    loader = _StrictLoader(text, report)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context_mark is not None and mark is not None and mark.line >= text.count("\n"):
            # The parser ran into the end of the text: what is unfinished is the
            # construct it was reading (an unclosed '[' or quote), so point there.
            mark = exc.context_mark
            problem = f"{problem} {exc.context}" if exc.context else problem
        rule = "yaml-syntax"
        if "expected a single document" in str(exc.context or ""):
            rule, problem = "yaml-multiple-documents", "only one YAML document is allowed per file"
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        for rule_, mark_, message in report:
            add(rule_, mark_.line + 1, mark_.column + 1, message)
        add(rule, line, col, f"{problem}{_syntax_hint(problem)}")
        return doc
    except yaml.YAMLError as exc:  # unmarked errors, e.g. bad characters
        add("yaml-syntax", 1, 1, str(exc).splitlines()[0])
        return doc
    finally:
        loader.dispose()
    for rule, mark, message in report:
        add(rule, mark.line + 1, mark.column + 1, message)
    return _built(doc, root, line_offset)


def _built(doc: YamlDocument, root: Node | None, line_offset: int) -> YamlDocument:
    doc.data = {} if root is None else _build(root, (), doc, line_offset)
    return doc


def _syntax_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:  # PyYAML and libyaml word it differently
        return "; a ': ' inside text needs quotes"
    if "found character" in problem and ("'@'" in problem or "'`'" in problem):
        return "; text starting with this character needs quotes"
    if "alias" in problem or "anchor" in problem:
        return "; text starting with '*' or '&' needs quotes"
    return ""


def _build(node: Node, path: Path, doc: YamlDocument, offset: int) -> Any:
    doc.value_marks[path] = (node.start_mark.line + 1 + offset, node.start_mark.column + 1)
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + offset
            key_col = key_node.start_mark.column + 1
            if not isinstance(key_node, ScalarNode):
                doc.problems.append(Problem(doc.path, key_line, key_col, "yaml-syntax", "keys must be plain text"))
                continue
            key = key_node.value
            if key == "<<" and not key_node.style:  # plain style: None (PyYAML) or "" (libyaml)
                doc.problems.append(Problem(doc.path, key_line, key_col, "yaml-anchor", "merge keys ('<<') are not allowed; write the keys out"))
                continue
            if key in seen:
                doc.problems.append(Problem(doc.path, key_line, key_col, "yaml-duplicate-key", f"key {key!r} is defined twice (first on line {seen[key]})"))
                continue
            seen[key] = key_line
            child = path + (key,)
            doc.key_marks[child] = (key_line, key_col)
            out[key] = _build(value_node, child, doc, offset)
        return out
    if isinstance(node, SequenceNode):
        return [_build(item, path + (i,), doc, offset) for i, item in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    value = node.value
    if node.style:  # quoted or block scalar
        doc.quoted.add(path)
        return value
    yaml11 = _YAML11.resolve(ScalarNode, value, (True, False))
    if node.tag == "tag:yaml.org,2002:str" and yaml11 != node.tag:  # explicit !!str
        doc.quoted.add(path)
        return value
    core = _core_value(value)
    doc.plain_text[path] = value
    if yaml11 in _YAML11_NAMES and (isinstance(core, str) or yaml11 != "tag:yaml.org,2002:null"):
        doc.yaml11_types[path] = _YAML11_NAMES[yaml11]
    return core


def _core_value(value: str) -> Any:
    if _CORE_NULL.match(value):
        return None
    if _CORE_BOOL.match(value):
        return value.lower() == "true"
    if _CORE_INT.match(value):
        return int(value)
    if _CORE_FLOAT.match(value):
        return float(value)
    if _CORE_SPECIAL_FLOAT.match(value):
        return float(value.replace(".", "", 1))
    return value


def read_text(path: str | os.PathLike[str], display_path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file an editor wrote; problems instead of exceptions.

    One problem, and ``None``, for: an unreadable file (missing, a directory, a
    symlink loop), a file over ``max_bytes``, a binary file, invalid UTF-8.
    A UTF-8 byte-order mark is tolerated.
    """
    def fail(rule: str, message: str, line: int = 1, col: int = 1) -> tuple[None, list[Problem]]:
        return None, [Problem(display_path, line, col, rule, message)]

    try:
        size = os.stat(path).st_size
        if size > max_bytes:
            return fail("file-too-large", f"file is {size:,} bytes; the limit is {max_bytes:,}")
        with open(path, "rb") as handle:
            # Sized from stat: read(max_bytes + 1) allocates the whole limit for every
            # small file (0.1 s of CPU over 4,000 files, most of their reading time).
            # A file that grew since stat is read on, up to the limit.
            raw = handle.read(size + 1)
            if len(raw) > size:
                raw += handle.read(max_bytes + 1 - len(raw))
    except OSError as exc:
        return fail("unreadable", f"cannot read file: {exc.strerror or exc}")
    if len(raw) > max_bytes:
        return fail("file-too-large", f"file is over the limit of {max_bytes:,} bytes")
    if b"\x00" in raw:
        return fail("not-text", "file is binary (contains NUL bytes), not UTF-8 text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return fail("encoding", f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8", line, col)
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, []


def load_yaml(
    path: str | os.PathLike[str],
    *,
    root: str | os.PathLike[str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    display: str | None = None,
) -> YamlDocument:
    """Read and parse one YAML file. ``root`` makes the reported path relative;
    ``display``, when the caller already knows that path, saves computing it."""
    display = relpath(path, root) if display is None else display
    if not read_allowed(path, root):
        # A symlink out of the project (`faq/x.yml -> /proc/self/environ`): never read it,
        # so nothing of it can reach a message. The `symlink` rule says which link.
        return YamlDocument(display, None, [outside_problem(path, display)])
    text, problems = read_text(path, display, max_bytes=max_bytes)
    if text is None:
        return YamlDocument(display, None, problems)
    return parse_yaml(text, display)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)(?:^|\r?\n)(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)


@dataclass
class MarkdownSource:
    """A Markdown file split into front matter and body."""

    path: str
    meta: YamlDocument
    body: str
    body_line: int  # 1-based line where the body starts
    has_front_matter: bool


def parse_front_matter(text: str, display_path: str) -> MarkdownSource:
    """Split ``---`` front matter from a Markdown body; line numbers are the file's."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return MarkdownSource(display_path, YamlDocument(display_path, {}), text, 1, False)
    yaml_text = match.group(1)
    meta = parse_yaml(yaml_text, display_path, line_offset=1)
    if meta.data is not None and not isinstance(meta.data, dict):
        meta.problems.append(Problem(display_path, 2, 1, "front-matter", "front matter must be a mapping of keys to values"))
        meta.data = None
    body = text[match.end():]
    body_line = text[: match.end()].count("\n") + 1
    return MarkdownSource(display_path, meta, body, body_line, True)


def validation_problems(doc: YamlDocument, exc: Any, *, prefix: Path = ()) -> list[Problem]:
    """Map a pydantic ``ValidationError`` onto ``file:line:col`` problems.

    ``loc`` is a data path; unknown keys are reported on the key, missing keys on
    the mapping that lacks them.
    """
    out: list[Problem] = []
    for err in exc.errors():
        loc = prefix + tuple(err.get("loc", ()))
        kind = err.get("type", "")
        dotted = dotted_path(loc)
        if kind == "missing":
            out.append(doc.problem(loc[:-1], "missing-key", f"missing required key {dotted!r}", key=True))
        elif kind == "extra_forbidden":
            out.append(doc.problem(loc, "unknown-key", f"unknown key {dotted!r}", key=True))
        elif kind.endswith("_type") or kind in {"model_type", "dict_type", "list_type"}:
            out.append(doc.problem(loc, "wrong-type", f"{dotted}: {err.get('msg', 'wrong type').lower()}, found {type_name(err.get('input'))}"))
        else:
            msg = err.get("msg", "invalid value")
            msg = msg[0].lower() + msg[1:] if msg else msg
            msg = msg.removeprefix("value error, ")
            out.append(doc.problem(loc, "invalid-value", f"{dotted}: {msg}"))
    return out
