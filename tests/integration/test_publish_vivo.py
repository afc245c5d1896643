"""`cvgraph publish --store vivo` against the fake VIVO API (tests/support/fake_vivo.py): every CV
into VIVO's one graph for ingested data, by its change only, with a record of what each CV asserts;
then VIVO's own list views (tests/support/vivo_reasoner.py, vivo_listviews.py) on what the store holds.

The CVs here are hand-written VIVO-ISF in the style of VIVO's sample data (the publish mechanics do
not depend on the vocabulary): two people who share an organisation and a co-authored article.
"""
from __future__ import annotations

import urllib.parse

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from support.fake_vivo import KB2, FakeVivo, Refused, fake_vivo
from support.vivo_listviews import profile
from support.vivo_reasoner import materialise

from cvgraph.cli import main
from cvgraph.store.client import Client, endpoints
from cvgraph.store.publishing import METADATA_GRAPH, prepared_job, publish_jobs
from cvgraph.store.vivo import publish_vivo

IND = "https://vivo.example.edu/individual/"
ASSERTS = "https://w3id.org/cvgraph/terms#asserts"
PREFIXES = f"""@prefix ind: <{IND}> .
@prefix vivo: <http://vivoweb.org/ontology/core#> .
@prefix bibo: <http://purl.org/ontology/bibo/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""
SHARED_ORG = "ind:org-uni a foaf:Organization, vivo:University ; rdfs:label \"Example University\" .\n"
SHARED_PUB = """ind:pub-shared a bibo:AcademicArticle ; rdfs:label "Graphs of Research" .
ind:authorship-shared-1 a vivo:Authorship ; vivo:rank 1 ; vivo:relates ind:lee, ind:pub-shared .
ind:authorship-shared-2 a vivo:Authorship ; vivo:rank 2 ; vivo:relates ind:kim, ind:pub-shared .
"""


def vivo_cv(who: str, name: str, position: str, pubs: dict[str, str], shared: bool = True) -> tuple[str, str]:
    """(document IRI, N-Triples) of a VIVO-ISF CV: ``who`` in ``position`` at the shared
    university, author of ``pubs`` (id: title) and, if ``shared``, of the co-authored article."""
    text = PREFIXES + SHARED_ORG + (SHARED_PUB if shared else "")
    text += f'ind:{who} a foaf:Person, vivo:FacultyMember ; rdfs:label "{name}" .\n'
    text += (f'ind:position-{who} a vivo:FacultyPosition ; rdfs:label "{position}" ; '
             f"vivo:relates ind:{who}, ind:org-uni .\n")
    for pid, title in pubs.items():
        text += (f'ind:{pid} a bibo:AcademicArticle ; rdfs:label "{title}" .\n'
                 f"ind:authorship-{pid}-1 a vivo:Authorship ; vivo:rank 1 ; vivo:relates ind:{who}, ind:{pid} .\n")
    nt = ox.serialize(ox.parse(text.encode(), format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES)
    return f"https://cv.example.edu/{who}", nt.decode()


LEE = vivo_cv("lee", "Lee, Sunwoo", "Assistant Professor",
              {"pub-lee-1": "Ordered Authors", "pub-lee-2": "A Paper That Will Be Withdrawn"})
LEE_CHANGED = vivo_cv("lee", "Lee, Sunwoo", "Associate Professor", {"pub-lee-1": "Ordered Authors, Revised"})
KIM = vivo_cv("kim", "Kim, Jiho", "Research Scientist", {"pub-kim-1": "Kim's Own Paper"})


def lines(nt: str) -> set[str]:
    return {f"{t} ." for t in ox.parse(nt.encode(), format=ox.RdfFormat.N_TRIPLES)}


@pytest.fixture
def vivo(monkeypatch):
    with fake_vivo() as server:
        monkeypatch.setenv("CVGRAPH_USER", server.email)
        monkeypatch.setenv("CVGRAPH_PASSWORD", server.password)
        yield server


def publish(vivo: FakeVivo, *cvs: tuple[str, str], **options):
    return publish_jobs([prepared_job(doc, nt, None) for doc, nt in cvs], endpoints(vivo.base, "vivo"), **options)


def sent(vivo: FakeVivo, since: int = 0) -> tuple[set[str], set[str]]:
    """(deleted, inserted) data triples of the updates accepted since update number ``since``, as lines."""
    deleted: set[str] = set()
    inserted: set[str] = set()
    for text in vivo.updates()[since:]:
        for op in text.strip().split(" ;\n"):
            if f"GRAPH <{KB2}>" in op:
                body = op.split("{\n", 1)[1].rsplit("} }", 1)[0]
                (deleted if op.startswith("DELETE DATA") else inserted).update(lines(body))
    return deleted, inserted


def record(vivo: FakeVivo, doc: str, graph: str = KB2) -> set[str]:
    """The triples the metadata graph records ``doc`` as asserting in ``graph`` (as N-Triples lines)."""
    quads = vivo.store.quads_for_pattern(ox.NamedNode(doc), ox.NamedNode(ASSERTS), None, ox.NamedNode(METADATA_GRAPH))
    out = set()
    for quad in quads:
        [q] = ox.parse((quad.object.value + "\n").encode(), format=ox.RdfFormat.N_QUADS)
        assert q.graph_name == ox.NamedNode(graph), quad
        out.add(f"{q.subject} {q.predicate} {q.object} .")
    return out


# --- publishing and republishing -----------------------------------------------------------------

def test_publish_puts_the_cv_into_vivos_graph_with_its_record(vivo):
    [outcome] = publish(vivo, LEE)
    assert outcome.verified and outcome.into == KB2 and (outcome.removed, outcome.added) == (0, len(lines(LEE[1])))
    assert vivo.graph(KB2) == lines(LEE[1])
    assert record(vivo, LEE[0]) == lines(LEE[1])
    assert vivo.store.query("ASK { ?s ?p ?o }") is not None and not list(
        vivo.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))  # nothing in the default graph
    # one query (what the store knows), one update, then the verification's queries
    assert [r.path.rsplit("/", 1)[1] for r in vivo.requests] == ["sparqlQuery", "sparqlUpdate", "sparqlQuery",
                                                                 "sparqlQuery"]
    assert outcome.summary().startswith(f"{LEE[0]}: {len(lines(LEE[1]))} triples, update into <{KB2}>, diff: 0 removed")


def test_republishing_a_changed_cv_sends_only_the_change_and_keeps_what_another_cv_asserts(vivo):
    publish(vivo, LEE, KIM)
    before = len(vivo.updates())
    [outcome] = publish(vivo, LEE_CHANGED)
    deleted, inserted = sent(vivo, before)
    old, new, kim = lines(LEE[1]), lines(LEE_CHANGED[1]), lines(KIM[1])
    assert deleted == old - new - kim and inserted == new - old  # only what changed, nothing shared
    assert any("A Paper That Will Be Withdrawn" in t for t in deleted)  # a removed publication
    assert any('"Ordered Authors"' in t for t in deleted) and any("Revised" in t for t in inserted)  # a title
    assert any('"Assistant Professor"' in t for t in deleted) and any("Associate" in t for t in inserted)
    assert not any("Graphs of Research" in t or "Example University" in t for t in deleted | inserted)
    assert vivo.graph(KB2) == new | kim  # the stale triples gone, the shared ones kept
    assert record(vivo, LEE[0]) == new and record(vivo, KIM[0]) == kim
    assert (outcome.removed, outcome.added) == (len(deleted), len(inserted))
    assert len(vivo.updates()) == before + 1  # one update for the CV


def test_unchanged_republish_touches_no_data_only_the_provenance(vivo):
    publish(vivo, LEE)
    before = len(vivo.updates())
    [outcome] = publish(vivo, LEE)
    assert (outcome.removed, outcome.added) == (0, 0) and sent(vivo, before) == (set(), set())
    later = vivo.updates()[before:]
    assert len(later) <= 1  # none at all when published within the same second (the same provenance)
    update = "".join(later)
    assert f"GRAPH <{KB2}>" not in update
    assert "prov#wasAttributedTo" not in update  # an unchanged provenance triple is not deleted and inserted again
    assert not [q for q in vivo.store.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                None, ox.NamedNode(METADATA_GRAPH))]  # no node VIVO would list or index as an individual
    meta = {(q.predicate.value, q.object.value) for q in vivo.store.quads_for_pattern(
        ox.NamedNode(LEE[0]), None, None, ox.NamedNode(METADATA_GRAPH)) if q.predicate.value != ASSERTS}
    assert {p.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for p, _ in meta} == {"generatedAtTime", "wasAttributedTo"}


def test_shared_triples_are_sent_once_and_removed_only_when_no_cv_asserts_them(vivo):
    publish(vivo, LEE, KIM)
    _, first = sent(vivo, 0)
    assert first == lines(LEE[1]) | lines(KIM[1])  # the shared organisation and article went once
    kim_alone = vivo_cv("kim", "Kim, Jiho", "Research Scientist", {"pub-kim-1": "Kim's Own Paper"}, shared=False)
    [outcome] = publish(vivo, kim_alone)
    assert outcome.shared == len(lines(SHARED_PUB_NT)) and outcome.removed == 0  # Lee still asserts the article
    assert lines(SHARED_PUB_NT) <= vivo.graph(KB2)
    lee_alone = vivo_cv("lee", "Lee, Sunwoo", "Assistant Professor", {"pub-lee-1": "Ordered Authors"}, shared=False)
    publish(vivo, lee_alone)
    assert not lines(SHARED_PUB_NT) & vivo.graph(KB2)  # nobody asserts it now: gone
    assert vivo.graph(KB2) == lines(lee_alone[1]) | lines(kim_alone[1])


SHARED_PUB_NT = ox.serialize(ox.parse((PREFIXES + SHARED_PUB).encode(), format=ox.RdfFormat.TURTLE),
                             format=ox.RdfFormat.N_TRIPLES).decode()


def test_kim_update_does_not_insert_the_triples_lee_put_there(vivo):
    publish(vivo, LEE, KIM)
    kim_update = vivo.updates()[1]
    data = [op for op in kim_update.split(" ;\n") if f"GRAPH <{KB2}>" in op]
    assert data and not any("Example University" in op or "Graphs of Research" in op for op in data)
    assert "Example University" in kim_update  # … but Kim's record names them


def test_dry_run_reads_and_shows_the_same_change_and_sends_nothing(vivo):
    publish(vivo, LEE)
    outcomes = publish(vivo, LEE_CHANGED, KIM, dry_run=True)
    assert not [r for r in vivo.requests[4:] if "sparqlUpdate" in r.path]
    assert vivo.graph(KB2) == lines(LEE[1])
    lee, kim = outcomes
    assert lee.preview.startswith(f"POST {vivo.update_url} (application/x-www-form-urlencoded")
    assert "password=[redacted]" in lee.preview and vivo.password not in lee.preview
    # Kim's dry run knows Lee's (dry-run) change: the shared triples are not sent again
    assert kim.added == len(lines(KIM[1]) - lines(LEE_CHANGED[1]))
    real = publish(vivo, LEE_CHANGED, KIM)
    assert [(o.removed, o.added, o.shared) for o in real] == [(o.removed, o.added, o.shared) for o in outcomes]


@pytest.mark.parametrize("mode", ["count", "checksum", "full"])
def test_every_verify_mode_passes_and_notices_a_missing_triple(vivo, mode):
    [outcome] = publish(vivo, LEE, verify=mode)
    assert outcome.verified
    gone = next(iter(vivo.store.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                                                  ox.Literal("Ordered Authors"), ox.NamedNode(KB2))))
    vivo.store.remove(gone)  # an editor deleted it in VIVO; the record still has it
    with pytest.raises(Exception, match=rf"did not verify: <{KB2}> holds {len(lines(LEE[1])) - 1} of its"):
        publish(vivo, LEE, verify=mode)


def test_checksum_notices_a_changed_record_that_count_does_not(vivo):
    publish(vivo, LEE)
    doc, meta = ox.NamedNode(LEE[0]), ox.NamedNode(METADATA_GRAPH)
    line = next(iter(q.object.value for q in vivo.store.quads_for_pattern(doc, ox.NamedNode(ASSERTS), None, meta)))
    vivo.store.remove(ox.Quad(doc, ox.NamedNode(ASSERTS), ox.Literal(line), meta))
    vivo.store.add(ox.Quad(doc, ox.NamedNode(ASSERTS), ox.Literal(line + " "), meta))
    client = Client(endpoints(vivo.base, "vivo"), (vivo.email, vivo.password), 30)
    from cvgraph.store.vivo import check

    job = prepared_job(*LEE, None)
    check(client, job, KB2, METADATA_GRAPH, "count")
    for mode in ("checksum", "full"):
        with pytest.raises(Exception, match="its record in <urn:cvgraph:metadata> has"):
            check(client, job, KB2, METADATA_GRAPH, mode)


def test_a_change_too_big_for_one_form_goes_in_several_requests_each_within_the_limit(monkeypatch):
    with fake_vivo(max_post=30_000) as vivo:
        client = Client(endpoints(vivo.base, "vivo"), (vivo.email, vivo.password), 30)
        jobs = [prepared_job(*LEE, None), prepared_job(*KIM, None)]
        for job in jobs:
            job.prov = []
        [lee, kim] = publish_vivo(client, jobs, KB2, METADATA_GRAPH, budget=5_000)
        assert len(lee.requests) > 3 and lee.verified and kim.verified
        assert all(r.status == 200 for r in vivo.requests)
        assert vivo.graph(KB2) == lines(LEE[1]) | lines(KIM[1]) and record(vivo, KIM[0]) == lines(KIM[1])
        # each request keeps a triple and its record line together: the record matches after each one
        for text in lee.requests:
            data = sum(op.count("\n") - 1 for op in text.split(" ;\n") if f"GRAPH <{KB2}>" in op)
            assert data <= text.count(f'<{KB2}> ."')  # record lines end with their graph


def test_a_form_over_tomcats_limit_loses_its_fields(vivo):
    """The fake's Tomcat behaviour, which the splitting above avoids: a form body over maxPostSize
    is not read, so VIVO sees no email and answers 403."""
    from support.servers import http_request

    body = urllib.parse.urlencode({"email": vivo.email, "password": vivo.password,
                                   "update": "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> \"" + "x" * 2_200_000 + "\" } }"})
    status, _ = http_request(vivo.update_url, body.encode(), headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403


# --- credentials and errors ---------------------------------------------------------------------

def test_credentials_travel_only_as_form_fields(vivo):
    publish(vivo, LEE, KIM, verify="full")
    assert vivo.requests
    for request in vivo.requests:
        assert request.method == "POST" and urllib.parse.urlsplit(request.path).query == ""
        assert vivo.password not in request.path and urllib.parse.quote(vivo.email) not in request.path
        assert vivo.email not in request.path
        assert request.fields["email"] == vivo.email and request.fields["password"] == vivo.password
        assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
        assert "Authorization" not in request.headers


def cli(vivo: FakeVivo, *args: str, password: str | None = None):
    env = {"CVGRAPH_USER": vivo.email, "CVGRAPH_PASSWORD": password or vivo.password}
    return CliRunner().invoke(main, ["publish", "--store", "vivo", "--endpoint", vivo.base, *args], env=env)


def test_wrong_password_is_one_line_error_with_a_store_errors_exit_code_and_no_secret(vivo):
    result = cli(vivo, "--profile", "core", password="not-the-Password-9")
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {vivo.query_url}: HTTP 401 Unauthorized:") and "email/password" in line
    assert "CVGRAPH_PASSWORD" in line and "Traceback" not in result.output
    assert "not-the-Password-9" not in result.output and vivo.password not in result.output
    assert vivo.email not in result.output
    assert not [r for r in vivo.requests if "sparqlUpdate" in r.path] and not vivo.graph(KB2)
    assert all("Authorization" not in r.headers for r in vivo.requests)  # the Basic challenge is not answered


def test_update_refused_with_403_is_one_line_error(vivo, monkeypatch):
    """An account that may query but not update (VIVO: 403 "Account is not authorized")."""
    def refused(self, *args):
        raise Refused(403, "Account is not authorized")

    monkeypatch.setattr(FakeVivo, "update", refused)
    result = cli(vivo, "--profile", "core")
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {vivo.update_url}: HTTP 403 Forbidden: 403 Account is not authorized (")
    assert "may use VIVO's SPARQL API" in line and vivo.password not in result.output


def test_cli_publish_and_dry_run(vivo):
    result = cli(vivo, "--profile", "core")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("https://sites.google.com/view/sunwoolee: 1849 triples, update into "
                                    f"<{KB2}>, diff: 0 removed, 1849 added, ")
    assert result.stdout.strip().endswith("verified")
    other = "https://vivo.example.edu/graph/cv"
    result = cli(vivo, "--profile", "core", "--dry-run", "--graph", other)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("dry run: https://sites.google.com/view/sunwoolee into "  # moved, not copied
                                    f"<{other}>: 1849 triples, diff: 1849 removed, 1849 added, nothing sent\n"
                                    f"POST {vivo.update_url} (application/x-www-form-urlencoded (fields email, "
                                    "password, update), ")
    assert len(vivo.graph(KB2)) == 1849 and not vivo.graph(other)
    assert cli(vivo, "--profile", "core", "--graph", other).exit_code == 0
    assert len(vivo.graph(other)) == 1849 and not vivo.graph(KB2)
    result = cli(vivo, "--profile", "core", "--protocol", "gsp")
    assert result.exit_code == 2 and "VIVO takes SPARQL Update only" in result.stderr


# --- VIVO's profile pages on what the store holds --------------------------------------------------


def page(vivo: FakeVivo, who: str, vivo_dir, vivo_owl) -> dict[str, set[tuple[str | None, ...]]]:
    store = vivo.as_vivo_sees_it()
    materialise(store, vivo_owl)
    sections = profile(store, IND + who, vivo_dir)
    return {"publications": {(r["infoResourceName"],) for r in sections["selected publications"].rows},
            "positions": {(r["positionTitle"], r["orgName"]) for r in sections["positions"].rows}}


def test_the_profile_page_shows_the_cv_and_after_a_change_nothing_stale(vivo, vivo_dir, vivo_owl):
    publish(vivo, LEE, KIM)
    assert page(vivo, "lee", vivo_dir, vivo_owl) == {
        "publications": {("Graphs of Research",), ("Ordered Authors",), ("A Paper That Will Be Withdrawn",)},
        "positions": {("Assistant Professor", "Example University")}}
    publish(vivo, LEE_CHANGED)
    assert page(vivo, "lee", vivo_dir, vivo_owl) == {
        "publications": {("Graphs of Research",), ("Ordered Authors, Revised",)},
        "positions": {("Associate Professor", "Example University")}}
    assert page(vivo, "kim", vivo_dir, vivo_owl) == {
        "publications": {("Graphs of Research",), ("Kim's Own Paper",)},
        "positions": {("Research Scientist", "Example University")}}


# --- the fake VIVO itself answers as VIVO does ----------------------------------------------------

def _post(vivo: FakeVivo, url: str, accept: str | None = None, method: str = "POST", **fields: str):
    from support.servers import http_request

    headers = {"Content-Type": "application/x-www-form-urlencoded", **({"Accept": accept} if accept else {})}
    return http_request(url, urllib.parse.urlencode(fields).encode(), method=method, headers=headers)


@pytest.mark.parametrize(("update", "status", "message"), [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 400, "must specify a GRAPH"),
    ("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } <urn:a> <urn:b> <urn:d> }", 400, "outside a GRAPH"),
    ("DROP SILENT GRAPH <urn:g>", 400, "not accepted"),
    ("CLEAR GRAPH <urn:g>", 400, "not accepted"),
    ("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> } }", 400, "Failed to parse SPARQL update"),
    ("", 400, "No 'update' parameter."),
    ('INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> "} ; DROP ALL ; {" } }', 200, "SPARQL update accepted."),
    ("DELETE WHERE { GRAPH <urn:g> { <urn:a> ?p ?o } }", 200, "SPARQL update accepted."),
    ("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", 200, "SPARQL update accepted."),
])
def test_fake_update_api_answers_as_vivo(vivo, update, status, message):
    got, body = _post(vivo, vivo.update_url, email=vivo.email, password=vivo.password, update=update)
    assert (got, message in body.decode()) == (status, True), body
    assert not list(vivo.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def test_fake_apis_refuse_wrong_credentials_and_methods(vivo):
    assert _post(vivo, vivo.update_url, email=vivo.email, password="x", update="INSERT DATA { GRAPH <urn:g> "
                 "{ <urn:a> <urn:b> <urn:c> } }")[0] == 403
    assert _post(vivo, vivo.update_url, update="INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")[0] == 403
    assert _post(vivo, vivo.update_url, method="PUT", email=vivo.email, password=vivo.password, update="x")[0] == 405
    status, body = _post(vivo, vivo.query_url, email=vivo.email, password="x", query="ASK {}")
    assert status == 401 and b"email/password combination is not valid" in body
    assert not vivo.store.query("ASK { GRAPH ?g { ?s ?p ?o } }")


@pytest.mark.parametrize(("query", "accept", "status", "media"), [
    ("SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json", 200, "application/sparql-results+json"),
    ("ASK { ?s ?p ?o }", "application/sparql-results+xml", 200, "application/sparql-results+xml"),
    ("SELECT * WHERE { ?s ?p ?o }", None, 200, "text/plain"),
    ("SELECT * WHERE { ?s ?p ?o }", "text/turtle", 406, "text/html"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "text/plain", 200, "text/plain"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle;q=0.5, text/plain;q=0.9", 200, "text/plain"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples", 406, "text/html"),  # not a type VIVO offers
    ("SELECT * WHERE { ?s ?p", None, 400, "text/html"),
])
def test_fake_query_api_negotiates_as_vivo(vivo, query, accept, status, media):
    from support.servers import http_request

    headers = {"Content-Type": "application/x-www-form-urlencoded", **({"Accept": accept} if accept else {})}
    fields = urllib.parse.urlencode({"email": vivo.email, "password": vivo.password, "query": query}).encode()
    got, _ = http_request(vivo.query_url, fields, headers=headers)
    assert got == status
    assert (vivo.requests[-1].status, vivo.requests[-1].media) == (status, media)


def test_a_failure_after_some_cvs_says_which_were_published(vivo, monkeypatch):
    calls = []
    real = FakeVivo.update

    def second_fails(self, *args):
        calls.append(1)
        if len(calls) == 2:
            raise Refused(500, "Unknown error")
        return real(self, *args)

    monkeypatch.setattr(FakeVivo, "update", second_fails)
    with pytest.raises(Exception, match=r"HTTP 500 .*\(the first 1 of 2 CVs were published; publish again for the rest\)"):
        publish(vivo, LEE, KIM, retries=0)
    monkeypatch.setattr(FakeVivo, "update", real)
    assert [o.added for o in publish(vivo, LEE, KIM)] == [0, len(lines(KIM[1]) - lines(LEE[1]))]
    assert vivo.graph(KB2) == lines(LEE[1]) | lines(KIM[1])


def test_many_cvs_one_update_each_shared_triples_sent_once(vivo, tmp_path):
    """Generated CVs that co-author papers and share universities, built by the batch workers."""
    from support.generate import write

    from cvgraph.api import triples as cv_triples
    from cvgraph.store.updates import skolemise

    files = write(3, tmp_path / "cvs")
    result = cli(vivo, "--profile", "core", str(tmp_path / "cvs"))
    assert result.exit_code == 0, result.output
    assert len(result.stdout.strip().splitlines()) == 3 and result.stdout.count(" verified") == 3
    updates = vivo.updates()
    assert len(updates) == 3  # one update per CV
    each = [{_line(t) for t in skolemise(cv_triples(path), cvgraph_document(path))} for path in files]
    union = set().union(*each)
    assert vivo.graph(KB2) == union
    _, inserted = sent(vivo)
    assert inserted == union and sum(len(e) for e in each) > len(union)
    data_lines = sum(op.count(" .\n") for text in updates for op in text.split(" ;\n")
                     if op.startswith(f"INSERT DATA {{ GRAPH <{KB2}>"))
    assert data_lines == len(union)  # the shared triples (people, universities, papers) went once
    for path, lines_of_cv in zip(files, each, strict=True):
        assert record(vivo, cvgraph_document(path)) == lines_of_cv
    again = cli(vivo, "--profile", "core", str(tmp_path / "cvs"))
    assert again.exit_code == 0 and again.stdout.count("diff: 0 removed, 0 added") == 3, again.output


def cvgraph_document(path) -> str:
    import cvgraph
    from cvgraph.mapping.walker import document_iri

    return document_iri(cvgraph.load(path))


def _line(triple) -> str:
    from cvgraph.rdf.terms import nt_line

    [t] = ox.parse(nt_line(triple).encode(), format=ox.RdfFormat.N_TRIPLES)
    return f"{t} ."


# --- the sample CV's VIVO profile (cvgraph/mapping/vivo*.py), published and shown ----------------

NS = "https://vivo.example.edu/individual/"


def _sample_changed(tmp_path):
    """The sample CV with a publication removed, a title changed and a position renamed."""
    from support.paths import ROOT

    text = (ROOT / "data" / "sunwoo-lee.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: lee2024layerwise")
    text = text[:start] + text[text.index("  # 2.", start):]
    text = text.replace('"Embracing Federated Learning: Enabling', '"Embracing Federated Learning, Revised: Enabling')
    text = text.replace("  - title: Postdoctoral Researcher\n", "  - title: Postdoctoral Research Associate\n")
    path = tmp_path / "sunwoo-lee.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _vivo_job(path):
    import cvgraph
    from cvgraph.mapping.profiles import VivoOptions
    from cvgraph.mapping.walker import document_iri
    from cvgraph.store.publishing import make_job

    triples = cvgraph.triples(path, profile="vivo", vivo=VivoOptions(namespace=NS))
    return make_job(document_iri(cvgraph.load(path)), triples, path.read_bytes())


def _expected(path):
    """What the owner's page must list, from the records: publication titles, (position, organisation)."""
    import cvgraph

    cv = cvgraph.load(path)
    titles = {p["title"] for p in cv.publications.values()}
    titles |= {e["thesis"]["title"] for e in cv.data["education"] if e.get("thesis")}
    orgs = cv.registries["organizations"]
    roles = [*cv.data.get("employment", []), *cv.data.get("internships", [])]
    return titles, {(r["title"], orgs[r["organization"]]["name"]) for r in roles}


