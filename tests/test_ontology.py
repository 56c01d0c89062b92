"""The ontology (ontology/lore.ttl), its SHACL shapes (ontology/shapes.ttl), kg.vocab and kg.ontology."""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

import owlrl
import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

import kg.ontology as ontology
import kg.vocab as vocab
from kg.ontology import (
    class_labels,
    inverse_of,
    load_ontology,
    load_shapes,
    ontology_path,
    property_labels,
    shapes_path,
)
from kg.vocab import ID, LORE, PREFIXES, SCHEMA, WD, WDT, bind_prefixes

SH = Namespace("http://www.w3.org/ns/shacl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # rdflib's XSD warns when pytest probes it
LSH = Namespace("https://w3id.org/lore-kg/shapes#")
BAD = Namespace("https://example.org/bad/")
ONTOLOGY_IRI = URIRef("https://w3id.org/lore-kg/ontology")
DATA = Path(__file__).parent / "data" / "shapes"
NS = str(LORE)

PROPERTY_TYPES = {OWL.ObjectProperty, OWL.DatatypeProperty}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def lore_terms(graph: Graph) -> set[URIRef]:
    """The lore: IRIs the graph describes (as a subject)."""
    return {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(NS)}


def lore_iris_used(graph: Graph) -> set[URIRef]:
    """Every lore: IRI anywhere in the graph."""
    return {
        term
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(NS)
    }


def properties(graph: Graph) -> set[URIRef]:
    return {p for t in PROPERTY_TYPES for p in graph.subjects(RDF.type, t) if str(p).startswith(NS)}


def union_members(graph: Graph, node) -> set:
    head = graph.value(node, OWL.unionOf)
    assert head is not None, f"{node} is not an owl:unionOf"
    return set(Collection(graph, head))


# --- the files --------------------------------------------------------------------------------


def test_ontology_files_parse():
    assert ontology_path().name == "lore.ttl"
    assert shapes_path().name == "shapes.ttl"
    onto = Graph().parse(ontology_path(), format="turtle")
    shapes = Graph().parse(shapes_path(), format="turtle")
    assert len(onto) > 300
    assert len(shapes) > 100


def test_ontology_header_has_title_description_version_and_license(onto):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    for predicate in (DCTERMS.title, DCTERMS.description, OWL.versionInfo, DCTERMS.license):
        assert onto.value(ONTOLOGY_IRI, predicate) is not None, predicate


def test_ontology_every_term_has_english_label_comment_and_is_defined_by(onto):
    terms = lore_terms(onto)
    assert len(terms) >= 50
    for term in terms:
        labels = [o for o in onto.objects(term, RDFS.label) if isinstance(o, Literal)]
        comments = [o for o in onto.objects(term, RDFS.comment) if isinstance(o, Literal)]
        assert any(label.language == "en" and str(label) for label in labels), f"{term}: no @en label"
        assert any(c.language == "en" and len(str(c)) > 10 for c in comments), f"{term}: no @en comment"
        assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in onto, f"{term}: no rdfs:isDefinedBy"


def test_ontology_every_term_is_a_class_property_or_individual(onto):
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual}
    for term in lore_terms(onto):
        assert set(onto.objects(term, RDF.type)) & kinds, f"{term} has no OWL kind"


def test_ontology_uses_no_undefined_lore_iri(onto):
    """A misspelt lore: name in a domain, range or axiom would mint a new, undescribed term."""
    assert lore_iris_used(onto) == lore_terms(onto)


def test_ontology_every_property_has_domain_and_range(onto):
    props = properties(onto)
    assert len(props) >= 40
    for prop in props:
        assert onto.value(prop, RDFS.domain) is not None, f"{prop}: no rdfs:domain"
        assert onto.value(prop, RDFS.range) is not None, f"{prop}: no rdfs:range"


# --- the contract -----------------------------------------------------------------------------

CLASSES = [
    "Show", "Season", "Book", "Character", "Person", "Organization", "Article",
    "StatusReport", "RenewalStatus", "Evidence", "Mention",
]  # fmt: skip

OBJECT_PROPERTIES = [
    "basedOn", "sequel", "prequel", "author", "createdBy", "character", "portrayedBy", "network",
    "renewalStatus", "statusReport", "status", "season", "adapts", "sibling", "romantic",
    "parent", "harmed", "pushed", "stabbed", "poisoned", "attacked", "shot", "killed", "framed",
    "mentions", "refersTo", "mentionClass",
]  # fmt: skip

