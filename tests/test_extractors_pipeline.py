"""The default pipeline on small hand-written texts: one behaviour per test."""

from kg.extraction import EntityKey, Literal
from kg.sources import parse_text


def extract(pipeline, text):
    return pipeline.extract(parse_text(text, source="test.txt"))


def entities(x):
    return {(k.cls, k.label) for k in x.entities}


def facts(x):
    out = set()
    for f in x.facts:
        obj = f.object.label if isinstance(f.object, EntityKey) else f.object.value
        out.add((f.subject.label, f.predicate, obj))
    return out


def test_extractors_pipeline_types_names_by_context(pipeline):
    x = extract(pipeline, "Glass Harbour is a Hulu drama series created by Miriam Ostrowski. "
                          "The series is based on the novel Salt Lines by Teodor Brandt.")
    assert {("Show", "Glass Harbour"), ("Organization", "Hulu"), ("Person", "Miriam Ostrowski"),
            ("Book", "Salt Lines"), ("Person", "Teodor Brandt")} <= entities(x)
    assert {("Glass Harbour", "createdBy", "Miriam Ostrowski"), ("Glass Harbour", "basedOn", "Salt Lines"),
            ("Salt Lines", "author", "Teodor Brandt"), ("Glass Harbour", "network", "Hulu")} <= facts(x)


def test_extractors_pipeline_same_title_show_and_book_are_two_entities(pipeline):
    x = extract(pipeline, "Moth Season is a Netflix series. The series is based on the book of the same name "
                          "by Ada Kwan, and there is a sequel to the novel titled Ember Hours.")
    assert {("Show", "Moth Season"), ("Book", "Moth Season"), ("Book", "Ember Hours")} <= entities(x)
    assert {("Moth Season", "basedOn", "Moth Season"), ("Moth Season", "sequel", "Ember Hours"),
            ("Moth Season", "author", "Ada Kwan")} <= facts(x)
    based = [f for f in x.facts if f.predicate == "basedOn"][0]
    assert based.subject.cls == "Show" and based.object.cls == "Book"


def test_extractors_pipeline_evidence_points_at_its_sentence(pipeline):
    text = "Intro line here.\n\nRiver Nine is an HBO series created by Lena Park."
    x = extract(pipeline, text)
    fact = next(f for f in x.facts if f.predicate == "createdBy")
    assert text[fact.evidence.start:fact.evidence.end].strip() == fact.evidence.sentence
    assert "created by Lena Park" in fact.evidence.sentence
    assert fact.evidence.extractor.startswith("lore_relations:")
    assert 0 < fact.evidence.confidence <= 1


def test_extractors_pipeline_story_relations_and_pronouns(pipeline):
    x = extract(pipeline, "Willow Park is an HBO drama series. Cassie and Ramon were having an affair. "
                          "Cassie revealed that Delia was the one who had pushed her. "
                          "Delia got away with it by framing her sister Bette.")
    got = facts(x)
    assert ("Cassie", "romantic", "Ramon") in got
    assert ("Delia", "pushed", "Cassie") in got
    assert ("Delia", "framed", "Bette") in got
    assert ("Delia", "sibling", "Bette") in got
    assert {("Willow Park", "character", c) for c in ("Cassie", "Ramon", "Delia", "Bette")} <= got
    scopes = {k.scope for k in x.entities if k.cls == "Character"}
    assert scopes == {"Willow Park"}


def test_extractors_pipeline_casting_phrasings(pipeline):
    x = extract(pipeline, "Tarn Valley is a Starz drama series. Nora Blake plays Edith Vane. "
                          "Silas Crane, played by Omar Reyes, returns. The show stars Ivy Moss as Juniper Hale.")
    got = facts(x)
    assert {("Edith Vane", "portrayedBy", "Nora Blake"), ("Silas Crane", "portrayedBy", "Omar Reyes"),
            ("Juniper Hale", "portrayedBy", "Ivy Moss")} <= got


def test_extractors_pipeline_negation_and_hedging_state_nothing(pipeline):
    x = extract(pipeline, "Dune Road is a Netflix drama series. Dune Road has not been renewed yet. "
                          "Season 2 may adapt the novel Ash Garden. It is rumoured that Dune Road was created by Tom Hale.")
    got = facts(x)
    assert ("Dune Road", "renewalStatus", "pending") in got
    assert not any(p in ("adapts", "createdBy") for _, p, _ in got)
    assert ("Dune Road", "renewalStatus", "renewed") not in got


