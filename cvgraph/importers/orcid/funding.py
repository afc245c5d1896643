"""Fundings → ``grants`` and peer reviews → ``service`` (role "Reviewer").

A funding is a grant, never an award: its title is the grant's ``name``, its organisation the
``funder`` (deduplicated with every other organisation of the record, ROR id kept, other ids
commented), the ``grant_number`` external id its ``number``, the funding's ``url`` (else the
grant number's URL) its ``url``. A full funding (``/v3.0/{iD}/funding/{put-code}``) also has an
``amount`` and ``contributors``, whose entry with the owner's iD gives the owner's ``role``
(ORCID ``lead`` → PI, ``co-lead`` → Co-PI). A peer-review group is one journal or venue: one
``service`` entry with the completion years of its reviews.
"""
from __future__ import annotations

import re
from typing import Any

from cvgraph.importers.orcid.base import ImporterBase
from cvgraph.importers.orcid.model import Ref, as_list, get, listed_put_codes, rank
from cvgraph.importers.text.dates import ends_before
from cvgraph.importers.text.names import match_key

# ORCID funding contributor roles (v3.0 `contributor-role`) → the owner's role on the grant
ROLES = {"lead": "PI", "co-lead": "Co-PI", "supported-by": "supported by", "other-contribution": "contributor"}


