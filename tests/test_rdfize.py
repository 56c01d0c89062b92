from decimal import Decimal
from types import SimpleNamespace

import pytest
from rdflib import Graph, Literal, URIRef

from kg.extraction import Evidence, EntityKey, Extraction, Fact, Gender, Mention
from kg.extraction import Literal as FactLiteral
from kg.identity import article_iri, entity_iri
from kg.rdfize import article_triples, fact_count
from kg import vocab
from kg.vocab import DCTERMS, LORE, PROV, RDF, RDFS, SCHEMA, SKOS


TEXT = (
    "Tiny Pretty Things is based on the novel Tiny Pretty Things by Sona Charaipotra. "
    "Netflix renewed it in 2021. Later it was canceled. Season 2 premiered in March 2022."
)
SHOW = EntityKey("Show", "Tiny Pretty Things")
BOOK = EntityKey("Book", "Tiny Pretty Things")
SEQUEL = EntityKey("Book", "Shiny Broken Pieces")
AUTHOR = EntityKey("Person", "Sona Charaipotra")
NETFLIX = EntityKey("Organization", "Netflix")
SEASON2 = EntityKey("Season", "Season 2", scope="Tiny Pretty Things", number=2)
BETTE = EntityKey("Character", "Bette Whitlaw", scope="Tiny Pretty Things")


def ev(start=0, end=80, extractor="lore_relations:test", confidence=0.9, sentence=None):
    return Evidence(sentence or TEXT[start:end], start, end, extractor, confidence)


def make_document(**over):
    fields = dict(source="/articles/tpt.html", text=TEXT, title="Tiny Pretty Things canceled",
                  author="Jane Writer", published="2021-12-01", site="Example TV",
                  content_hash="sha256:abc", media_type="text/html", blocks=[])
    fields.update(over)
    return SimpleNamespace(**fields)


def make_extraction(facts=None) -> Extraction:
    x = Extraction(pipeline="lore-kg-rules", pipeline_version="0.1.0")
    for key in (SHOW, BOOK, SEQUEL, AUTHOR, NETFLIX, SEASON2, BETTE):
        x.add_entity(key)
    x.add_entity(SHOW, alias="TPT")
    x.add_entity(BETTE, alias="Bette")
    x.mentions += [Mention(SHOW, 0, 18, "Tiny Pretty Things"), Mention(BOOK, 41, 59, "Tiny Pretty Things")]
    x.facts += facts if facts is not None else [
        Fact(SHOW, "basedOn", BOOK, ev(0, 80)),
        Fact(BOOK, "author", AUTHOR, ev(0, 80, confidence=0.75)),
        Fact(BOOK, "sequel", SEQUEL, ev(0, 80, extractor="lore_relations:sequel")),
        Fact(SEASON2, "releaseDate", FactLiteral("2022-03", "gYearMonth"), ev(131, 165)),
        Fact(SHOW, "network", NETFLIX, ev(81, 108)),
    ]
    return x


def build(facts=None, **doc):
    document = make_document(**doc)
    article = article_iri(document.source, document.title)
    triples = article_triples(document, make_extraction(facts), article=article)
    g = Graph()
    for t in triples:
        g.add(t)
    return article, triples, g


def evidence_for(g, s, p, o):
    return [e for e in g.subjects(RDF.subject, s) if (e, RDF.predicate, p) in g and (e, RDF.object, o) in g]


def test_rdfize_types_and_labels():
    art, _, g = build()
    show, book, season = entity_iri(SHOW), entity_iri(BOOK), entity_iri(SEASON2)
    assert (show, RDF.type, LORE.Show) in g and (book, RDF.type, LORE.Book) in g
    assert (entity_iri(BETTE), RDF.type, LORE.Character) in g
    assert (entity_iri(NETFLIX), RDF.type, LORE.Organization) in g
    assert g.value(show, RDFS.label) == Literal("Tiny Pretty Things")
    assert (season, RDF.type, LORE.Season) in g
    assert (season, LORE.seasonNumber, Literal(2)) in g
    assert (show, LORE.season, season) in g
    assert (art, LORE.mentions, show) in g and (art, LORE.mentions, season) in g