DATATYPE_PROPERTIES = [
    "releaseDate", "asOf", "seasonNumber", "sentence", "start", "end", "extractor", "confidence",
    "inferred", "source", "contentHash", "text", "pipelineName", "pipelineVersion",
]  # fmt: skip

HARM_KINDS = ["pushed", "stabbed", "poisoned", "attacked", "shot", "killed", "framed"]

# property -> (domain, range); a tuple stands for an owl:unionOf.
DOMAIN_RANGE = {
    "basedOn": (("Show", "Season"), "Book"),
    "sequel": ("Book", "Book"),
    "prequel": ("Book", "Book"),
    "author": ("Book", "Person"),
    "createdBy": ("Show", "Person"),
    "character": ("Show", "Character"),
    "portrayedBy": ("Character", "Person"),
    "network": ("Show", "Organization"),
    "renewalStatus": ("Show", "RenewalStatus"),
    "statusReport": ("Show", "StatusReport"),
    "status": ("StatusReport", "RenewalStatus"),
    "season": ("Show", "Season"),
    "adapts": ("Season", "Book"),
    "mentions": ("Article", None),
    "refersTo": ("Mention", None),
    **{name: ("Character", "Character") for name in ["sibling", "romantic", "parent", "harmed", *HARM_KINDS]},
}

DATATYPE_RANGES = {
    "asOf": XSD.date,
    "seasonNumber": XSD.integer,
    "sentence": XSD.string,
    "start": XSD.integer,
    "end": XSD.integer,
    "extractor": XSD.string,
    "confidence": XSD.decimal,
    "inferred": XSD.boolean,
    "contentHash": XSD.string,
    "pipelineName": XSD.string,
    "pipelineVersion": XSD.string,
}


@pytest.mark.parametrize("name", CLASSES)
def test_ontology_contract_class_exists(onto, name):
    assert (LORE[name], RDF.type, OWL.Class) in onto


@pytest.mark.parametrize("name", OBJECT_PROPERTIES)
def test_ontology_contract_object_property_exists(onto, name):
    assert (LORE[name], RDF.type, OWL.ObjectProperty) in onto
    assert (LORE[name], RDF.type, OWL.DatatypeProperty) not in onto


@pytest.mark.parametrize("name", DATATYPE_PROPERTIES)
def test_ontology_contract_datatype_property_exists(onto, name):
    assert (LORE[name], RDF.type, OWL.DatatypeProperty) in onto
    assert (LORE[name], RDF.type, OWL.ObjectProperty) not in onto


@pytest.mark.parametrize("name", sorted(DOMAIN_RANGE))
def test_ontology_contract_domain_and_range(onto, name):
    domain, range_ = DOMAIN_RANGE[name]
    prop = LORE[name]
    actual_domain = onto.value(prop, RDFS.domain)
    if isinstance(domain, tuple):
        assert union_members(onto, actual_domain) == {LORE[c] for c in domain}
    else:
        assert actual_domain == LORE[domain]
    if range_ is not None:
        assert onto.value(prop, RDFS.range) == LORE[range_]


@pytest.mark.parametrize("name", sorted(DATATYPE_RANGES))
def test_ontology_contract_datatype_range(onto, name):
    assert onto.value(LORE[name], RDFS.range) == DATATYPE_RANGES[name]


def test_ontology_release_date_range_is_a_union_of_three_date_datatypes(onto):
    range_ = onto.value(LORE.releaseDate, RDFS.range)
    assert (range_, RDF.type, RDFS.Datatype) in onto
    assert union_members(onto, range_) == {XSD.date, XSD.gYearMonth, XSD.gYear}
    assert union_members(onto, onto.value(LORE.releaseDate, RDFS.domain)) == {LORE.Show, LORE.Season}
    comment = str(onto.value(LORE.releaseDate, RDFS.comment))
    for datatype in ("xsd:date", "xsd:gYearMonth", "xsd:gYear"):
        assert datatype in comment


def test_ontology_source_is_a_url_or_a_path(onto):
    range_ = onto.value(LORE.source, RDFS.range)
    assert union_members(onto, range_) == {XSD.anyURI, XSD.string}
    assert onto.value(LORE.source, RDFS.domain) == LORE.Article