class FundingReader(ImporterBase):
    # -- fundings ---------------------------------------------------------------------------
    def fundings(self, section: object) -> None:
        path: tuple[Any, ...] = ("activities-summary", "fundings")
        if section is None:
            return
        if not isinstance(section, dict):
            self.warn(path, "expected an object: fundings not imported")
            return
        for g, group in enumerate(as_list(section.get("group"))):
            versions = self.objects(((summary, (*path, "group", g, "funding-summary", s)) for s, summary in
                                     enumerate(as_list(get(group, "funding-summary")))), "funding not imported")
            if versions:
                ordered = [v for _, v in sorted(enumerate(versions), key=rank)]
                self.funding(ordered[0][0], ordered[0][1], ordered[1:])

    def funding(self, f: dict[str, Any], path: tuple[Any, ...],
                others: list[tuple[dict[str, Any], tuple[Any, ...]]]) -> None:
        if others:  # versions of one funding (several sources): the preferred one, gaps filled
            f = dict(f)
            keys = ("title", "url", "start-date", "end-date", "organization", "external-ids", "amount")
            for key in keys:
                if f.get(key) is None:
                    f[key] = next((o[key] for o, _ in others if o.get(key) is not None), None)
            for other, opath in others:
                self.other_version(f, other, opath, keys)
        title = self.text(get(f, "title", "title"), (*path, "title", "title"))
        if not title:
            self.warn(path, "a funding without a title (the grant's name) cannot be imported")
            return
        grant: dict[str, Any] = {"name": title}
        funder = self.org(f.get("organization"), (*path, "organization"), lost="no funder")
        if funder is not None:
            grant["funder"] = Ref(funder)
        notes: list[str] = []
        self.grant_numbers(grant, f, path, notes)
        start = self.date(f.get("start-date"), (*path, "start-date"))
        end = self.date(f.get("end-date"), (*path, "end-date"))
        if start and end and ends_before(end, start):
            self.warn((*path, "end-date"), f"ends ({end}) before it starts ({start}): end date left out")
            end = None
        for key, value in (("start", start), ("end", end)):
            if value:
                grant[key] = value
        self.grant_details(grant, f, path, notes)
        if notes:
            grant["notes"] = notes
        if others:
            codes = [self.text(v.get("put-code"), p) for v, p in [(f, path), *others]]
            self.comment(grant, (), f"ORCID lists {len(codes)} versions of this funding "
                                    f"({listed_put_codes(codes)}): the preferred one imported, gaps filled "
                                    "from the others")
        self.grants.append(grant)

    def grant_numbers(self, grant: dict[str, Any], f: dict[str, Any], path: tuple[Any, ...],
                      notes: list[str]) -> None:
        """``number`` (the first grant_number), ``url`` (the funding's, else the number's URL);
        further numbers, ids and URLs → notes."""
        url = self.text(get(f, "url"), (*path, "url"))
        urls: list[str] = [url] if url else []
        for i, ext in enumerate(as_list(get(f, "external-ids", "external-id"))):
            epath = (*path, "external-ids", "external-id", i)
            kind = (self.text(get(ext, "external-id-type"), (*epath, "external-id-type")) or "id").lower()
            value = self.text(get(ext, "external-id-value"), (*epath, "external-id-value"))
            ext_url = self.text(get(ext, "external-id-url"), (*epath, "external-id-url"))
            if ext_url and ext_url not in urls:
                urls.append(ext_url)
            if not value:
                continue
            if kind == "grant_number" and "number" not in grant:
                grant["number"] = value
            elif kind == "grant_number" and value == grant.get("number"):
                continue
            else:
                notes.append(f"{kind}: {value}")
        for i, u in enumerate(urls):
            if i == 0 and re.match(r"https?://", u):
                grant["url"] = u
            else:
                notes.append(f"url: {u}")

    def grant_details(self, grant: dict[str, Any], f: dict[str, Any], path: tuple[Any, ...],
                      notes: list[str]) -> None:
        """Type, amount, description and (full funding) the owner's role."""
        kind = (self.text(f.get("type"), (*path, "type")) or "").lower().replace("_", "-")
        if kind and kind != "grant":
            notes.append(f"ORCID funding type: {kind}")
        subtype = self.text(get(f, "organization-defined-type"), (*path, "organization-defined-type"))
        if subtype:
            notes.append(f"funding type: {subtype}")
        value = self.text(get(f, "amount"), (*path, "amount", "value"))
        if value:
            currency = self.text(get(f, "amount", "currency-code"), (*path, "amount", "currency-code"))
            grant["amount"] = f"{value} {currency}" if currency else value
        desc = self.text(f.get("short-description"), (*path, "short-description"))
        if desc:
            notes.append(desc)
        translated = self.text(get(f, "title", "translated-title"), (*path, "title", "translated-title"))
        if translated:
            notes.append(f"translated title: {translated}")
        for i, c in enumerate(as_list(get(f, "contributors", "contributor"))):
            cpath = (*path, "contributors", "contributor", i)
            raw = self.text(get(c, "contributor-orcid", "path"), (*cpath, "contributor-orcid", "path"))
            role = self.text(get(c, "contributor-attributes", "contributor-role"),
                             (*cpath, "contributor-attributes", "contributor-role"))
            if raw and self.owner_orcid and raw == self.owner_orcid and role and "role" not in grant:
                grant["role"] = ROLES.get(role.lower(), role)
                self.comment(grant, ("role",), f"ORCID contributor-role {role!r} of the owner")
            elif raw != self.owner_orcid:
                name = self.text(get(c, "credit-name"), (*cpath, "credit-name")) or raw or "unnamed"
                notes.append(f"{role or 'contributor'}: {name}")

    # -- peer reviews -----------------------------------------------------------------------
    def peer_reviews(self, section: object) -> None:
        path: tuple[Any, ...] = ("activities-summary", "peer-reviews")
        if section is None:
            return
        if not isinstance(section, dict):
            self.warn(path, "expected an object: peer reviews not imported")
            return
        for g, group in enumerate(as_list(section.get("group"))):
            gpath = (*path, "group", g)
            reviews = self.objects(((r, (*gpath, "peer-review-group", i, "peer-review-summary", j))
                                    for i, sub in enumerate(as_list(get(group, "peer-review-group")))
                                    for j, r in enumerate(as_list(get(sub, "peer-review-summary")))),
                                   "peer review not imported")
            if not reviews:
                continue
            group_id = self.text(get(reviews[0][0], "review-group-id"), (*reviews[0][1], "review-group-id"))
            if not group_id:
                group_id = next((self.text(get(e, "external-id-value"), gpath) for e in
                                 as_list(get(group, "external-ids", "external-id"))), None)
            years = sorted({y[:4] for r, rpath in reviews
                            for y in [self.date(r.get("completion-date"), (*rpath, "completion-date"))] if y})
            venue = self.review_venue(group_id, reviews, gpath)
            if venue is None:
                continue
            if not years:
                self.warn(gpath, f"{len(reviews)} peer review(s) for {venue['name']!r} without a completion "
                                 "date: not imported (service entries need years)")
                continue
            roles = {(self.text(r.get("reviewer-role"), rpath) or "reviewer").lower() for r, rpath in reviews}
            entry: dict[str, Any] = {"role": "Reviewer" if roles <= {"reviewer"} else
                                     ", ".join(sorted(r.capitalize() for r in roles)),
                                     "venue": Ref(venue), "years": years}
            self.sections["service"].append(entry)
            self.review_details(group, group_id, reviews, gpath, venue["name"])
            self.comment(entry, (), f"ORCID peer reviews: {len(reviews)} ({group_id or 'no review group id'})")

    def review_details(self, group: object, group_id: str | None, reviews: list[tuple[dict[str, Any], tuple[Any, ...]]],
                       gpath: tuple[Any, ...], venue: str) -> None:
        """A warning naming what a service entry (venue and years) does not hold of its reviews."""
        ids = sorted({v for r, rpath in reviews for e in as_list(get(r, "external-ids", "external-id"))
                      if (v := self.text(get(e, "external-id-value"), rpath))})
        lost = [f"the reviews' ids ({', '.join(ids)})"] if ids else []
        if any(get(r, "completion-date", "month") is not None for r, _ in reviews):
            lost.append("the completion months and days")
        group_ids = {v for s in as_list(get(group, "peer-review-group"))
                     for e in as_list(get(s, "external-ids", "external-id"))
                     if (v := self.text(get(e, "external-id-value"), gpath))}
        named = {match_key(v) for v in ids}
        extra = sorted(v for v in group_ids if match_key(v) not in named
                       and match_key(v).replace(" ", "") not in match_key(group_id or "").replace(" ", ""))
        if extra:
            lost.append(f"the review group's ids ({', '.join(extra)})")
        if lost:
            self.warn(gpath, f"{len(reviews)} peer review(s) for {venue!r} imported as one service entry with "
                             f"their years; not imported: {', '.join(lost)}")

    def review_venue(self, group_id: str | None, reviews: list[tuple[dict[str, Any], tuple[Any, ...]]],
                     gpath: tuple[Any, ...]) -> dict[str, Any] | None:
        """The venue a review group names: an ISSN gives a journal (named by the ISSN, which is
        all ORCID's summary says; the convening organisation as its publisher); otherwise the
        convening organisation's name."""
        org_obj = next((r.get("convening-organization") for r, _ in reviews
                        if isinstance(r.get("convening-organization"), dict)), None)
        org_path = next(((*p, "convening-organization") for r, p in reviews
                         if isinstance(r.get("convening-organization"), dict)), gpath)
        issn = re.fullmatch(r"issn:\s*(\d{4})-?(\d{3}[\dXx])", group_id or "", re.IGNORECASE)
        org = self.org(org_obj, org_path, lost="no publisher") if org_obj is not None else None
        if issn:
            number = f"{issn.group(1)}-{issn.group(2).upper()}"
            known = next((v for v in self.venues if v.get("issn") == number), None)
            if known is not None:  # a journal of the works
                return known
            venue = self.venue(f"ISSN {number}", "journal")
            venue.setdefault("issn", number)
            if org is not None:
                venue.setdefault("publisher", Ref(org))
            if not venue.get("_named"):
                venue["_named"] = True
                self.warn(gpath, f"peer reviews for the journal ISSN {number}: ORCID gives no journal name, "
                                 f"the venue is named 'ISSN {number}' (rename it)")
            return venue
        if org is None:
            self.warn(gpath, f"{len(reviews)} peer review(s) (group {group_id or 'unnamed'}) without a "
                             "convening organisation: no venue to name, not imported")
            return None
        venue = self.venue(org["name"], "journal")
        self.comment(venue, (), f"named after the convening organisation of ORCID review group "
                                f"{group_id or '(none)'}: check the kind")
        return venue