def test_rdfize_alt_labels():
    _, _, g = build()
    assert set(g.objects(entity_iri(SHOW), SKOS.altLabel)) == {Literal("TPT")}
    assert set(g.objects(entity_iri(BETTE), SKOS.altLabel)) == {Literal("Bette")}
    assert set(g.objects(entity_iri(BOOK), SKOS.altLabel)) == set()


def test_rdfize_article_description():
    art, _, g = build()
    assert (art, RDF.type, LORE.Article) in g
    assert g.value(art, DCTERMS.title) == Literal("Tiny Pretty Things canceled")
    assert g.value(art, RDFS.label) == Literal("Tiny Pretty Things canceled")
    assert g.value(art, LORE.source) == Literal("/articles/tpt.html")
    assert g.value(art, LORE.contentHash) == Literal("sha256:abc")
    assert g.value(art, SCHEMA.datePublished) == Literal("2021-12-01", datatype=vocab.XSD.date)
    writer = g.value(art, SCHEMA.author)
    assert writer == entity_iri(EntityKey("Person", "Jane Writer"))
    assert (writer, RDF.type, LORE.Person) in g and g.value(writer, RDFS.label) == Literal("Jane Writer")
    site = g.value(art, SCHEMA.publisher)
    assert (site, RDF.type, LORE.Organization) in g
    activity = g.value(art, PROV.wasGeneratedBy)
    assert (activity, RDF.type, PROV.Activity) in g
    assert g.value(activity, LORE.pipelineName) == Literal("lore-kg-rules")
    assert g.value(activity, LORE.pipelineVersion) == Literal("0.1.0")


def test_rdfize_article_title_falls_back_to_file_name_and_url_source_is_anyuri():
    art, _, g = build(title=None, author=None, site=None, published=None)
    assert g.value(art, DCTERMS.title) == Literal("tpt.html")
    assert g.value(art, SCHEMA.author) is None and g.value(art, SCHEMA.publisher) is None
    assert g.value(art, SCHEMA.datePublished) is None
    art, _, g = build(source="https://example.com/tv/tpt")
    assert g.value(art, LORE.source) == Literal("https://example.com/tv/tpt", datatype=vocab.XSD.anyURI)


def test_rdfize_facts_with_evidence_nodes():
    art, _, g = build()
    show, book = entity_iri(SHOW), entity_iri(BOOK)
    assert (show, LORE.basedOn, book) in g
    [e] = evidence_for(g, show, LORE.basedOn, book)
    assert (e, RDF.type, LORE.Evidence) in g and (e, RDF.type, RDF.Statement) in g
    assert str(e).startswith(f"{art}/evidence/")
    assert g.value(e, LORE.sentence) == Literal(TEXT[0:80])
    assert g.value(e, LORE.start) == Literal(0) and g.value(e, LORE.end) == Literal(80)
    assert g.value(e, LORE.extractor) == Literal("lore_relations:test")
    conf = g.value(e, LORE.confidence)
    assert conf.datatype == vocab.XSD.decimal and conf.toPython() == Decimal("0.9")
    assert g.value(e, LORE.inferred) == Literal(False)
    assert g.value(e, PROV.wasDerivedFrom) == art
    [a] = evidence_for(g, book, LORE.author, entity_iri(AUTHOR))
    assert g.value(a, LORE.confidence).toPython() == Decimal("0.75")


def test_rdfize_release_date_datatypes():
    facts = [
        Fact(SEASON2, "releaseDate", FactLiteral("2022-03", "gYearMonth"), ev(131, 165)),
        Fact(SHOW, "releaseDate", FactLiteral("2020-12-14", "date"), ev(0, 10)),
        Fact(EntityKey("Show", "Elite"), "releaseDate", FactLiteral("2018", "gYear"), ev(0, 10)),
    ]
    _, _, g = build(facts)
    assert g.value(entity_iri(SEASON2), LORE.releaseDate) == Literal("2022-03", datatype=vocab.XSD.gYearMonth)
    assert g.value(entity_iri(SHOW), LORE.releaseDate) == Literal("2020-12-14", datatype=vocab.XSD.date)
    elite = entity_iri(EntityKey("Show", "Elite"))
    assert g.value(elite, LORE.releaseDate) == Literal("2018", datatype=vocab.XSD.gYear)
    assert (elite, RDF.type, LORE.Show) in g  # keys only used by facts are typed too