def test_ontology_pipeline_properties_describe_a_prov_activity(onto):
    prov_activity = URIRef("http://www.w3.org/ns/prov#Activity")
    assert onto.value(LORE.pipelineName, RDFS.domain) == prov_activity
    assert onto.value(LORE.pipelineVersion, RDFS.domain) == prov_activity


def test_ontology_article_comment_names_the_borrowed_properties(onto):
    comment = str(onto.value(LORE.Article, RDFS.comment))
    for name in ("schema:author", "schema:datePublished", "dcterms:title", "prov:wasGeneratedBy"):
        assert name in comment


def test_ontology_renewal_statuses_are_the_three_individuals(onto):
    individuals = {LORE.Renewed, LORE.Canceled, LORE.Pending}
    assert set(onto.subjects(RDF.type, LORE.RenewalStatus)) == individuals
    for individual in individuals:
        assert (individual, RDF.type, OWL.NamedIndividual) in onto
    assert set(Collection(onto, onto.value(LORE.RenewalStatus, OWL.oneOf))) == individuals


@pytest.mark.parametrize("name", ["sibling", "romantic"])
def test_ontology_sibling_and_romantic_are_symmetric(onto, name):
    assert (LORE[name], RDF.type, OWL.SymmetricProperty) in onto


def test_ontology_other_character_relations_are_not_symmetric(onto):
    for name in ["parent", "harmed", *HARM_KINDS]:
        assert (LORE[name], RDF.type, OWL.SymmetricProperty) not in onto, name


def test_ontology_sequel_and_prequel_are_inverses(onto):
    assert (LORE.sequel, OWL.inverseOf, LORE.prequel) in onto


def test_ontology_season_number_is_functional(onto):
    assert (LORE.seasonNumber, RDF.type, OWL.FunctionalProperty) in onto


@pytest.mark.parametrize("name", HARM_KINDS)
def test_ontology_harm_kinds_are_sub_properties_of_harmed(onto, name):
    assert (LORE[name], RDFS.subPropertyOf, LORE.harmed) in onto


def test_ontology_adapts_is_a_kind_of_based_on(onto):
    assert (LORE.adapts, RDFS.subPropertyOf, LORE.basedOn) in onto


def test_ontology_evidence_is_a_reified_statement(onto):
    assert (LORE.Evidence, RDFS.subClassOf, RDF.Statement) in onto


def test_ontology_character_is_not_a_person(onto):
    """lore:Person is schema:Person (real people); characters must not be inferred to be people."""
    assert (LORE.Character, RDFS.subClassOf, SCHEMA.Person) not in onto
    assert (LORE.Character, OWL.equivalentClass, SCHEMA.Person) not in onto
    disjoint = [
        set(Collection(onto, onto.value(node, OWL.members)))
        for node in onto.subjects(RDF.type, OWL.AllDisjointClasses)
    ]
    assert any({LORE.Character, LORE.Person} <= members for members in disjoint)


# --- alignment --------------------------------------------------------------------------------

SCHEMA_CLASSES = {
    "Show": "TVSeries",
    "Season": "TVSeason",
    "Book": "Book",
    "Person": "Person",
    "Organization": "Organization",
    "Article": "Article",
}

SCHEMA_PROPERTIES = {
    "basedOn": "isBasedOn",
    "author": "author",
    "createdBy": "creator",
    "character": "character",
    "network": "publisher",
    "releaseDate": "datePublished",
    "season": "containsSeason",
    "seasonNumber": "seasonNumber",
    "sibling": "sibling",
    "parent": "children",
}

