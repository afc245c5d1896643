"""Works: the versions of a work grouped, its fields and external ids, groups with one DOI merged."""
from __future__ import annotations

import re
from typing import Any

from cvgraph.importers.jsondoc import json_path
from cvgraph.importers.orcid.base import ImporterBase
from cvgraph.importers.orcid.model import KINDS, Pub, as_list, get, listed_put_codes, rank
from cvgraph.importers.text.identifiers import strip_doi_prefix, url_ok
from cvgraph.importers.text.names import match_key
from cvgraph.records.spec import PATTERNS


class WorksReader(ImporterBase):
    # -- works ------------------------------------------------------------------------------
    def works(self, works: object, bulk: list[tuple[Any, str]]) -> list[Pub]:
        full: dict[str, tuple[dict[str, Any], tuple[Any, ...]]] = {}
        for item, where in bulk:
            path: tuple[Any, ...] = (where,)
            if isinstance(item, dict) and isinstance(item.get("work"), dict):
                code = self.text(item["work"].get("put-code"), (*path, "work", "put-code"))
                if code:
                    full[code] = (item["work"], (*path, "work"))
                else:
                    self.warn((*path, "work"), "a full work without a put-code: not imported")
            elif isinstance(item, dict) and isinstance(item.get("error"), dict):
                err = item["error"]
                code = f", error-code {err['error-code']}" if err.get("error-code") is not None else ""
                self.warn((*path, "error"), f"ORCID could not give this work ({err.get('response-code')}{code}): "
                          f"{(err.get('user-message') or err.get('developer-message') or 'no message').rstrip('.')}; "
                          "the error entry is not imported")
            else:
                self.warn(path, "expected {\"work\": …} or {\"error\": …}: not imported")
        groups: list[tuple[list[tuple[dict[str, Any], tuple[Any, ...]]], tuple[Any, ...], Any]] = []
        used: set[str] = set()
        path = ("activities-summary", "works")
        if works is not None and not isinstance(works, dict):
            self.warn(path, "expected an object: works not imported")
            works = None
        for g, group in enumerate(as_list(get(works, "group"))):
            gpath = (*path, "group", g)
            summaries = self.objects(((summary, (*gpath, "work-summary", s)) for s, summary in
                                      enumerate(as_list(get(group, "work-summary")))), "not imported")
            if summaries:
                groups.append((summaries, gpath, get(group, "external-ids")))
        for summaries, _, _ in groups:
            for summary, spath in summaries:
                code = self.text(summary.get("put-code"), (*spath, "put-code"))
                if code:
                    used.add(code)
        for code, (work, wpath) in full.items():
            if code not in used:  # a full work the record does not list (or a bulk answer alone)
                groups.append(([(work, wpath)], wpath, None))
        pubs = [self.pub(summaries, gpath, group_ids, full) for summaries, gpath, group_ids in groups]
        return self.merge([p for p in pubs if p is not None])

    def pub(self, summaries: list[tuple[dict[str, Any], tuple[Any, ...]]], gpath: tuple[Any, ...],
            group_ids: object,
            full: dict[str, tuple[dict[str, Any], tuple[Any, ...]]]) -> Pub | None:
        ordered = [v for _, v in sorted(enumerate(summaries), key=rank)]
        pub = Pub(gpath)
        # (work or summary, path): the preferred first
        versions: list[tuple[dict[str, Any], tuple[Any, ...]]] = []
        codes: list[str | None] = []  # of each version, the preferred first (null in some records)
        for summary, spath in ordered:
            code = self.text(summary.get("put-code"), (*spath, "put-code"))
            codes.append(code)
            if code and code not in pub.put_codes:
                pub.put_codes.append(code)
            if code and code in full and full[code][0] is not summary:
                versions.append(full[code])
            versions.append((summary, spath))
        if len(summaries) > 1:
            pub.comments.append(((), (f"ORCID lists {len(summaries)} versions of this work "
                                     f"({listed_put_codes(codes)}): fields from "
                                     f"{f'put-code {codes[0]}' if codes[0] else 'the one without a put-code'}"
                                     " (the preferred version), gaps filled from the others")))
        for work, wpath in versions:
            self.work_fields(pub, work, wpath)
        for i, ext in enumerate(as_list(get(group_ids, "external-id"))):
            self.ext_id(pub, ext, (*gpath, "external-ids", "external-id", i))
        if "title" not in pub.fields:
            self.warn(gpath, f"a work without a title cannot be imported (put-codes "
                             f"{', '.join(pub.put_codes) or 'none'})")
            return None
        # the DOI: the first valid self DOI; further ones are other identifiers of the same work
        for kind, value, rel, path in list(pub.ids):
            if kind == "doi" and rel == "self":
                doi = self.doi(value, path)
                pub.ids.remove((kind, value, rel, path))
                if doi and pub.doi is None:
                    pub.doi, pub.doi_key = doi, doi.lower()
                    if doi != value:
                        pub.comments.append((("doi",), f"DOI written {value!r} in ORCID: prefix removed"))
                elif doi and doi.lower() != pub.doi_key:
                    pub.ids.append(("doi", doi, "self", path))
        return pub

    def work_fields(self, pub: Pub, w: dict[str, Any], path: tuple[Any, ...]) -> None:
        f = pub.fields
        title = self.text(get(w, "title", "title"), (*path, "title", "title"))
        if title and "title" not in f:
            sub = self.text(get(w, "title", "subtitle"), (*path, "title", "subtitle"))
            f["title"] = f"{title}: {sub}" if sub else title
            pub.field_paths["title"] = (*path, "title", "title")
            if sub:
                pub.comments.append((("title",), "title and subtitle joined"))
            tr = self.text(get(w, "title", "translated-title"), (*path, "title", "translated-title"))
            if tr:
                lang = self.text(get(w, "title", "translated-title", "language-code"), path)
                pub.notes.append(f"translated title{f' ({lang})' if lang else ''}: {tr}")
        elif title:
            self.other_value(pub, "title", title, (*path, "title", "title"))
        raw_type = self.text(w.get("type"), (*path, "type"))
        if raw_type and "type" not in f:
            f["type"] = (raw_type.lower().replace("_", "-"), (*path, "type"))
        self.work_date(pub, w, path)
        journal = self.text(w.get("journal-title"), (*path, "journal-title"))
        if journal and "journal" not in f:
            f["journal"] = journal
            pub.field_paths["journal"] = (*path, "journal-title")
        elif journal:
            self.other_value(pub, "journal", journal, (*path, "journal-title"))
        url = self.text(w.get("url"), (*path, "url"))
        if url and "url" not in f:
            if url_ok(url):
                f["url"] = url
            else:
                self.warn((*path, "url"), f"not an http(s) URL: {url!r}: left out")
        for i, ext in enumerate(as_list(get(w, "external-ids", "external-id"))):
            self.ext_id(pub, ext, (*path, "external-ids", "external-id", i))
        contributors = as_list(get(w, "contributors", "contributor"))
        if contributors and not pub.contributors:
            pub.contributors = [(c, (*path, "contributors", "contributor", i))
                                for i, c in enumerate(contributors)]
            pub.contributor_source = json_path(path)
        desc = self.text(w.get("short-description"), (*path, "short-description"))
        if desc and not any(n.startswith("abstract: ") for n in pub.notes):
            pub.notes.append(f"abstract: {desc}")
        self.work_citation(pub, w, path)

    def work_date(self, pub: Pub, w: dict[str, Any], path: tuple[Any, ...]) -> None:
        """Every version's date is read (its warnings at its place); the first one found is kept."""
        if w.get("publication-date") is None:
            return
        year = self.date(w.get("publication-date"), (*path, "publication-date"))
        if year and "year" not in pub.fields:
            pub.fields["year"] = year
            pub.field_paths["year"] = (*path, "publication-date")
        elif year:
            self.other_value(pub, "year", year, (*path, "publication-date"))

    def work_citation(self, pub: Pub, w: dict[str, Any], path: tuple[Any, ...]) -> None:
        """The preferred version's citation is read; another version's is named in a warning."""
        ctype = self.text(get(w, "citation", "citation-type"), (*path, "citation", "citation-type"))
        cvalue = get(w, "citation", "citation-value")
        if isinstance(cvalue, str) and cvalue.strip() and pub.citation is None:
            pub.citation = ((ctype or "").lower(), cvalue, (*path, "citation"))
        elif isinstance(cvalue, str) and cvalue.strip():
            self.warn((*path, "citation"), f"another version's {ctype or 'untyped'} citation: not imported "
                                           "(the preferred version's is read)")

    def other_value(self, pub: Pub, key: str, value: str, path: tuple[Any, ...]) -> None:
        """A warning for a version's (or a merged group's) value that differs from the one kept."""
        kept = pub.fields[key]
        if not set(match_key(value).split()) <= set(match_key(kept).split()) \
                and not (key == "year" and kept.startswith(value)):
            self.warn(path, f"{key} {value!r} of another version of this work: not imported "
                            f"(the publication has {kept!r})")

    def ext_id(self, pub: Pub, ext: object, path: tuple[Any, ...]) -> None:
        if not isinstance(ext, dict):
            self.warn(path, "expected an external-id object: left out")
            return
        kind = (self.text(ext.get("external-id-type"), (*path, "external-id-type")) or "").lower()
        value = self.text(ext.get("external-id-value"), (*path, "external-id-value"))
        rel = (self.text(ext.get("external-id-relationship"), (*path, "external-id-relationship"))
               or "self").lower().replace("_", "-")
        if not kind or not value:
            if kind or value:
                self.warn(path, f"external id without a {'value' if kind else 'type'} "
                                f"({kind or value!r}): left out")
            return
        if any(k == kind and match_key(v) == match_key(value) and r == rel for k, v, r, _ in pub.ids):
            return
        pub.ids.append((kind, value, rel, path))

    def doi(self, value: str, path: tuple[Any, ...]) -> str | None:
        bare = strip_doi_prefix(value.strip())
        if not re.fullmatch(PATTERNS["doi"].strip("^$"), bare):
            self.warn((*path, "external-id-value"), f"not a DOI: {value!r}: left out")
            return None
        return bare

    def merge(self, pubs: list[Pub]) -> list[Pub]:
        """Works whose groups carry the same DOI are one publication."""
        out: list[Pub] = []
        by_doi: dict[str, Pub] = {}
        for pub in pubs:
            first = by_doi.get(pub.doi_key) if pub.doi_key else None
            if first is None:
                out.append(pub)
                if pub.doi_key:
                    by_doi[pub.doi_key] = pub
                continue
            first.put_codes += [c for c in pub.put_codes if c not in first.put_codes]
            mine, theirs = first.fields.get("type", (None,))[0], pub.fields.get("type", (None,))[0]
            if theirs in KINDS and mine not in KINDS:  # a type we can map beats one we cannot
                first.fields["type"] = pub.fields["type"]
                first.comments.append((("kind",), (f"ORCID types differ between the merged groups "
                                                  f"({mine or 'none'}, {theirs}): {theirs} used")))
            for k, v in pub.fields.items():
                if k not in first.fields:
                    first.fields[k] = v
                elif k in ("title", "journal", "year"):
                    self.other_value(first, k, v, pub.field_paths.get(k, pub.path))
            for item in pub.ids:
                if not any(item[:3] == other[:3] for other in first.ids):
                    first.ids.append(item)
            if not first.contributors and pub.contributors:
                first.contributors, first.contributor_source = pub.contributors, pub.contributor_source
            if first.citation is None:
                first.citation = pub.citation
            first.notes += [n for n in pub.notes if n not in first.notes]
            first.comments += [c for c in pub.comments if c[0] == ()]
            first.comments.append(((), (f"merged with {json_path(pub.path)} (same DOI {pub.doi} in two ORCID "
                                       f"groups): {listed_put_codes(first.put_codes)}")))
        return out