def test_rdfize_renewal_status_newest_wins_and_reports_kept():
    facts = [
        Fact(SHOW, "renewalStatus", FactLiteral("canceled"), ev(109, 131), as_of="2021-12-01"),
        Fact(SHOW, "renewalStatus", FactLiteral("renewed"), ev(81, 108), as_of="2021-01-10"),
    ]
    _, _, g = build(facts)
    show = entity_iri(SHOW)
    assert set(g.objects(show, LORE.renewalStatus)) == {LORE.Canceled}
    reports = set(g.objects(show, LORE.statusReport))
    assert len(reports) == 2
    by_status = {g.value(r, LORE.status): r for r in reports}
    assert set(by_status) == {LORE.Canceled, LORE.Renewed}
    assert g.value(by_status[LORE.Renewed], LORE.asOf) == Literal("2021-01-10", datatype=vocab.XSD.date)
    assert g.value(by_status[LORE.Canceled], LORE.asOf) == Literal("2021-12-01", datatype=vocab.XSD.date)
    for r in reports:
        assert (r, RDF.type, LORE.StatusReport) in g
        assert len(evidence_for(g, r, LORE.status, g.value(r, LORE.status))) == 1
    [e] = evidence_for(g, show, LORE.renewalStatus, LORE.Canceled)
    assert g.value(e, LORE.start) == Literal(109)
    assert evidence_for(g, show, LORE.renewalStatus, LORE.Renewed) == []


def test_rdfize_renewal_status_dates_beat_text_order_and_text_order_breaks_ties():
    # the later sentence states an older status: the date decides
    facts = [
        Fact(SHOW, "renewalStatus", FactLiteral("renewed"), ev(10, 20), as_of="2023-05-01"),
        Fact(SHOW, "renewalStatus", FactLiteral("pending"), ev(50, 60), as_of="2022-01-01"),
    ]
    _, _, g = build(facts)
    assert set(g.objects(entity_iri(SHOW), LORE.renewalStatus)) == {LORE.Renewed}
    # no dates at all (and no publication date): the later statement wins
    facts = [
        Fact(SHOW, "renewalStatus", FactLiteral("renewed"), ev(10, 20)),
        Fact(SHOW, "renewalStatus", FactLiteral("canceled"), ev(50, 60)),
    ]
    _, _, g = build(facts, published=None)
    assert set(g.objects(entity_iri(SHOW), LORE.renewalStatus)) == {LORE.Canceled}
    assert all(g.value(r, LORE.asOf) is None for r in g.objects(entity_iri(SHOW), LORE.statusReport))


def test_rdfize_renewal_status_without_date_uses_publication_date():
    facts = [Fact(SHOW, "renewalStatus", FactLiteral("pending"), ev(10, 20))]
    _, _, g = build(facts, published="2021-12-01")
    [r] = g.objects(entity_iri(SHOW), LORE.statusReport)
    assert g.value(r, LORE.asOf) == Literal("2021-12-01", datatype=vocab.XSD.date)


def test_rdfize_sequel_writes_prequel():
    _, _, g = build()
    b1, b2 = entity_iri(BOOK), entity_iri(SEQUEL)
    assert (b1, LORE.sequel, b2) in g
    assert (b2, LORE.prequel, b1) in g
    [fwd] = evidence_for(g, b1, LORE.sequel, b2)
    [inv] = evidence_for(g, b2, LORE.prequel, b1)
    assert fwd != inv
    for p in (LORE.sentence, LORE.start, LORE.end, LORE.extractor, LORE.confidence, LORE.inferred):
        assert g.value(fwd, p) == g.value(inv, p)


def test_rdfize_symmetric_facts_written_once_as_stated():
    a = EntityKey("Character", "Neveah", scope="Tiny Pretty Things")
    _, _, g = build([Fact(a, "sibling", BETTE, ev(0, 10))])
    assert (entity_iri(a), LORE.sibling, entity_iri(BETTE)) in g
    assert (entity_iri(BETTE), LORE.sibling, entity_iri(a)) not in g