# lore term -> (Wikidata IRI, mapping property)
WIKIDATA = {
    "basedOn": (WDT.P144, SKOS.exactMatch),
    "sequel": (WDT.P156, SKOS.exactMatch),
    "prequel": (WDT.P155, SKOS.exactMatch),
    "author": (WDT.P50, SKOS.exactMatch),
    "createdBy": (WDT.P170, SKOS.exactMatch),
    "character": (WDT.P674, SKOS.exactMatch),
    "network": (WDT.P449, SKOS.exactMatch),
    "releaseDate": (WDT.P577, SKOS.exactMatch),
    "sibling": (WDT.P3373, SKOS.exactMatch),
    "parent": (WDT.P40, SKOS.exactMatch),
    "romantic": (WDT.P451, SKOS.closeMatch),
    "portrayedBy": (WDT.P175, SKOS.closeMatch),
    "seasonNumber": (WDT.P1545, SKOS.closeMatch),
    "Show": (WD.Q5398426, SKOS.exactMatch),
    "Season": (WD.Q3464665, SKOS.exactMatch),
    "Book": (WD.Q7725634, SKOS.exactMatch),
    "Character": (WD.Q95074, SKOS.exactMatch),
    "Person": (WD.Q5, SKOS.exactMatch),
    "Organization": (WD.Q43229, SKOS.exactMatch),
}


@pytest.mark.parametrize("name", sorted(SCHEMA_CLASSES))
def test_ontology_classes_are_equivalent_to_schema_org(onto, name):
    assert (LORE[name], OWL.equivalentClass, SCHEMA[SCHEMA_CLASSES[name]]) in onto


@pytest.mark.parametrize("name", sorted(SCHEMA_PROPERTIES))
def test_ontology_properties_specialise_schema_org(onto, name):
    assert (LORE[name], RDFS.subPropertyOf, SCHEMA[SCHEMA_PROPERTIES[name]]) in onto


@pytest.mark.parametrize("name", sorted(WIKIDATA))
def test_ontology_wikidata_alignment(onto, name):
    target, mapping = WIKIDATA[name]
    assert (LORE[name], mapping, target) in onto


def test_ontology_network_alignment_is_explained(onto):
    comment = str(onto.value(LORE.network, RDFS.comment))
    assert "schema:publisher" in comment and "schema:productionCompany" in comment


def test_ontology_portrayed_by_alignment_is_explained(onto):
    comment = str(onto.value(LORE.portrayedBy, RDFS.comment))
    assert "P175" in comment and "P161" in comment


def test_ontology_good_data_is_consistent_under_owl_rl(onto):
    """Domains, ranges and disjointness agree with valid data: no OWL RL inconsistency."""
    graph = Graph()
    for triple in onto:
        graph.add(triple)
    graph.parse(DATA / "good.ttl", format="turtle")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    error = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")
    assert [str(message) for message in graph.objects(None, error)] == []
    assert list(graph.subjects(RDF.type, OWL.Nothing)) == []


def test_ontology_owl_rl_detects_a_character_that_is_a_person(onto):
    """The consistency check above can fail: a node both Character and Person is caught."""
    graph = Graph()
    for triple in onto:
        graph.add(triple)
    both = URIRef("https://example.org/both")
    graph.add((both, RDF.type, LORE.Character))
    graph.add((both, RDF.type, LORE.Person))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    error = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")
    assert any("Disjoint" in str(m) for m in graph.objects(None, error))


# --- kg.vocab ---------------------------------------------------------------------------------


def vocab_names() -> set[str]:
    return {name for name in LORE.__annotations__ if not name.startswith("_")}


def test_ontology_vocab_lists_every_term_of_the_ontology(onto):
    defined = {str(term)[len(NS) :] for term in lore_terms(onto)}
    missing = defined - vocab_names()
    assert not missing, f"terms of lore.ttl missing from kg.vocab.LORE: {sorted(missing)}"


def test_ontology_vocab_lists_no_term_the_ontology_lacks(onto):
    defined = {str(term)[len(NS) :] for term in lore_terms(onto)}
    extra = vocab_names() - defined
    assert not extra, f"kg.vocab.LORE terms not defined in lore.ttl: {sorted(extra)}"


def test_ontology_vocab_terms_are_iris_in_the_namespace():
    assert str(LORE) == "https://w3id.org/lore-kg/ontology#"
    assert LORE.Show == URIRef("https://w3id.org/lore-kg/ontology#Show")
    assert LORE["basedOn"] == URIRef("https://w3id.org/lore-kg/ontology#basedOn")
    assert LORE.start == URIRef(NS + "start") and LORE.end == URIRef(NS + "end")
    assert LORE.Show in LORE


@pytest.mark.parametrize("typo", ["Shwo", "basedon", "based_on", "Renwed", "sequels"])
def test_ontology_vocab_typo_raises_attribute_error(typo):
    with pytest.raises(AttributeError):
        getattr(LORE, typo)
    with pytest.raises(AttributeError):
        LORE[typo]


