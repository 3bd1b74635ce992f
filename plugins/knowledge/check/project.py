"""Read the few keys of ``mkdocs.yml`` that ``knowledge check`` needs, without MkDocs.

The check must run where MkDocs is not importable (pre-commit, a bare CI step) and
must not execute anything a config names. So ``mkdocs.yml`` is read with a safe
loader that:

- turns every tag it does not know (``!!python/name:…``, ``!!python/object/apply:…``,
  ``!relative``) into ``None`` instead of importing or calling anything;
- resolves MkDocs' ``!ENV`` tag (``!ENV VAR`` or ``!ENV [VAR, OTHER, default]``),
  because ``site_url`` is often set that way;
- follows ``INHERIT`` (a parent config merged under this one), as MkDocs does.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import yaml

from knowledge.features import SiteContext
from knowledge.site.options import site_root
from knowledge.yamlio import read_text

PLUGIN_NAME = "knowledge"
DEFAULT_LANGUAGES = ("es", "en")
MAX_CONFIG_BYTES = 1024 * 1024
MAX_INHERIT_DEPTH = 8


class ConfigError(Exception):
    """The config cannot be used at all: a usage error (exit code 2), not a content problem."""


class _ConfigLoader(yaml.SafeLoader):
    """SafeLoader that ignores unknown tags and resolves ``!ENV``."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None  # never import or call what a tag names


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    elif isinstance(node, yaml.SequenceNode):
        items = loader.construct_sequence(node)
        names, default = items[:-1], items[-1] if items else None
        if len(items) == 1:  # a one-item list is a variable name without default
            names, default = items, None
    else:
        return None
    for name in names:
        value = os.environ.get(str(name))
        if value is not None:
            return yaml.load(value, Loader=yaml.SafeLoader) if value else value
    return default


_ConfigLoader.add_multi_constructor("", _ignore_tag)
_ConfigLoader.add_constructor("!ENV", _env_tag)


@dataclass(frozen=True)
class ProjectConfig:
    """What the check uses from ``mkdocs.yml``."""

    config_file: Path
    project_dir: Path
    docs_dir: Path
    site_url: str
    use_directory_urls: bool
    options: Mapping[str, Any]

    @property
    def languages(self) -> tuple[str, ...]:
        value = self.options.get("languages")
        if isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value):
            return tuple(value)
        if isinstance(value, Mapping) and value:  # {es: {...}, en: {...}}
            return tuple(str(k) for k in value)
        return DEFAULT_LANGUAGES


def _read_mapping(path: Path, depth: int = 0) -> dict[str, Any]:
    text, problems = read_text(path, str(path), max_bytes=MAX_CONFIG_BYTES)
    if text is None:
        raise ConfigError(f"{path}: {problems[0].message}")
    try:
        data = yaml.load(text, Loader=_ConfigLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: invalid YAML: {getattr(exc, 'problem', None) or exc}") from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise ConfigError(f"{path}: invalid config: {exc}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the config must be a mapping of keys to values")
    parent = data.pop("INHERIT", None)
    if isinstance(parent, str) and parent:
        if depth >= MAX_INHERIT_DEPTH:
            raise ConfigError(f"{path}: INHERIT nests deeper than {MAX_INHERIT_DEPTH} levels")
        base = _read_mapping(path.parent / parent, depth + 1)
        data = _merge(base, data)
    return data


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """MkDocs' INHERIT merge: mappings merge recursively, everything else is replaced."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def plugin_options(plugins: Any, name: str = PLUGIN_NAME) -> dict[str, Any] | None:
    """The options of plugin ``name`` (``{}`` when listed bare), ``None`` when absent.

    MkDocs accepts a list (``- name`` or ``- name: {options}``) or a mapping.
    """
    items: list[tuple[Any, Any]] = []
    if isinstance(plugins, list):
        for item in plugins:
            if isinstance(item, str):
                items.append((item, {}))
            elif isinstance(item, dict):
                items.extend(item.items())
    elif isinstance(plugins, dict):
        items.extend(plugins.items())
    for key, value in items:
        if key == name:
            return dict(value) if isinstance(value, dict) else {}
    return None


def read_project_config(config_file: str | os.PathLike[str]) -> ProjectConfig:
    """Read ``mkdocs.yml``; raises :class:`ConfigError` when it cannot be used."""
    path = Path(os.path.abspath(config_file))
    if not path.is_file():
        raise ConfigError(f"config file not found: {os.fspath(config_file)}")
    data = _read_mapping(path)
    project_dir = path.parent
    docs_value = data.get("docs_dir") or "docs"
    if not isinstance(docs_value, str):
        raise ConfigError(f"{path}: docs_dir must be text")
    docs_dir = Path(os.path.abspath(project_dir / docs_value))
    if not docs_dir.is_dir():
        raise ConfigError(f"docs_dir not found: {docs_dir}")
    site_url = site_root(data.get("site_url") if isinstance(data.get("site_url"), str) else "")
    use_directory_urls = data.get("use_directory_urls", True)
    options = plugin_options(data.get("plugins"))
    return ProjectConfig(
        config_file=path,
        project_dir=project_dir,
        docs_dir=docs_dir,
        site_url=site_url,
        use_directory_urls=use_directory_urls is not False,
        options=options or {},
    )


def site_context(config: ProjectConfig) -> SiteContext:
    return SiteContext(
        project_dir=config.project_dir,
        docs_dir=config.docs_dir,
        languages=config.languages,
        site_url=config.site_url,
        use_directory_urls=config.use_directory_urls,
        options=config.options,
        serve=False,
    )
