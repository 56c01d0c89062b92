"""How a name's class is decided from its contexts (extractors/data/typing.json votes, the
parse's describing nouns and the NER): cases where one weak cue must not win. Sentences are our
own."""

from kg.sources import parse_text

INVENTED_COUNTRY = """<html><head><title>Netflix renews The Iron Orchard for a last season</title></head><body>
<h1>Netflix renews The Iron Orchard for a last season</h1>
<p>Netflix said on Monday that <em>The Iron Orchard</em> will return for a fourth and final season.</p>
<p>The close of Hana Sato's story will not be the close of Corvane on Netflix, however. Creator Ilse Brandt
is writing <em>The Glass Orchard</em>, a spin-off set years later.</p>
<p>The series follows Hana Sato (Mei Ito), a farmer's daughter. Long before Corvane, Hana was married to
Ken Abe (Jo Tan). The spin-off follows a girl named Rina who has grown up inside Corvane.</p>
<p>The series stars Mei Ito and Jo Tan. It streams on Netflix.</p>
</body></html>"""


def test_typing_a_place_the_story_is_set_in_is_no_show(pipeline):
    """"X on NETWORK" is a weak cue for a show; "grown up inside X" says X is a place, and a place
    is no entity: the cast stays with the show the article is about."""
    x = pipeline.extract(parse_text(INVENTED_COUNTRY, source="t.html", media_type="text/html"))
    assert "Corvane" not in {e.label for e in x.entities}
    got = {(f.subject.label, f.predicate, getattr(f.object, "label", None)) for f in x.facts}
    assert {("The Iron Orchard", "character", "Hana Sato"), ("The Iron Orchard", "network", "Netflix")} <= got