def test_rdfize_duplicate_statement_keeps_most_confident_evidence():
    facts = [Fact(SHOW, "basedOn", BOOK, ev(0, 80, extractor="a", confidence=0.5)),
             Fact(SHOW, "basedOn", BOOK, ev(0, 80, extractor="b", confidence=0.8))]
    _, _, g = build(facts)
    [e] = evidence_for(g, entity_iri(SHOW), LORE.basedOn, entity_iri(BOOK))
    assert g.value(e, LORE.extractor) == Literal("b")
    assert len(list(g.objects(e, LORE.confidence))) == 1


def test_rdfize_mentions():
    art, _, g = build()
    mentions = set(g.subjects(RDF.type, LORE.Mention))
    assert len(mentions) == 2
    m = URIRef(f"{art}/mention/41-59")
    assert m in mentions
    assert g.value(m, LORE.refersTo) == entity_iri(BOOK)
    assert g.value(m, LORE.start) == Literal(41) and g.value(m, LORE.end) == Literal(59)
    assert g.value(m, LORE.mentionClass) == LORE.Book


def _with_genders(genders):
    document = make_document()
    article = article_iri(document.source, document.title)
    x = make_extraction()
    x.genders += genders
    g = Graph()
    triples = article_triples(document, x, article=article)
    for t in triples:
        g.add(t)
    return triples, g


def test_rdfize_gender_with_its_evidence_and_inference_marked():
    said = ev(0, 40, extractor="lore_gender:kin-word", confidence=0.8, sentence="Her sister Bette Whitlaw dances.")
    guessed = ev(0, 18, extractor="lore_gender:given-name", confidence=0.6)
    triples, g = _with_genders([Gender(BETTE, "female", said), Gender(AUTHOR, "female", guessed, inferred=True)])
    bette, sona = entity_iri(BETTE), entity_iri(AUTHOR)
    assert (bette, SCHEMA.gender, SCHEMA.Female) in g and (sona, SCHEMA.gender, SCHEMA.Female) in g
    [e] = evidence_for(g, bette, SCHEMA.gender, SCHEMA.Female)
    assert g.value(e, LORE.sentence) == Literal("Her sister Bette Whitlaw dances.")
    assert g.value(e, LORE.inferred) == Literal(False)
    [i] = evidence_for(g, sona, SCHEMA.gender, SCHEMA.Female)
    assert g.value(i, LORE.inferred) == Literal(True)
    assert g.value(i, LORE.extractor) == Literal("lore_gender:given-name")
    assert fact_count(triples) == fact_count(build()[1])  # a gender is no relation between entities


def test_rdfize_unknown_gender_raises():
    with pytest.raises(ValueError, match="unknown gender 'f'"):
        _with_genders([Gender(BETTE, "f", ev())])


def test_rdfize_unknown_predicate_raises():
    with pytest.raises(ValueError, match="unknown predicate lore:inspiredBy"):
        build([Fact(SHOW, "inspiredBy", BOOK, ev())])


def test_rdfize_output_is_deterministic_and_has_no_blank_nodes():
    _, first, _ = build()
    _, second, _ = build()
    assert first == second
    assert len(first) == len(set(first))
    from rdflib import BNode

    assert not any(isinstance(term, BNode) for t in first for term in t)


def test_rdfize_dates_that_are_not_iso_or_not_days():
    facts = [Fact(SHOW, "renewalStatus", FactLiteral("renewed"), ev(10, 20), as_of="2022")]
    art, _, g = build(facts, published="2021-12-01T10:30:00Z")
    assert g.value(art, SCHEMA.datePublished) == Literal("2021-12-01", datatype=vocab.XSD.date)
    [r] = g.objects(entity_iri(SHOW), LORE.statusReport)
    assert g.value(r, LORE.asOf) is None  # lore:asOf holds days only
    art, _, g = build(facts, published="last Tuesday")
    assert g.value(art, SCHEMA.datePublished) is None