def test_extractors_pipeline_status_with_date_and_release(pipeline):
    x = extract(pipeline, "Copper Lane is a Netflix drama series.\n\n"
                          "Official Netflix Renewal Status: Renewed (Last Updated: 22/09/2021)\n\n"
                          "March 4th, 2020 was the release date for the first season of Copper Lane.")
    status = [f for f in x.facts if f.predicate == "renewalStatus"]
    assert [(f.object, f.as_of) for f in status] == [(Literal("renewed"), "2021-09-22")]
    assert ("Copper Lane", "releaseDate", "2020-03-04") in facts(x)


def test_extractors_pipeline_season_adapts_two_books(pipeline):
    x = extract(pipeline, "Grey Tide is a BBC drama series based on the novel Gull Song. "
                          "The first season adapted both Gull Song and Salt Wife.")
    got = facts(x)
    assert {("Grey Tide season 1", "adapts", "Gull Song"), ("Grey Tide season 1", "adapts", "Salt Wife")} <= got
    season = next(k for k in x.entities if k.cls == "Season")
    assert season.number == 1 and season.scope == "Grey Tide"


def test_extractors_pipeline_boilerplate_states_no_story_facts(pipeline):
    text = ("Copper Lane Season 2\n\nby Ann Lee · Reading Time: 3 minutes\n\n"
            "Copper Lane is a Netflix drama series created by Jo March.\n\n"
            "Featured Videos - Article Continues Below...\n\n"
            "Let us know in the comments below!\n\nArticle by\n\n"
            "Ann Lee joined Streamwatch in 2019 and covers all things Netflix.")
    x = extract(pipeline, text)
    assert x.writer == "Ann Lee"
    assert ("Copper Lane", "createdBy", "Jo March") in facts(x)
    assert not any(f.subject.label == "Ann Lee" or getattr(f.object, "label", "") == "Ann Lee" for f in x.facts)


def test_extractors_pipeline_places_and_headline_words_are_not_entities(pipeline):
    x = extract(pipeline, "Typically, the show is set in Chicago. Despite that, Official Status reports vary.")
    assert not any(label in ("Chicago", "Typically", "Despite", "Official Status") for _, label in entities(x))


def test_extractors_pipeline_extract_many_matches_extract(pipeline):
    texts = ["Fen Hall is a Hulu series created by Ruth Cole.", "Moor Gate is an HBO series created by Ian Bell."]
    docs = [parse_text(t, source=f"{i}.txt") for i, t in enumerate(texts)]
    many = list(pipeline.extract_many(docs))
    assert [facts(x) for x in many] == [facts(pipeline.extract(d)) for d in docs]


def test_extractors_pipeline_series_author_reaches_the_series_books_only(pipeline):
    series = extract(pipeline, "Fen Lights is a Hulu drama series based on Ruth Cole's mystery series, "
                               "which begins with the novel Mud Angel and continues with Salt Crown.")
    got = facts(series)
    assert ("Mud Angel", "sequel", "Salt Crown") in got
    assert ("Salt Crown", "author", "Ruth Cole") in got
    inferred = [f for f in series.facts if f.object == EntityKey("Person", "Ruth Cole") and f.inferred]
    assert inferred and inferred[0].evidence.extractor == "lore_relations:series-author"
    single = extract(pipeline, "Fen Lights is a Hulu drama series. It is based on the novel Mud Angel by Ruth Cole, "
                               "and there is a sequel to the novel titled Salt Crown.")
    assert ("Salt Crown", "author", "Ruth Cole") not in facts(single)


def test_extractors_pipeline_later_status_supersedes_and_both_are_kept(pipeline):
    from rdflib import URIRef

    from kg.identity import article_iri
    from kg.rdfize import article_triples
    from kg.vocab import LORE

    doc = parse_text("Salt Marsh is a Hulu drama series.\n\n"
                     "Official Hulu Renewal Status: Pending (Last Updated: 22/09/2021)\n\n"
                     "UPDATE, March 3rd, 2023: Hulu has officially renewed Salt Marsh for a second season.",
                     source="status.txt")
    x = pipeline.extract(doc)
    statuses = sorted((f.object.value, f.as_of) for f in x.facts if f.predicate == "renewalStatus")
    assert statuses == [("pending", "2021-09-22"), ("renewed", "2023-03-03")]
    triples = article_triples(doc, x, article=article_iri(doc.source))
    current = {o for s, p, o in triples if p == LORE.renewalStatus}
    reports = [o for s, p, o in triples if p == LORE.statusReport]
    assert current == {URIRef(LORE.Renewed)} and len(reports) == 2


def test_extractors_pipeline_typos_do_not_derail_a_sentence(pipeline):
    x = extract(pipeline, "Harrow Gate is a Hulu drama series. The seires was creatd by Jonah White "
                          "and is baesd on the novel Harrow Letters by Delia Marsh.")
    got = facts(x)
    assert ("Harrow Gate", "createdBy", "Jonah White") in got
    assert ("Harrow Gate", "basedOn", "Harrow Letters") in got