def test_ontology_vocab_namespaces_and_prefixes():
    assert str(ID) == "https://w3id.org/lore-kg/id/"
    assert str(SCHEMA) == "https://schema.org/"
    assert str(WD) == "http://www.wikidata.org/entity/"
    assert str(WDT) == "http://www.wikidata.org/prop/direct/"
    assert str(vocab.PROV) == "http://www.w3.org/ns/prov#"
    assert str(vocab.DCTERMS) == "http://purl.org/dc/terms/"
    assert vocab.SKOS is SKOS
    assert set(PREFIXES) == {
        "lore", "rdf", "rdfs", "owl", "xsd", "skos", "schema", "wd", "wdt", "prov", "dcterms",
    }  # fmt: skip
    assert PREFIXES["lore"] == NS and PREFIXES["schema"] == "https://schema.org/"
    assert all(isinstance(v, str) for v in PREFIXES.values())


def test_ontology_bind_prefixes_overrides_existing_bindings():
    graph = Graph(bind_namespaces="none")
    graph.bind("schema", "http://schema.org/")  # the http variant must be replaced
    graph.bind("lore", "https://example.org/not-lore#")
    assert bind_prefixes(graph) is graph
    bound = {prefix: str(ns) for prefix, ns in graph.namespaces()}
    for prefix, namespace in PREFIXES.items():
        assert bound.get(prefix) == namespace, prefix
    graph.add((ID["show/x"], RDF.type, LORE.Show))
    graph.add((ID["show/x"], SCHEMA.name, Literal("x")))
    turtle = graph.serialize(format="turtle")
    assert "lore:Show" in turtle and "schema:name" in turtle


def test_ontology_vocab_imports_only_rdflib():
    tree = ast.parse(Path(vocab.__file__).read_text())
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            modules.add((node.module or "").split(".")[0])
    assert modules <= {"rdflib", "__future__"}, modules


# --- kg.ontology ------------------------------------------------------------------------------


def test_ontology_paths_prefer_the_repository():
    repo = Path(ontology.__file__).resolve().parent.parent / "ontology"
    assert ontology_path() == repo / "lore.ttl"
    assert shapes_path() == repo / "shapes.ttl"


def test_ontology_paths_fall_back_to_the_installed_data_files(tmp_path, monkeypatch):
    installed = tmp_path / "prefix" / "share" / "lore-kg" / "ontology"
    installed.mkdir(parents=True)
    (installed / "lore.ttl").write_text("")
    (installed / "shapes.ttl").write_text("")
    monkeypatch.setattr(ontology, "_REPO_ONTOLOGY_DIR", tmp_path / "no-checkout" / "ontology")
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "prefix"))
    assert ontology_path() == installed / "lore.ttl"
    assert shapes_path() == installed / "shapes.ttl"


def test_ontology_paths_missing_raise_file_not_found(tmp_path, monkeypatch):
    monkeypatch.setattr(ontology, "_REPO_ONTOLOGY_DIR", tmp_path / "no-checkout")
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "no-prefix"))
    monkeypatch.setattr(ontology.sysconfig, "get_path", lambda name: str(tmp_path / "no-data"))
    with pytest.raises(FileNotFoundError, match="lore.ttl"):
        ontology_path()
    with pytest.raises(FileNotFoundError, match="share/lore-kg/ontology"):
        shapes_path()


def test_ontology_loads_are_cached():
    assert load_ontology() is load_ontology()
    assert load_shapes() is load_shapes()
    assert (LORE.Show, RDF.type, OWL.Class) in load_ontology()
    assert (LSH.ShowShape, RDF.type, SH.NodeShape) in load_shapes()
    assert dict(load_ontology().namespaces())["lore"] == URIRef(NS)


def test_ontology_class_labels():
    labels = class_labels()
    assert labels[LORE.Show] == "show"
    assert labels[LORE.StatusReport] == "status report"
    assert set(labels) == {LORE[name] for name in CLASSES}
    assert all(isinstance(v, str) and not isinstance(v, Literal) for v in labels.values())
    labels.clear()  # a copy: the cache is not affected
    assert class_labels()


