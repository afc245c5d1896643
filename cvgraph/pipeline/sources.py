"""The front door: what the user names (files, folders, globs, ``people.yaml``, BibTeX files that
add to a CV, ``--from``) turned into units, one per CV, and each unit loaded.

Every command and API function that takes CVs goes through :func:`open_sources`:

- a folder stands for every ``*.yaml``/``*.yml`` in it and its subfolders (hidden ones skipped),
  a glob for its matches, each sorted; a file for itself (given twice, it counts once); a folder
  that is an al-folio or Hugo Blox site is one CV (:func:`cvgraph.importers.detect_site`), given
  itself or found in a folder;
- a ``people.yaml`` among them is the shared people registry (:mod:`cvgraph.records.registry`),
  not a CV;
- a BibTeX file adds its publications to the CV file before it (the first CV when it comes
  first); without any other CV, each BibTeX file is a CV of its own;
- ``fmt`` (``--from``) says how to read every file (default: from each file's extension and
  content, so JSON Resume, RenderCV and ORCID files are imported: :mod:`cvgraph.importers`).

The result says whether it is a batch (several CVs, a folder or a glob), which decides between
the one-CV and the many-CV paths of ``build``, ``validate``, ``query`` and ``publish``.
"""
from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from cvgraph.errors import CvgraphError, Problem, RecordError
from cvgraph.importers import FORMATS, Imported, Note, detect_site, import_file, print_warning, read_records
from cvgraph.records.loader import CV, finish
from cvgraph.records.registry import Registry, is_registry, load_registry
from cvgraph.records.starter import is_placeholder
from cvgraph.records.yamlsafe import Loaded, YamlPath, load_yaml

__all__ = ["CV_SUFFIXES", "Source", "Sources", "Unit", "expand_inputs", "group_sources", "load", "load_all",
           "load_unit", "open_sources"]

CV_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Unit:
    """One CV: its file (or an already loaded CV) and the BibTeX files that add to it."""

    main: str | os.PathLike[str] | CV
    supplements: tuple[Path, ...] = ()

    @property
    def files(self) -> tuple[str, ...]:
        """The unit's files as strings (a loaded CV: its file name)."""
        main = self.main.file if isinstance(self.main, CV) else str(self.main)
        return (main, *(str(s) for s in self.supplements))


@dataclass
class Sources:
    """The units a source names, the shared people registry among them, and whether they make a
    batch (several CVs, a folder or a glob)."""

    units: list[Unit]
    registry: Registry | None = None
    batch: bool = False
    fmt: str | None = None  # --from

    @property
    def files(self) -> tuple[str, ...]:
        """Every file read: the units' and the registry's (what an output must not be)."""
        registry = (self.registry.file,) if self.registry is not None else ()
        return (*(f for unit in self.units for f in unit.files), *registry)


SourceItem: TypeAlias = str | os.PathLike[str] | CV  # a file, folder or glob, or a loaded CV
Source: TypeAlias = SourceItem | Sources | Iterable[SourceItem]


def _items(source: SourceItem | Iterable[SourceItem]) -> list[SourceItem]:
    if isinstance(source, (str, os.PathLike, CV)):
        return [source]
    return list(source)


def _is_glob(arg: str) -> bool:
    return glob.has_magic(arg) and not Path(arg).exists()


def _folder_cvs(root: Path) -> list[Path]:
    """The CVs in folder ``root``: its ``*.yaml``/``*.yml`` files (hidden folders skipped), except
    those inside a homepage site folder, which is one CV itself."""
    sites: dict[Path, bool] = {}

    def site_of(path: Path) -> Path | None:
        for folder in reversed(path.relative_to(root).parents[:-1]):  # outermost first, root excluded
            here = root / folder
            if here not in sites:
                sites[here] = detect_site(here) is not None
            if sites[here]:
                return here
        return None

    found: set[Path] = set()
    for path in root.rglob("*"):
        if path.suffix.lower() in CV_SUFFIXES and path.is_file() and \
                not any(part.startswith(".") for part in path.relative_to(root).parts):
            found.add(site_of(path) or path)
    return sorted(found)