def test_extractors_pipeline_ordinary_word_is_a_title_only_with_a_cue(pipeline):
    x = extract(pipeline, "Orchard Men is an HBO drama series based on the novel Bitter Fruit. "
                          "Lorna Vale followed the book with a sequel, Windfall, in 2022. Windfall season is over.")
    assert ("Book", "Windfall") in entities(x)
    assert ("Bitter Fruit", "sequel", "Windfall") in facts(x)
    y = extract(pipeline, "Orchard Men is an HBO drama series. The Windfall tax was in the news.")
    assert not any(label == "Windfall" for _, label in entities(y))


def test_extractors_pipeline_places_by_context_are_not_entities(pipeline):
    x = extract(pipeline, "Harbour Lights is a Hulu drama series. Mara Quinn plays Nell Price, "
                          "who moves to Kettlewick after the war. Nell Price arrives in Kettlewick alone.")
    assert not any(label == "Kettlewick" for _, label in entities(x))
    assert ("Nell Price", "portrayedBy", "Mara Quinn") in facts(x)


def test_extractors_pipeline_no_name_runs_into_a_date(pipeline):
    x = extract(pipeline, "Tidewater Hall renewed for a third season\n\nPublished on March 3rd, 2024 · 4 min read\n\n"
                          "Tidewater Hall is a Peacock drama series created by Oren Vale.")
    assert not [label for cls, label in entities(x) if "Published" in label or "March" in label]
    assert ("Tidewater Hall", "createdBy", "Oren Vale") in facts(x)


def test_extractors_pipeline_a_hedge_does_not_reach_across_a_clause(pipeline):
    x = extract(pipeline, "Larkspur Lane is an Apple TV+ series. Dana Holt is Mira, who trades in rumours, "
                          "while Kemal Ors plays Tobin. It is rumoured that Ines Vey plays Corra.")
    assert ("Tobin", "portrayedBy", "Kemal Ors") in facts(x)
    assert not [f for f in facts(x) if f[0] == "Corra" or f[2] == "Ines Vey"]


def test_extractors_pipeline_serves_as_creator(pipeline):
    x = extract(pipeline, "Hollow Crown Road is a Max drama. Petra Lindqvist serves as its creator and showrunner, "
                          "and the first season premiered in May.")
    assert ("Hollow Crown Road", "createdBy", "Petra Lindqvist") in facts(x)


def test_extractors_pipeline_titles_do_not_make_a_second_entity(pipeline):
    x = extract(pipeline, "Saltmarsh is an ITV crime drama. Detective Inspector Nia Roberts is played by Hana Ost. "
                          "Later, Nia Roberts clashes with Reverend Aled Pryce. Queen Maud, played by Dora Vick, rules.")
    names = {label for cls, label in entities(x) if cls in ("Character", "Person")}
    assert {"Nia Roberts", "Aled Pryce", "Queen Maud"} <= names
    assert not [n for n in names if n.startswith(("Detective", "Reverend"))]
    assert ("Nia Roberts", "portrayedBy", "Hana Ost") in facts(x)


def test_extractors_pipeline_a_commissioned_season_is_a_renewal(pipeline):
    x = extract(pipeline, "Channel 4 has commissioned a third series of Pennant Row, its gritty legal drama. "
                          "Pennant Row is a Channel 4 series created by Idris Cole.")
    assert ("Pennant Row", "renewalStatus", "renewed") in facts(x)
    assert ("Pennant Row", "network", "Channel 4") in facts(x)


def test_extractors_pipeline_played_by_after_an_apposition_naming_someone(pipeline):
    x = extract(pipeline, "Brackwater is a Sky drama. Tess Morrow, Rhian's older sister and the village vet, "
                          "is played by Lowri Ede.")
    assert ("Character", "Tess Morrow") in entities(x)
    assert ("Tess Morrow", "portrayedBy", "Lowri Ede") in facts(x)


def test_extractors_pipeline_an_ampersand_joins_one_firm(pipeline):
    x = extract(pipeline, "Quarry Bells is based on the novel Lowtide by Ffion Rees, published by Hollis & Wren in 2019.")
    labels = {label for _, label in entities(x)}
    assert "Hollis & Wren" in labels and not {"Hollis", "Wren"} & labels


def test_the_cached_text_is_the_doc_s_text(pipeline):
    from extractors.doc_model import text_of

    document = parse_text("Harrow Road returns\n\nIt  airs on ITV.\u00a0The cast returns.\n", source="t.txt")
    doc = pipeline.nlp(pipeline.make_doc(document))
    assert text_of(doc) == doc.text == document.text