def test_ontology_property_labels():
    labels = property_labels()
    assert labels[LORE.basedOn] == "based on"
    assert labels[LORE.seasonNumber] == "season number"
    assert set(labels) == {LORE[name] for name in OBJECT_PROPERTIES + DATATYPE_PROPERTIES} | {SCHEMA.gender}
    assert labels[SCHEMA.gender] == "gender"  # schema.org's, as the data uses it
    assert SKOS.exactMatch not in labels


def test_ontology_inverse_of():
    assert inverse_of(LORE.sequel) == LORE.prequel
    assert inverse_of(LORE.prequel) == LORE.sequel
    assert inverse_of("lore:sequel") == LORE.prequel
    assert inverse_of("prequel") == LORE.sequel
    assert inverse_of(LORE.sibling) == LORE.sibling
    assert inverse_of(LORE.romantic) == LORE.romantic
    assert inverse_of(LORE.author) is None
    assert inverse_of(LORE.parent) is None
    assert inverse_of(LORE.parent, lore_only=False) == SCHEMA.parent
    with pytest.raises(AttributeError):
        inverse_of("sequal")


# --- shapes -----------------------------------------------------------------------------------


def validate(data: Graph):
    conforms, results, text = pyshacl.validate(
        data, shacl_graph=load_shapes(), inference="none", meta_shacl=False
    )
    return conforms, results, text


def test_ontology_shapes_are_valid_shacl(shapes):
    conforms, _, text = pyshacl.validate(
        Graph(), shacl_graph=shapes, inference="none", meta_shacl=True
    )
    assert conforms, text


def test_ontology_shapes_use_only_defined_lore_terms(shapes, onto):
    assert lore_iris_used(shapes) <= lore_terms(onto), lore_iris_used(shapes) - lore_terms(onto)


def test_ontology_shapes_every_constraint_has_a_message(shapes):
    property_shapes = set(shapes.objects(None, SH.property))
    assert len(property_shapes) > 40
    for shape in property_shapes:
        assert shapes.value(shape, SH.message) is not None, shapes.value(shape, SH.path)
    node_level = {SH["class"], SH["or"], SH["in"], SH.datatype, SH.nodeKind}
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        if any((shape, p, None) in shapes for p in node_level):
            message = shapes.value(shape, SH.message)
            assert message is not None and message.language == "en", shape


def test_ontology_shapes_cover_every_class_and_object_property(shapes):
    targeted = set(shapes.objects(None, SH.targetClass))
    assert {LORE[name] for name in CLASSES} - {LORE.RenewalStatus} <= targeted
    paths = set(shapes.objects(None, SH.path))
    for name in OBJECT_PROPERTIES + DATATYPE_PROPERTIES:
        assert LORE[name] in paths, name


def test_ontology_good_data_uses_every_property():
    """good.ttl exercises every shape: it uses every lore property and class."""
    data = Graph().parse(DATA / "good.ttl", format="turtle")
    used = set(data.predicates()) | set(data.objects(None, RDF.type))
    for name in OBJECT_PROPERTIES + DATATYPE_PROPERTIES + CLASSES:
        if name != "RenewalStatus":  # its three individuals live in the ontology
            assert LORE[name] in used, name


def test_ontology_shapes_accept_good_data():
    conforms, _, text = validate(Graph().parse(DATA / "good.ttl", format="turtle"))
    assert conforms, text


def test_ontology_shapes_accept_untagged_and_tagged_labels_and_both_source_kinds():
    data = Graph()
    labels = [Literal("Plain"), Literal("Tagged", lang="en"), Literal("Typed", datatype=XSD.string)]
    for i, label in enumerate(labels):
        person = ID[f"person/p{i}"]
        data.add((person, RDF.type, LORE.Person))
        data.add((person, RDFS.label, label))
    for i, source in enumerate([Literal("a/b.txt"), Literal("https://example.org/a", datatype=XSD.anyURI)]):
        article = ID[f"article/a{i}"]
        data.add((article, RDF.type, LORE.Article))
        data.add((article, RDFS.label, Literal("An article")))
        data.add((article, LORE.source, source))
    conforms, _, text = validate(data)
    assert conforms, text


def short(graph: Graph, path) -> str | None:
    if path is None:
        return None
    if isinstance(path, BNode):
        return "^" + short(graph, graph.value(path, SH.inversePath))
    return Graph(namespace_manager=load_shapes().namespace_manager).qname(path)


