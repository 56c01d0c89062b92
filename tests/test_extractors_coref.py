"""People across sentences on invented texts: pronouns by role and gender, actors in
parentheses, plural "their", bare given names, titles' gender (extractors/pronouns.py, people.py)."""

from kg.sources import parse_text


def story(pipeline, text):
    x = pipeline.extract(parse_text(text, source="test.txt", media_type="text/plain"))
    return {(f.subject.label, f.predicate, f.object.label) for f in x.facts if hasattr(f.object, "label")}, x


def test_object_pronoun_is_not_its_verbs_subject(pipeline):
    facts, _ = story(pipeline, "Saltreach is a Netflix drama based on a novel by Ines Varga. Marguerite Olsen "
                               "distrusts Felix Harrow from the first episode. In the finale she poisoned him at the gala.")
    assert ("Marguerite Olsen", "poisoned", "Felix Harrow") in facts


def test_actor_in_parentheses_is_no_antecedent(pipeline):
    facts, _ = story(pipeline, "Saltreach is a Netflix drama. Lord Osric Vane (Daniel Pruett) dies in the pilot. "
                               "His widow, Lady Maren (Ilse Dorn), had poisoned him.")
    assert ("Lady Maren", "poisoned", "Osric Vane") in facts
    assert not any("Daniel Pruett" in (s, o) for s, p, o in facts if p != "portrayedBy")


def test_misparsed_subject_and_played_by_aside(pipeline):
    facts, _ = story(pipeline, "Saltreach is an HBO drama. When Doran Pike lunges at Edda on the pier, Wilma Crane, "
                               "played by Ros Dahl, pushed him into the sea.")
    assert ("Wilma Crane", "pushed", "Doran Pike") in facts or ("Wilma Crane", "harmed", "Doran Pike") in facts


def test_possessive_takes_previous_sentence_subject(pipeline):
    facts, _ = story(pipeline, "Saltreach is a Netflix drama. Helga Strand hides the knife, and Petra Voss never "
                               "suspects a thing. Her son, Ivo Strand, takes the blame.")
    assert ("Helga Strand", "parent", "Ivo Strand") in facts
    assert ("Petra Voss", "parent", "Ivo Strand") not in facts


def test_their_is_the_people_named_together(pipeline):
    facts, x = story(pipeline, "Saltreach is a Netflix drama. The drama follows Nell Ashby and Rowan Ashby, who inherit "
                               "a farm. Their mother, Iris Ashby, vanished years ago.")
    assert {("Iris Ashby", "parent", "Nell Ashby"), ("Iris Ashby", "parent", "Rowan Ashby")} <= facts
    assert all(k.cls == "Character" for k in x.entities if k.label == "Rowan Ashby")


def test_bare_given_name_and_title_gender(pipeline):
    facts, _ = story(pipeline, "Saltreach is a Netflix drama. Queen Sorrel rules the coast, and Brannoch is her loyal "
                               "steward. At the feast she poisoned Lord Tavish.")
    assert ("Queen Sorrel", "poisoned", "Lord Tavish") in facts


def test_the_novel_after_a_book_named_in_passing_is_the_one_the_article_keeps_naming(pipeline):
    text = ("Harbour Lights returns to ITV in May. The drama is based on Ana Ruiz's novel Harbour Lights. Harbour "
            "Lights sold well, and fans of Harbour Lights queued for days. Her first novel, Tide Road, came out three "
            "years earlier. Tom Reed adapted the novel for the screen.")
    x = pipeline.extract(parse_text(text, source="t.txt", media_type="text/plain"))
    based = {(f.subject.label, f.object.label) for f in x.facts if f.predicate == "basedOn"}
    assert based == {("Harbour Lights", "Harbour Lights")}
    assert ("Tide Road", "Ana Ruiz") in {(f.subject.label, f.object.label) for f in x.facts if f.predicate == "author"}


def test_the_novel_just_introduced_keeps_its_own_description(pipeline):
    text = ("Harbour Lights returns to ITV in May. The drama is based on Ana Ruiz's novel Harbour Lights. Harbour "
            "Lights sold well, and fans of Harbour Lights queued for days. Her latest novel, Tide Road, is out in "
            "June. The novel follows a ferry pilot.")
    x = pipeline.extract(parse_text(text, source="t.txt", media_type="text/plain"))
    tide = [m for m in x.mentions if m.text == "The novel"]
    assert tide and all(m.entity.label == "Tide Road" for m in tide)