def expand_inputs(args: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The files named by ``args`` (see the module docstring), each once."""
    out: list[Path] = []
    for arg in args:
        text = str(arg)
        if detect_site(text) is not None:
            found = [Path(text)]  # a homepage site: one CV, read by its importer
        elif Path(text).is_dir():
            root = Path(text)
            found = _folder_cvs(root)
            if not found:
                raise CvgraphError(f"{text}: no CV files (*.yaml, *.yml) in this folder")
        elif _is_glob(text):
            found = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
            if not found:
                raise CvgraphError(f"{text}: no file matches this pattern")
        else:
            found = [Path(text)]
        out.extend(found)
    seen: set[str] = set()
    unique = []
    for path in out:
        key = os.path.normcase(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _split_registry(paths: list[Path]) -> tuple[list[Path], Registry | None]:
    """The CV files among ``paths`` and the shared people registry, loaded. Several registries
    with different contents are an error."""
    found = [p for p in paths if is_registry(p)]
    cvs = [p for p in paths if not is_registry(p)]
    if not found:
        return cvs, None
    registries = [load_registry(p) for p in found]
    if len({r.digest for r in registries}) > 1:
        raise CvgraphError(f"several people registries: {', '.join(str(p) for p in found)} (hint: keep one "
                           "people.yaml, at the top of the folder)")
    return cvs, registries[0]


def _is_bibtex(item: object, fmt: str | None) -> bool:
    if not isinstance(item, (str, os.PathLike)):
        return False
    return fmt == "bibtex" if fmt else Path(item).suffix.lower() in (".bib", ".bibtex")


def group_sources(items: Sequence[SourceItem], fmt: str | None = None) -> list[Unit]:
    """Pair each CV (a path or a loaded CV) with the BibTeX files that add publications to it:
    those after it, up to the next CV (BibTeX files before the first CV go to the first CV).
    Without any other CV, each BibTeX file is a CV of its own."""
    mains = [i for i, item in enumerate(items) if not _is_bibtex(item, fmt)]
    if not mains:
        return [Unit(item) for item in items]
    groups: dict[int, list[Path]] = {i: [] for i in mains}
    owner = mains[0]
    for i, item in enumerate(items):
        if i in groups:
            owner = i
        elif isinstance(item, (str, os.PathLike)):  # a BibTeX file (always a path)
            groups[owner].append(Path(item))
    out = []
    for i in mains:
        if groups[i] and not isinstance(items[i], (str, os.PathLike)):
            raise CvgraphError(f"{groups[i][0]}: cannot add its publications to a CV that is already "
                               "loaded; give the CV's file instead")
        out.append(Unit(items[i], tuple(groups[i])))
    return out


def open_sources(source: Source, fmt: str | None = None, *, nquads: bool = False,
                 default: Callable[[], Path] | None = None) -> Sources:
    """The units of ``source`` (see the module docstring); a :class:`Sources` is returned as it
    is. ``nquads``: the output is N-Quads, which makes even one CV a batch. ``default``: what
    to read when ``source`` names nothing (the CLI's bundled sample)."""
    if isinstance(source, Sources):
        return source
    items = _items(source)
    if not items and default is not None:
        return Sources([Unit(default())], fmt=fmt)
    names = [item for item in items if not isinstance(item, CV)]
    if len(names) < len(items):  # loaded CVs: nothing to expand
        return Sources(group_sources(items, fmt), fmt=fmt)
    paths, registry = _split_registry(expand_inputs(names))
    units = group_sources(paths, fmt)
    if not units:
        raise CvgraphError("no CV given" + (" (people.yaml is the shared people registry, not a CV)"
                                            if registry is not None else ""))
    batch = nquads or len(units) > 1 or any((Path(a).is_dir() and detect_site(a) is None) or _is_glob(str(a))
                                            for a in names)
    return Sources(units, registry, batch, fmt)


# ----------------------------------------------------------------------------- loading


def load(path: str | os.PathLike[str], base: str | None = None, fmt: str | None = None,
         registry: Registry | None = None, warn: Callable[[Note], None] | None = print_warning) -> CV:
    """Load and check one CV file; raise :class:`RecordError` listing every problem.
    A BibTeX, JSON Resume, RenderCV or ORCID file (``fmt``, default: from its extension and
    content) is imported first (:func:`cvgraph.importers.read_records`), its warnings passed to
    ``warn``. ``registry``: people without an ORCID iD that it lists get its IRIs.

    >>> from cvgraph.resources import sample_path
    >>> load(sample_path()).data["person"]["name"]
    'Sunwoo Lee'
    """
    loaded = read_records(Path(path), fmt, warn)
    cv = finish(loaded, base, registry)
    cv.file = str(path)  # the file itself, even when problems name the imported YAML
    _warn_placeholder(loaded, cv, base, warn)
    return cv


def _warn_placeholder(loaded: Loaded, cv: CV, base: str | None, warn: Callable[[Note], None] | None) -> None:
    """A warning, on every run, while the CV's document IRI is the placeholder `cvgraph init` or
    `cvgraph import` wrote (:data:`cvgraph.records.starter.PLACEHOLDER_HOME`)."""
    if base is None and warn is not None and is_placeholder(cv.base):
        field = ("base",) if cv.data.get("base") else ("person", "homepage")
        line, _ = loaded.where(field)
        warn(Note(f"{loaded.file}:{line}", f"{'.'.join(field)} is the placeholder {cv.base}: the CV's IRIs are "
                  "built under it until you replace it with your homepage"))


class _Combined(Loaded):
    """A CV file with BibTeX files merged in: a problem in an entry that came from a BibTeX
    file is reported at its line in that file's imported YAML."""

    def __init__(self, base: Loaded, data: dict[str, object], raw: dict[YamlPath, str],
                 origins: dict[YamlPath, tuple[YamlPath, Loaded]]) -> None:
        super().__init__(base.file, data, base.marks, raw)
        self.origins = origins  # result (section, i) -> (imported (section, j), that import's Loaded)

    def problem(self, path: YamlPath, message: str, hint: str = "") -> Problem:
        origin = self.origins.get(tuple(path[:2]))
        if origin is not None:
            where, loaded = origin
            return loaded.problem(where + tuple(path[2:]), message, hint)
        return super().problem(path, message, hint)


def load_unit(unit: Unit, fmt: str | None = None, base: str | None = None, registry: Registry | None = None,
              warn: Callable[[Note], None] | None = print_warning) -> CV:
    """Load one unit: its CV file with the publications (and co-authors, venues) of its BibTeX
    files merged in (:func:`cvgraph.importers.merge.merge`: duplicates merged, conflicts warned
    about, the CV file's values kept). A loaded CV is returned as it is."""
    if isinstance(unit.main, CV):
        return unit.main
    if not unit.supplements:
        return load(unit.main, base, fmt, registry, warn)
    # lazy: the merge and the YAML writer load nameparser and ruamel.yaml (heavy), needed only
    # when a BibTeX file adds to a CV
    from cvgraph.importers.merge import merge_tracked
    from cvgraph.importers.yamlout import to_yaml

    loaded = read_records(Path(unit.main), fmt, warn)
    if not isinstance(loaded.data, dict):
        return finish(loaded, base, registry)  # reports what is wrong with it
    data, raw = loaded.data, dict(loaded.raw)
    origins: dict[YamlPath, tuple[YamlPath, Loaded]] = {}
    person = data.get("person")
    me = person.get("name") if isinstance(person, dict) and isinstance(person.get("name"), str) else None
    for bib in unit.supplements:
        imported = import_file(bib, "bibtex", me=me)  # the CV says whose publications they are
        text = to_yaml(imported, source=str(bib), fmt=FORMATS["bibtex"])
        bib_loaded = load_yaml(f"{bib} (as imported)", text)
        sizes = {k: len(v) for k, v in data.items() if isinstance(v, list)}
        merged, moved = merge_tracked(data, Imported(bib_loaded.data, imported.warnings, imported.comments),
                                      base_name=Path(unit.main).name, new_name=str(bib))
        if warn is not None:
            for note in merged.warnings:
                warn(note)
        for new_pos, pos in moved.items():
            for path, value in bib_loaded.raw.items():
                if path[:2] == new_pos:
                    raw.setdefault(pos + path[2:], value)
            if len(pos) == 2 and pos[1] >= sizes.get(pos[0], 0):
                origins[pos] = (new_pos, bib_loaded)
        data = merged.data
    cv = finish(_Combined(loaded, data, raw, origins), base, registry)
    cv.file = str(unit.main)
    _warn_placeholder(loaded, cv, base, warn)
    return cv


def load_all(source: Source, base: str | None = None, fmt: str | None = None,
             registry: Registry | None = None) -> list[CV]:
    """Load every CV in ``source``, collecting all files' problems into one :class:`RecordError`.
    ``registry``: the shared people registry, applied to every file loaded (default: the
    ``people.yaml`` among the sources, if any)."""
    sources = open_sources(source, fmt)
    registry = registry if registry is not None else sources.registry
    cvs: list[CV] = []
    problems: list[Problem] = []
    for unit in sources.units:
        try:
            cvs.append(load_unit(unit, sources.fmt, base, registry))
        except RecordError as exc:
            problems.extend(exc.problems)
    if problems:
        raise RecordError(problems)
    if not cvs:
        raise CvgraphError("no CV given")
    return cvs