# focus node -> the (path, constraint component) of each expected violation; None = the node
EXPECTED_VIOLATIONS = {
    BAD["show-based-on-person"]: [("lore:basedOn", "Class")],
    BAD["season-two-numbers"]: [("lore:seasonNumber", "MaxCount")],
    BAD["character-without-label"]: [("rdfs:label", "MinCount")],
    BAD["show-bad-renewal-status"]: [("lore:renewalStatus", "In")],
    BAD["show-bad-release-date"]: [("lore:releaseDate", "Or")],
    BAD["evidence-overconfident"]: [("lore:confidence", "MaxInclusive")],
    BAD["evidence-no-sentence-backwards-span"]: [
        ("lore:sentence", "MinCount"),
        ("lore:start", "LessThan"),
    ],
    BAD["character-sibling-of-person"]: [("lore:sibling", "Class")],
    BAD["person-who-framed"]: [(None, "Class")],
    BAD["untyped-show"]: [(None, "Class")],
    BAD["season-orphan-negative"]: [
        ("lore:seasonNumber", "MinInclusive"),
        ("^lore:season", "MinCount"),
    ],
    BAD["article-without-source"]: [("lore:source", "MinCount")],
    BAD["book-empty-label"]: [("lore:author", "Class"), ("rdfs:label", "MinLength")],
    BAD["status-report"]: [("lore:asOf", "Datatype"), ("lore:status", "MaxCount")],
    BAD["show-with-gender"]: [(None, "Or"), ("schema:gender", "In")],
}


@pytest.fixture(scope="module")
def bad_report():
    conforms, results, _ = validate(Graph().parse(DATA / "bad.ttl", format="turtle"))
    assert not conforms
    found = defaultdict(list)
    messages = {}
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = short(results, results.value(result, SH.resultPath))
        component = str(results.value(result, SH.sourceConstraintComponent))
        component = component.removeprefix(str(SH)).removesuffix("ConstraintComponent")
        assert results.value(result, SH.resultSeverity) == SH.Violation
        found[focus].append((path, component))
        messages[(focus, path, component)] = results.value(result, SH.resultMessage)
    return {focus: sorted(v, key=str) for focus, v in found.items()}, messages


def test_ontology_shapes_flag_only_the_bad_nodes(bad_report):
    found, _ = bad_report
    assert set(found) == set(EXPECTED_VIOLATIONS)


@pytest.mark.parametrize("focus", sorted(EXPECTED_VIOLATIONS), ids=lambda f: str(f).rsplit("/", 1)[-1])
def test_ontology_shapes_flag_bad_data(bad_report, focus):
    found, _ = bad_report
    assert found.get(focus, []) == sorted(EXPECTED_VIOLATIONS[focus], key=str)


def test_ontology_shapes_report_plain_english_messages(bad_report, shapes):
    _, messages = bad_report
    written = {str(m) for m in shapes.objects(None, SH.message)}
    for key, message in messages.items():
        assert message is not None and str(message) in written, key


def test_ontology_shapes_check_shows_without_inference():
    """With RDFS inference the range of lore:basedOn would make the person a Book; we don't."""
    data = Graph().parse(DATA / "bad.ttl", format="turtle")
    conforms, results, _ = validate(data)
    assert (None, SH.focusNode, BAD["show-based-on-person"]) in results


def test_ontology_shapes_give_the_same_results_with_the_ontology_mixed_in(bad_report):
    """kg.validate passes ont_graph=load_ontology(): the ontology's triples must not change results."""
    for name in ("good", "bad"):
        data = Graph().parse(DATA / f"{name}.ttl", format="turtle")
        conforms, results, text = pyshacl.validate(
            data,
            shacl_graph=load_shapes(),
            ont_graph=load_ontology(),
            inference="none",
            allow_warnings=True,
        )
        if name == "good":
            assert conforms, text
        else:
            focus = {results.value(r, SH.focusNode) for r in results.subjects(RDF.type, SH.ValidationResult)}
            assert focus == set(EXPECTED_VIOLATIONS)
            count = len(list(results.subjects(RDF.type, SH.ValidationResult)))
            assert count == sum(len(v) for v in EXPECTED_VIOLATIONS.values())