def _owner_page(vivo: FakeVivo, path, vivo_dir, vivo_owl):
    import cvgraph
    from cvgraph.mapping.vivo_names import Names

    store = vivo.as_vivo_sees_it()
    materialise(store, vivo_owl)
    sections = profile(store, Names(cvgraph.load(path), NS).owner.value, vivo_dir)
    return (set(sections["selected publications"].values("infoResourceName")),
            {(r["positionTitle"], r["orgName"]) for r in sections["positions"].rows})


def test_the_sample_cvs_vivo_profile_shows_after_publish_and_after_a_change_nothing_stale(vivo, tmp_path, vivo_dir,
                                                                                         vivo_owl):
    from support.paths import ROOT

    sample, changed = ROOT / "data" / "sunwoo-lee.yaml", _sample_changed(tmp_path)
    [first] = publish_jobs([_vivo_job(sample)], endpoints(vivo.base, "vivo"))
    assert first.verified and first.added == len(vivo.graph(KB2))
    assert _owner_page(vivo, sample, vivo_dir, vivo_owl) == _expected(sample)
    before = len(vivo.updates())
    [second] = publish_jobs([_vivo_job(changed)], endpoints(vivo.base, "vivo"))
    assert second.verified and len(vivo.updates()) == before + 1
    titles, positions = _owner_page(vivo, changed, vivo_dir, vivo_owl)
    assert (titles, positions) == _expected(changed)  # the change, and nothing stale
    assert "Postdoctoral Researcher" not in {p for p, _ in positions}
    assert not any(t.startswith(("Layer-Wise Adaptive", "Embracing Federated Learning: ")) for t in titles)
    # only what changed was sent: far fewer triples than the CV has
    assert 0 < second.removed + second.added < first.added // 10, (second.removed, second.added)


def _vivo_shapes() -> bool:
    from cvgraph.shacl.validation import profiles

    return "vivo" in profiles()


@pytest.mark.skipif(not _vivo_shapes(), reason="shapes/vivo.ttl (issue 13 §2) is not in this tree yet")
def test_cli_publishes_the_vivo_profile_by_default(vivo, tmp_path):
    result = cli(vivo, "--vivo-namespace", NS)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("verified") and f"update into <{KB2}>" in result.stdout
    assert not any("schema.org" in line for line in vivo.graph(KB2))  # VIVO-ISF, not schema.org
    assert any("vivoweb.org/ontology/core#Authorship" in line for line in vivo.graph(KB2))
    again = cli(vivo, "--vivo-namespace", NS, str(_sample_changed(tmp_path)))
    assert again.exit_code == 0, again.output
