"""Document-level reading on small hand-written texts: book order across sentences, series
authorship, the book a season adapts, and a status a later dated statement supersedes."""

import pytest

from kg.extraction import EntityKey
from extractors.series import ordinal_value
from kg.sources import parse_text


def extract(pipeline, text, media_type="text/plain"):
    return pipeline.extract(parse_text(text, source="test.txt", media_type=media_type))


def facts(x, predicate=None):
    out = set()
    for f in x.facts:
        if predicate and f.predicate != predicate:
            continue
        obj = f.object.label if isinstance(f.object, EntityKey) else f.object.value
        out.add((f.subject.label, f.predicate, obj))
    return out


@pytest.mark.parametrize("word, n", [("first", 1), ("opening", 1), ("begins", 1), ("three", 3), ("4", 4),
                                     ("fifth", 5), ("final", None)])
def test_extractors_document_ordinal_words(word, n):
    assert ordinal_value(word) == n


def test_extractors_document_places_chain_across_sentences(pipeline):
    # "the series opens with", "X followed A with B", "book three, C", "the fourth novel, D"
    x = extract(pipeline, "Marrowgate is an HBO drama series based on the Saltmarsh novels by Petra Quill. "
                          "The saga opens with The Tallow Bride. Quill followed The Tallow Bride with The Oyster Lantern. "
                          "Book three, The Weir Keeper, darkens the tone, and the fourth novel, Brine and Bone, "
                          "ends the cycle.")
    got = facts(x, "sequel")
    assert {("The Tallow Bride", "sequel", "The Oyster Lantern"), ("The Oyster Lantern", "sequel", "The Weir Keeper"),
            ("The Weir Keeper", "sequel", "Brine and Bone")} <= got


def test_extractors_document_after_that_come(pipeline):
    x = extract(pipeline, "Glasswater is a Netflix series. Its first season adapts the first two novels, "
                          "The Glass Orchard and The Iron Lantern. "
                          "The third book is Salt Crown. After that come The Ember Gate and, finally, The Last Ferry.")
    got = facts(x, "sequel")
    assert {("The Glass Orchard", "sequel", "The Iron Lantern"), ("The Iron Lantern", "sequel", "Salt Crown"),
            ("Salt Crown", "sequel", "The Ember Gate"), ("The Ember Gate", "sequel", "The Last Ferry")} <= got


def test_extractors_document_dated_list_in_order(pipeline):
    x = extract(pipeline, "Odile Brandt wrote the novels The Copper Moth (1988), The Lamplighter (1991) and "
                          "Winter Tide (1994).")
    assert {("The Copper Moth", "sequel", "The Lamplighter"),
            ("The Lamplighter", "sequel", "Winter Tide")} <= facts(x, "sequel")


def test_extractors_document_numbered_list_of_titles(pipeline):
    text = ("# Reading the Harrowmere books\n\n"
            "Fans of Harrowmere often ask where to go next.\n\n"
            "After The Quiet Ward, the sequence continues:\n\n"
            "1. Glass Hours\n2. The Tollkeeper\n3. Night Ferries\n\n"
            "All of them are still in print.\n")
    x = extract(pipeline, text, media_type="text/markdown")
    assert {("Glass Hours", "sequel", "The Tollkeeper"), ("The Tollkeeper", "sequel", "Night Ferries")} <= facts(x, "sequel")
    assert ("Book", "Night Ferries") in {(k.cls, k.label) for k in x.entities}


def test_extractors_document_series_author_spreads_to_the_series(pipeline):
    # one sentence ties the series to its writer; the other books are laid out as that series
    x = extract(pipeline, "Kestrel Row is a BBC drama. Its first series adapted The Gull House and "
                          "The Pale Quay, the first two novels in Ines Varga's four-book run. "
                          "The third book, The Drowned Choir, comes next.")
    got = facts(x, "author")
    assert {("The Gull House", "author", "Ines Varga"), ("The Pale Quay", "author", "Ines Varga"),
            ("The Drowned Choir", "author", "Ines Varga")} <= got


def test_extractors_document_series_author_keeps_other_writers(pipeline):
    x = extract(pipeline, "The show adapts the first two novels in Ines Varga's trilogy, The Gull House and "
                          "The Pale Quay. The Harbour Wall, a novel by Tomas Ruel, is unrelated.")
    got = facts(x, "author")
    assert ("The Harbour Wall", "author", "Ines Varga") not in got


def test_extractors_document_the_novelist_and_a_bare_surname(pipeline):
    x = extract(pipeline, "Lindell Bay is a Hulu drama based on The Saltworks, the 2016 debut novel by "
                          "Maren Oduya. Oduya followed The Saltworks with Dry Harbour. "
                          "The novelist's follow-up, Dry Harbour, will shape the second season.")
    got = facts(x)
    assert ("The Saltworks", "sequel", "Dry Harbour") in got
    assert ("Dry Harbour", "author", "Maren Oduya") in got
    assert ("The Saltworks", "author", "Maren Oduya") in got


def test_extractors_document_season_source_phrasings(pipeline):
    x = extract(pipeline, "Cinder Vale is an HBO drama based on the novels by Ruth Amsel: The Ash Orchard (2001), "
                          "The Salt Road (2003) and The Iron Psalter (2006). "
                          "Season one was taken from the opening novel, The Ash Orchard. "
                          "Season 2 finishes The Ash Orchard and then moves into The Salt Road. "
                          "The third season, widely considered the show's best, is mostly The Iron Psalter.")
    got = facts(x, "adapts")
    assert {("Cinder Vale season 1", "adapts", "The Ash Orchard"), ("Cinder Vale season 2", "adapts", "The Ash Orchard"),
            ("Cinder Vale season 2", "adapts", "The Salt Road"),
            ("Cinder Vale season 3", "adapts", "The Iron Psalter")} <= got
    assert ("Cinder Vale", "basedOn", "The Ash Orchard") in facts(x, "basedOn")


def test_extractors_document_a_season_then_turns_to_part_of_a_book(pipeline):
    # "then <verb> (the rest of | much of) BOOK": the season's later book, whatever part of it
    x = extract(pipeline, "Fenmoor is a Channel 4 drama based on the novels by Ida Kross: Reed Song (2010) and "
                          "Tide Glass (2013). The second series opens on the last pages of Reed Song and then "
                          "turns to much of Tide Glass.")
    got = facts(x, "adapts")
    assert ("Fenmoor season 2", "adapts", "Tide Glass") in got


def test_extractors_document_british_series_number_is_a_season(pipeline):
    x = extract(pipeline, "Gorse Hill is a BBC drama based on the novels by Alma Reyes. "
                          "Series 2 will adapt The Pilgrim Stair, the second book.")
    assert ("Gorse Hill season 2", "adapts", "The Pilgrim Stair") in facts(x, "adapts")


def test_extractors_document_later_dated_status_supersedes(pipeline):
    x = extract(pipeline, "Published 20 August 2023.\n\n"
                          "Apple TV+ renewed Quarry Lights for a second season in February. "
                          "On Friday, August 11, 2023, Apple TV+ cancelled Quarry Lights after all.")
    # both statements stay as reports; the earlier one carries its own (earlier) date, so the
    # graph's newest status is the cancellation
    dated = {f.object.value: f.as_of for f in x.facts if f.predicate == "renewalStatus"}
    assert dated["renewed"] == "2023-02"
    assert dated["canceled"] is None or dated["canceled"] > dated["renewed"]


def test_extractors_document_wrote_all_after_a_title_list(pipeline):
    text = ("Brackenfold is a Disney+ series. The books run like this:\n\n"
            "The Moth Crown (2010), which is followed by\n\nThe Ferryman's Oath (2012), then\n\n"
            "and The Gilded Marsh (2015), which ends the saga.\n\nJuno Halloway wrote all three.\n")
    x = extract(pipeline, text)
    assert {("The Moth Crown", "sequel", "The Ferryman's Oath"),
            ("The Ferryman's Oath", "sequel", "The Gilded Marsh")} <= facts(x, "sequel")
    assert {(b, "author", "Juno Halloway") for b in ("The Moth Crown", "The Ferryman's Oath",
                                                     "The Gilded Marsh")} <= facts(x, "author")


def test_extractors_document_part_of_a_series_by_another_writer(pipeline):
    # the series' writer is stated for one book; the last books are another writer's: neither
    # writer spreads over the other's books
    x = extract(pipeline, "Edda Morrow followed The Salt King with The Glass Tower. The third book, "
                          "The Cold Reach, came next. The last two books were written by Piet Janssen: "
                          "The Long Ember, which is followed by The Ninth Harbour.")
    got = facts(x, "author")
    assert ("The Salt King", "author", "Piet Janssen") not in got
    assert ("The Glass Tower", "author", "Piet Janssen") not in got
    assert ("The Long Ember", "author", "Edda Morrow") not in got


def test_extractors_document_book_numbers_and_her_trilogy(pipeline):
    x = extract(pipeline, "Wrenfield is a Hulu series based on Mara Lindqvist's novel Wrenfield, which is book one "
                          "of her trilogy. Book two is Kestrel and book three is Merlin.")
    assert {("Wrenfield", "sequel", "Kestrel"), ("Kestrel", "sequel", "Merlin")} <= facts(x, "sequel")
    assert {("Kestrel", "author", "Mara Lindqvist"), ("Merlin", "author", "Mara Lindqvist")} <= facts(x, "author")


def test_extractors_document_the_first_book_is_the_series_opener(pipeline):
    x = extract(pipeline, "Ashcombe is adapted from The Lantern Field, the 2015 debut novel by Ilse Varda. "
                          "The series was created by Tom Reyes. Season two will be drawn from the novelist's "
                          "follow-up, The Winter Choir (2018), which opens a year after the first book.")
    got = facts(x)
    assert ("The Lantern Field", "sequel", "The Winter Choir") in got
    assert ("The Winter Choir", "author", "Ilse Varda") in got
    assert ("The Winter Choir", "author", "Tom Reyes") not in got
    assert ("Ashcombe season 2", "adapts", "The Winter Choir") in got


def test_extractors_document_season_table_source_column(pipeline):
    text = ("Fernhollow is a Syfy drama series created by Ann Vale. The series premiered in 2019.\n\n"
            "Season; Episodes; First aired; Source novel\n\n"
            "1; 10; October 3, 2019; The Lantern Key\n\n"
            "2; 8; May 1, 2021; A Murmur of Owls\n\n"
            "The third season is original.\n")
    x = extract(pipeline, text)
    got = facts(x)
    assert {("Fernhollow season 1", "adapts", "The Lantern Key"), ("Fernhollow season 2", "adapts", "A Murmur of Owls"),
            ("Fernhollow", "basedOn", "The Lantern Key")} <= got


def test_extractors_document_the_final_season_is_numbered(pipeline):
    x = extract(pipeline, "Ravensmoor is a Starz drama based on the Ravensmoor trilogy by Hedda Lorne. With its "
                          "third and final season now streaming, the show has told the whole story. "
                          "The final season adapts The Bone Orchard.")
    assert ("Ravensmoor season 3", "adapts", "The Bone Orchard") in facts(x, "adapts")


def test_extractors_document_a_writers_first_book_and_what_followed_it(pipeline):
    # "Y's first book, A, ... was followed by B": B is Y's too (an inferred fact, with that evidence)
    x = extract(pipeline, "The vet Tom Okafor wrote under a pen name. Okafor's first book, If Only We Could Swim, "
                          "was published in 1961 and was followed in 1963 by Nothing Ever Happens to a Cat.")
    got = facts(x, "author")
    assert ("Nothing Ever Happens to a Cat", "author", "Tom Okafor") in got
    inferred = [f for f in x.facts if f.predicate == "author" and f.inferred]
    assert inferred and inferred[0].evidence.extractor == "lore_relations:sequel-author"


def test_extractors_document_a_writer_reaches_along_a_sequel_chain_only_where_named(pipeline):
    x = extract(pipeline, "Edda Morrow's first novel, The Salt King, was followed by The Glass Tower. The Glass "
                          "Tower was followed by The Cold Reach. The Cold Reach was followed by The Long Ember, "
                          "a novel by Piet Janssen.")
    got = facts(x, "author")
    assert ("The Glass Tower", "author", "Edda Morrow") in got
    assert not {("The Cold Reach", "author", "Edda Morrow"), ("The Cold Reach", "author", "Piet Janssen")} & got
    assert ("The Long Ember", "author", "Edda Morrow") not in got


def test_extractors_document_season_table_header_may_qualify_its_source_word(pipeline):
    text = ("Fernhollow is a Syfy drama series created by Ann Vale. The series premiered in 2019.\n\n"
            "Season; Aired; Main source novel\n\n1; 2019; The Lantern Key\n\n2; 2021; A Murmur of Owls\n")
    assert ("Fernhollow season 2", "adapts", "A Murmur of Owls") in facts(extract(pipeline, text))


def test_extractors_document_the_new_season_is_the_one_the_headline_numbers(pipeline):
    text = ("HBO SETS JUNE DATE FOR SEASON THREE OF HARBOUR LIGHTS\n\n"
            "Harbour Lights is an HBO drama based on the Harbour novels by Ann Cole. All eight episodes arrive at "
            "once; the coming season is adapted from Ann Cole's novel Glass Tide.\n")
    assert ("Harbour Lights season 3", "adapts", "Glass Tide") in facts(extract(pipeline, text))


def test_extractors_document_the_new_season_needs_a_season_named_before_it(pipeline):
    x = extract(pipeline, "Harbour Lights is an HBO drama. The coming season is adapted from Glass Tide, and "
                          "the fourth season will take on Salt Wind.")
    assert ("Harbour Lights season 4", "adapts", "Glass Tide") not in facts(x)


def test_extractors_document_a_book_table_gives_each_title_its_author(pipeline):
    text = ("# Harbour Lights tie-in books\n\nThe show has spawned official novels:\n\n"
            "| Title | Author | Published | About |\n|---|---|---|---|\n"
            "| *Harbour Lights: Low Tide* | Ada Crane | March 2021 | A prequel set in 1990 |\n"
            "| *Harbour Lights: Salt Road* | Tom Reyes | May 2022 | The summer after season one |\n\nBoth sold well.\n")
    x = extract(pipeline, text, media_type="text/markdown")
    assert {("Harbour Lights: Low Tide", "author", "Ada Crane"),
            ("Harbour Lights: Salt Road", "author", "Tom Reyes")} <= facts(x, "author")
    assert ("Book", "Harbour Lights: Low Tide") in {(k.cls, k.label) for k in x.entities}


def test_extractors_document_a_show_table_gives_networks_and_creators_and_its_header_names_nothing(pipeline):
    text = ("# This week in TV\n\n| Series | Network | Created by | Status |\n|---|---|---|---|\n"
            "| Glass Harbour | HBO | Ada Crane and Tom Reyes | Renewed |\n| The Salt Road | Netflix | Mia Stone | Cancelled |\n")
    x = extract(pipeline, text, media_type="text/markdown")
    got = facts(x)
    assert {("Glass Harbour", "network", "HBO"), ("Glass Harbour", "createdBy", "Ada Crane"),
            ("Glass Harbour", "createdBy", "Tom Reyes"), ("The Salt Road", "createdBy", "Mia Stone")} <= got
    assert not {k.label for k in x.entities} & {"Network", "Series", "Created by"}
    row = next(f for f in x.facts if f.predicate == "network")
    assert row.evidence.sentence.startswith("Glass Harbour") and row.evidence.extractor == "lore_relations:table-row"


def test_extractors_document_a_table_without_typed_columns_says_nothing(pipeline):
    text = "| Year | Award | Result |\n|---|---|---|\n| 2019 | Golden Reel | Won |\n| 2020 | Silver Pen | Lost |\n"
    x = extract(pipeline, text, media_type="text/markdown")
    assert not [f for f in x.facts if f.predicate in ("author", "createdBy", "network")]


@pytest.mark.parametrize("text, expected", [
    ("Fen Lights is a Hulu drama based on the Fen trilogy by Ann Cole. The first novel is Salt Wife. The sequel, "
     "Glass Tide, followed in 2021, and the trilogy concludes with Winter Ferry.",
     {("Salt Wife", "sequel", "Glass Tide"), ("Glass Tide", "sequel", "Winter Ferry")}),
    ("Fen Lights is a Hulu drama. It draws on the novel Salt Wife, the opening book of Cole's trilogy, which "
     "continues with Glass Tide and closes with Winter Ferry.",
     {("Salt Wife", "sequel", "Glass Tide"), ("Glass Tide", "sequel", "Winter Ferry")}),
    # a list after "followed by" is an order
    ("The novel Salt Wife was followed by three sequels, all written by Cole: Glass Tide (1982), Winter Ferry (1987) "
     "and Iron Gulls (1997).", {("Salt Wife", "sequel", "Glass Tide"), ("Glass Tide", "sequel", "Winter Ferry"),
                                ("Winter Ferry", "sequel", "Iron Gulls")}),
])
def test_extractors_document_a_series_continues_and_closes_in_order(pipeline, text, expected):
    got = facts(extract(pipeline, text), "sequel")
    assert expected <= got
    assert not {("Salt Wife", "sequel", "Winter Ferry"), ("Salt Wife", "sequel", "Iron Gulls")} & got


def test_extractors_document_a_screen_headline_names_the_show_the_book_shares_its_title_with(pipeline):
    text = ("Gull Point and the Case for a Single Season\n\n"
            "Gull Point is still the most-searched title on our site. It is Ann Cole's second novel, published in "
            "2018. Gull Point follows Mara Vale and Tom Reyes through their years at university. Ada Crane plays "
            "Mara and Leo Grant plays Tom.\n")
    x = extract(pipeline, text)
    classes = {(k.cls, k.label) for k in x.entities}
    assert ("Show", "Gull Point") in classes
    got = facts(x)
    assert ("Gull Point", "author", "Ann Cole") in got  # its book
    assert ("Gull Point", "character", "Mara Vale") in got


def test_extractors_document_a_show_named_in_passing_gets_no_characters(pipeline):
    text = ("NIGHT FERRY IS BACK THURSDAY\n\n"
            "Night Ferry, the Netflix thriller, is back this Thursday with a second season. The series comes from Ann "
            "Cole, creator of The Harbour, who adapted Tom Hale's 2019 novel Night Ferry for the show's debut. "
            "Leo Grant is back as agent Peter Sand, and Ada Crane plays Rose Lark, his partner. Night Ferry was "
            "renewed in March.\n")
    x = extract(pipeline, text)
    got = facts(x, "character")
    assert ("Night Ferry", "character", "Peter Sand") in got
    assert not [f for f in got if f[0] == "The Harbour"]


def test_extractors_document_the_nth_novel_in_a_writers_named_series(pipeline):
    x = extract(pipeline, "Salt Throne is an HBO drama. Its second season covers Winter Harbour, the second book in "
                          "Tom Hale's Salt and Embers. Summer Harbour was succeeded by Winter Harbour, which was "
                          "succeeded by Autumn Harbour.")
    got = facts(x, "author")
    assert ("Winter Harbour", "author", "Tom Hale") in got
    assert ("Autumn Harbour", "author", "Tom Hale") in got  # the series the statement names


@pytest.mark.parametrize("part", ["the first half of", "the remainder of", "all of", "the bulk of"])
def test_extractors_document_a_season_then_moves_on_to_any_part_of_a_book(pipeline, part):
    x = extract(pipeline, "Marrowfen is an ITV drama based on the novels by Ida Kross: Reed Song (2010) and Tide "
                          f"Glass (2013). The second series closes out Reed Song and then moves on to {part} Tide Glass.")
    assert ("Marrowfen season 2", "adapts", "Tide Glass") in facts(x, "adapts")


def test_extractors_document_a_name_and_the_rest_of_a_title_stay_one_title(pipeline):
    x = extract(pipeline, "Ruth Crane and the Salt Witches is a Netflix fantasy series. Ruth Crane and the Salt "
                          "Witches premiered in 2021.")
    assert ("Show", "Ruth Crane and the Salt Witches") in {(k.cls, k.label) for k in x.entities}
    assert not {k.label for k in x.entities} & {"Ruth Crane", "Salt Witches"}


@pytest.mark.parametrize("sentence, season, book", [
    ("Season 1 of Brackwater adapts The Ferryman's Daughter.", 1, "The Ferryman's Daughter"),
    ("The first season of Brackwater adapts Lantern Row.", 1, "Lantern Row"),
    ("Season 2 of the Welsh drama Brackwater draws on Lantern Row.", 2, "Lantern Row"),
    ("Season 3 of the much-praised coastal drama Brackwater was lifted from Lantern Row.", 3, "Lantern Row"),
])
def test_extractors_document_a_season_of_a_named_show(pipeline, sentence, season, book):
    # "season N of SHOW" is the season's subject: the show inside it must not hide the season
    x = extract(pipeline, "Brackwater is a drama series based on the novels by Iona Pell. " + sentence)
    assert (f"Brackwater season {season}", "adapts", book) in facts(x, "adapts")


@pytest.mark.parametrize("seasons, numbers", [
    ("Seasons 3 and 4 adapt", (3, 4)),
    ("Seasons 3 and 4 of Brackwater adapt", (3, 4)),
    ("Seasons 2, 3 and 4 were taken from", (2, 3, 4)),
    ("Seasons 3-4 cover", (3, 4)),
    ("Seasons 3–4 cover", (3, 4)),
])
def test_extractors_document_several_seasons_share_a_book(pipeline, seasons, numbers):
    x = extract(pipeline, f"Brackwater is a drama series based on the novels by Iona Pell. {seasons} Lantern Row.")
    assert {(f"Brackwater season {n}", "adapts", "Lantern Row") for n in numbers} <= facts(x, "adapts")


def test_extractors_document_a_range_it_does_not_spell_out_names_no_season(pipeline):
    x = extract(pipeline, "Brackwater is a drama series based on the novels by Iona Pell. "
                          "Seasons 5 to 7 adapt Lantern Row.")
    assert not facts(x, "adapts")  # season 6 is meant but never written: no guess


def test_extractors_document_a_list_that_maps_seasons_to_books(pipeline):
    text = ("# How the seasons of Brackwater follow the novels\n\n"
            "Brackwater is an ITV drama based on the novels by Iona Pell.\n\n"
            "- Season 1 (2018): The Ferryman's Daughter\n"
            "- Season 2 (2020): Lantern Row\n"
            "- Seasons 3 and 4 (2021-22): Saltmarsh Requiem, split over two years\n"
            "- Season 5 (2023): threads from Harrow Light and Lantern Row\n")
    got = facts(extract(pipeline, text, "text/markdown"), "adapts")
    assert {("Brackwater season 1", "adapts", "The Ferryman's Daughter"), ("Brackwater season 2", "adapts", "Lantern Row"),
            ("Brackwater season 3", "adapts", "Saltmarsh Requiem"), ("Brackwater season 4", "adapts", "Saltmarsh Requiem"),
            ("Brackwater season 5", "adapts", "Harrow Light"), ("Brackwater season 5", "adapts", "Lantern Row")} <= got


def test_extractors_document_a_list_item_naming_people_is_no_source(pipeline):
    text = ("Brackwater is an ITV drama based on the novels by Iona Pell.\n\n"
            "- Season 1: Ada Crane joins the cast\n- Season 2: filming moved to Cardiff\n")
    assert not facts(extract(pipeline, text, "text/markdown"), "adapts")


@pytest.mark.parametrize("text", [
    "Brackwater is a drama series. Its eight episodes started streaming on Starz in March 2019.",
    "Brackwater is a drama series. Season 2 premiered on Starz in March 2021.",
    "Brackwater is the Starz drama created by Owen Hale.",
])
def test_extractors_document_a_network_through_its_episodes_or_a_season(pipeline, text):
    assert ("Brackwater", "network", "Starz") in facts(extract(pipeline, text), "network")


def test_extractors_document_a_writers_saga_began_with_a_book(pipeline):
    x = extract(pipeline, "Iona Pell grew up in Fife. Pell's saga began in 1990 with A Season of Ash. It was "
                          "followed by A Crown of Salt (1992) and A Tower of Glass (1995), then by A Harvest of "
                          "Bones (1999) and A Winter of Wolves (2004).")
    got = facts(x)
    assert {("A Season of Ash", "sequel", "A Crown of Salt"), ("A Crown of Salt", "sequel", "A Tower of Glass"),
            ("A Tower of Glass", "sequel", "A Harvest of Bones"),
            ("A Harvest of Bones", "sequel", "A Winter of Wolves")} <= got
    assert {(b, "author", "Iona Pell") for b in ("A Season of Ash", "A Crown of Salt", "A Winter of Wolves")} <= got
    assert not [f for f in got if f[1] == "sequel" and f[0] == "A Season of Ash" and f[2] != "A Crown of Salt"]


@pytest.mark.parametrize("text", [
    "Iona Pell wrote Harrow Light. It was succeeded by Lantern Row (2006), then by Saltmarsh Requiem (2009).",
    "Iona Pell's first novel was Harrow Light. Pell followed the book with Lantern Row in 2011, and then with "
    "Saltmarsh Requiem in 2015.",
])
def test_extractors_document_one_book_then_another_is_a_chain(pipeline, text):
    got = facts(extract(pipeline, text), "sequel")
    assert {("Harrow Light", "sequel", "Lantern Row"), ("Lantern Row", "sequel", "Saltmarsh Requiem")} <= got
    assert ("Harrow Light", "sequel", "Saltmarsh Requiem") not in got


def test_extractors_document_a_leading_a_tells_a_novel_from_its_show(pipeline):
    x = extract(pipeline, "Crown of Salt is an HBO drama based on A Crown of Salt, the first novel by Iona Pell. "
                          "Crown of Salt was created by Owen Hale.")
    assert {("Crown of Salt", "basedOn", "A Crown of Salt"), ("A Crown of Salt", "author", "Iona Pell"),
            ("Crown of Salt", "createdBy", "Owen Hale")} <= facts(x)


def test_extractors_document_the_network_series_is_the_main_show(pipeline):
    # a name typed a show only by its shape stands nearer; "the Starz series" is still the article's show
    x = extract(pipeline, "Brackwater is a Starz drama. Brackwater is loved. The finale does not include the "
                          "Drowned Choir, and the Drowned Choir is missed. The Starz series was created by Owen Hale.")
    got = facts(x, "createdBy")
    assert ("Brackwater", "createdBy", "Owen Hale") in got
    assert not [f for f in got if f[0] != "Brackwater"]


def test_extractors_document_a_comic_the_show_shares_its_title_with(pipeline):
    text = ("ITV GIVES MARSH LANTERN A SECOND SEASON\n\n"
            "Marsh Lantern is back on ITV next spring.\n\n"
            "Marsh Lantern is written and drawn by Welsh cartoonist Cathal Roe. Most fans read it in the four "
            "collected volumes:\n\n1. Into the Fen\n2. Salt Wives\n3. Under Glass\n4. Home Fires\n\n"
            "Roe's comic is grim. The ITV version, developed by Dana Pike, is gentler.\n")
    x = extract(pipeline, text, "text/markdown")
    got = facts(x)
    assert {("Marsh Lantern", "author", "Cathal Roe"), ("Marsh Lantern", "createdBy", "Dana Pike"),
            ("Marsh Lantern", "network", "ITV")} <= got
    assert {(v, "author", "Cathal Roe") for v in ("Into the Fen", "Salt Wives", "Under Glass", "Home Fires")} <= got
    assert {(k.cls, k.label) for k in x.entities} >= {("Show", "Marsh Lantern"), ("Book", "Marsh Lantern")}


@pytest.mark.parametrize("intro", ["Tessa Vann's novels, in order:", "The four books by Tessa Vann:"])
def test_extractors_document_a_list_introduced_with_its_writer(pipeline, intro):
    x = extract(pipeline, f"Tessa Vann lives in Hull.\n\n{intro}\n\n1. Glass Hours\n2. The Salt Clock\n", "text/markdown")
    assert {("Glass Hours", "author", "Tessa Vann"), ("The Salt Clock", "author", "Tessa Vann")} <= facts(x, "author")


def test_extractors_document_another_version_is_not_the_articles_show(pipeline):
    x = extract(pipeline, "Marsh Lantern is a Hulu drama. Like the old BBC version, it is set in Norfolk.")
    assert facts(x, "network") == {("Marsh Lantern", "network", "Hulu")}


def test_extractors_document_a_network_gives_a_show_a_season(pipeline):
    x = extract(pipeline, "ITV gave Marsh Lantern a second season in May.")
    assert {("Marsh Lantern", "network", "ITV"), ("Marsh Lantern", "renewalStatus", "renewed")} <= facts(x)


def test_extractors_document_a_show_and_a_novel_of_one_title(pipeline):
    text = ("Fen Lights returns to Channel 4 in May. The first season followed the novel closely. Fen Lights is a "
            "2016 novel by Iona Pell, who grew up in Norfolk.")
    assert ("Fen Lights", "basedOn", "Fen Lights") in facts(extract(pipeline, text), "basedOn")


@pytest.mark.parametrize("text", [
    # the article says the two share only a name
    "Fen Lights returns to Channel 4 in May. Fen Lights is also a 2016 novel by Iona Pell. It shares a title with the "
    "drama and nothing else.",
    # a "book" by the show's own creator is the show typed twice
    "Fen Lights is a Channel 4 drama created by Iona Pell. Fen Lights was written by Iona Pell.",
])
def test_extractors_document_one_title_is_not_always_an_adaptation(pipeline, text):
    assert ("Fen Lights", "basedOn", "Fen Lights") not in facts(extract(pipeline, text), "basedOn")


def test_extractors_document_the_creator_of_another_show_who_adapted_a_novel(pipeline):
    x = extract(pipeline, "Fen Lights is a Channel 4 drama. The series comes from Iona Pell, creator of Harrow Road, "
                          "who adapted Tom Reed's 2017 novel Fen Lights for the show's spring debut.")
    got = facts(x)
    assert {("Fen Lights", "basedOn", "Fen Lights"), ("Fen Lights", "createdBy", "Iona Pell")} <= got
    assert not [f for f in got if f[0] == "Harrow Road" and f[1] == "basedOn"]


def test_extractors_document_a_sentence_opening_surname_owns_his_debut(pipeline):
    x = extract(pipeline, "Tom Reed is a crime writer. Reed introduced Inspector Alys Fenwick in his 2004 debut novel, "
                          "The Drowned Mill, and the Fenwick books still sell.")
    got = facts(x, "author")
    assert ("The Drowned Mill", "author", "Tom Reed") in got
    assert not [f for f in got if f[2] == "Alys Fenwick"]


def test_extractors_document_a_season_woven_from_a_selection_of_books(pipeline):
    x = extract(pipeline, "Harrowgate is a Starz drama based on Iona Pell's novels. Its opening season, which debuted "
                          "on Starz in May 2016, stitched together material from three Pell books: Salt Road (2002), "
                          "The Drowned Mill (2006) and Lantern Row (1994).")
    got = facts(x)
    assert {("Harrowgate season 1", "adapts", b) for b in ("Salt Road", "The Drowned Mill", "Lantern Row")} <= got
    assert not facts(x, "sequel")  # years out of order: a selection, not the series' order


def test_extractors_document_two_titles_announced_are_split(pipeline):
    x = extract(pipeline, "Harrowgate is a Starz drama based on Iona Pell's novels. The first season combined plots "
                          "from two Pell novels: Salt Road and Lantern Row.")
    assert {("Harrowgate season 1", "adapts", "Salt Road"), ("Harrowgate season 1", "adapts", "Lantern Row")} <= facts(x)


def test_extractors_document_italics_mark_whole_titles(pipeline):
    text = ("# 7 Things to Know About *Salt, Sea and Sorrow* Before Series 2\n\n"
            "The show is based on **Iona Pell**'s debut novel, *Salt, Sea and Sorrow*. Pell followed it with "
            "*Winter, Wolves* in 2020. Series 2 will adapt *Winter, Wolves*. The book is *Never* dull.\n\n"
            "Pell's *Gull Island* novels sold well.\n")
    x = extract(pipeline, text, "text/markdown")
    labels = {(k.cls, k.label) for k in x.entities}
    assert {("Book", "Salt, Sea and Sorrow"), ("Book", "Winter, Wolves"), ("Book", "Gull Island"),
            ("Person", "Iona Pell")} <= labels
    assert not {lab for _, lab in labels} & {"Salt", "Winter", "Wolves", "Never"}
    got = facts(x)
    assert {("Salt, Sea and Sorrow", "author", "Iona Pell"), ("Salt, Sea and Sorrow", "sequel", "Winter, Wolves"),
            ("Gull Island", "author", "Iona Pell")} <= got


def test_extractors_document_its_sequel_follows_the_book_named_in_its_sentence(pipeline):
    x = extract(pipeline, "Harrowgate is based on Iona Pell's novels. Pell also wrote The Brine Letters. The first "
                          "season adapted the opening book, Salt Road, and the second adapted its sequel, Lantern Row.")
    got = facts(x, "sequel")
    assert ("Salt Road", "sequel", "Lantern Row") in got
    assert ("The Brine Letters", "sequel", "Lantern Row") not in got


@pytest.mark.parametrize("title, episode", [
    ("Friends of Anna K.", "Friends of Anna K."),
    ("Why We Sail (Harbor Lane)", "Why We Sail"),  # an encyclopedia title's disambiguation, a clausal title
])
def test_extractors_document_it_after_an_episode_is_the_episode(pipeline, title, episode):
    text = (f'{title}\n\n" {episode} " is episode six in series three of Harbor Lane, a cartoon sitcom about '
            'lighthouse keepers. It premiered on Fox on 3 March 2012, with a script by Tom Reed.\n')
    got = facts(extract(pipeline, text))
    assert (episode, "network", "Fox") in got
    assert ("Harbor Lane", "network", "Fox") not in got


def test_extractors_document_seasons_belong_to_the_show_not_a_stray_title(pipeline):
    # "The Merrow Tide" is named twice with no cue at all (a show by its shape alone): the season
    # named after it is still the season of the show the article types as one
    x = extract(pipeline, "Harrowgate is an ITV drama based on Iona Pell's novels. Fans still argue about The Merrow "
                          "Tide. The Merrow Tide has its defenders. The first season adapted Salt Road.")
    assert facts(x, "adapts") == {("Harrowgate season 1", "adapts", "Salt Road")}


def test_extractors_document_a_show_named_only_in_its_headline(pipeline):
    text = ("# What to Expect From *Percy Vane and the Tide Kings* Season 2\n\n"
            "Percy Vane is back. Season 1 adapted *The Drowned Crown*. Season 2 adapts *The Salt Throne*, the second "
            "book. Disney+ renewed the show in May.\n\n*Ada Lee is our television editor.*\n")
    x = extract(pipeline, text, "text/markdown")
    got = facts(x)
    assert {("Percy Vane and the Tide Kings season 2", "adapts", "The Salt Throne"),
            ("Percy Vane and the Tide Kings", "renewalStatus", "renewed")} <= got
    assert ("Show", "Percy Vane and the Tide Kings") in {(k.cls, k.label) for k in x.entities}
    assert "Ada Lee is our television editor." not in {k.label for k in x.entities}


def test_extractors_document_two_italic_titles_in_one_run_of_capitals(pipeline):
    text = "Harrowgate is an ITV drama. Its second season adapts Iona Pell's *Salt Road* and *Tidewater Hymn* together.\n"
    labels = {k.label for k in extract(pipeline, text, "text/markdown").entities}
    # one run of capitals ("Iona Pell's Salt Road and Tidewater Hymn") cut by two titles: the owner stays,
    # no piece between the titles ("... and") is left as a name
    assert {"Tidewater Hymn", "Iona Pell"} <= labels
    assert not [lab for lab in labels if lab.endswith(" and") or lab.startswith("and ") or "Pell's" in lab]


@pytest.mark.parametrize("text", [
    # "it" after the colon is the book the sentence opened with; "C completes the sequence" follows B
    "Salt Ledger is a 1935 novel by Ruth Okoro. It is the first book of a loose trilogy by Okoro: Glass Tide "
    "(1937) follows it, and Iron Bell (1945) completes the sequence.",
    "Salt Ledger is the first book of a trilogy by Ruth Okoro: Glass Tide (1937) follows it, and Iron Bell "
    "(1945) closes the cycle.",
    # "with A in 2014 and B in 2016": the parser joins B to the year
    "Harbour Lights is an ITV drama based on Salt Ledger by Ruth Okoro. Okoro followed it with Glass Tide in 2014 "
    "and Iron Bell in 2016.",
])
def test_extractors_document_three_books_in_order_by_one_writer(pipeline, text):
    got = facts(extract(pipeline, text))
    assert {("Salt Ledger", "sequel", "Glass Tide"), ("Glass Tide", "sequel", "Iron Bell"),
            ("Iron Bell", "author", "Ruth Okoro")} <= got


def test_extractors_document_her_memoir_is_the_book_named_before(pipeline):
    got = facts(extract(pipeline, "Salt Ledger is a memoir by Ruth Okoro. Okoro followed her memoir in 2016 with a "
                                  "second volume, Glass Tide, which the show also used."), "sequel")
    assert got == {("Salt Ledger", "sequel", "Glass Tide")}


def test_extractors_document_a_page_about_a_novel_is_not_about_its_adaptation(pipeline):
    # titled with the book's name and never speaking of the screen: no show, no show's character;
    # and the title in brackets after the name is the work's other title, not an actor
    text = ("Vesperine\n\nVesperine (Evening Song) is the final novel by the Belgian author Maurice Delvaux, first "
            "published in 1911. It closes Delvaux's trilogy of novels about the painter Armand Lecq. In Vesperine, "
            "Lecq goes home to Ostend and paints nothing at all.")
    x = extract(pipeline, text)
    assert ("Book", "Vesperine") in {(k.cls, k.label) for k in x.entities}
    assert not [k for k in x.entities if k.cls in ("Show", "Person") and k.label in ("Vesperine", "Evening Song")]
    assert not facts(x, "character")
    assert ("Vesperine", "author", "Maurice Delvaux") in facts(x, "author")


def test_extractors_document_a_page_titled_with_a_novel_that_a_network_adapts(pipeline):
    text = "Vesperine\n\nVesperine is a 2011 novel by Maurice Delvaux. ITV has the rights to Vesperine."
    assert ("Show", "Vesperine") in {(k.cls, k.label) for k in extract(pipeline, text).entities}


def test_extractors_document_an_unnamed_show_of_the_same_name_is_the_book_s_adaptation(pipeline):
    text = ("Glass Hours is a 1994 novel by the Welsh writer Iona Pell. It follows two sisters in Cardiff. A "
            "television miniseries of the same name as the book, directed by Tom Reed, was broadcast by the Welsh "
            "Broadcasting Service (WBS) in 2009.")
    got = facts(extract(pipeline, text))
    assert {("Glass Hours", "basedOn", "Glass Hours"), ("Glass Hours", "network", "Welsh Broadcasting Service"),
            ("Glass Hours", "author", "Iona Pell")} <= got
    assert not [f for f in got if f[2] in ("WBS", "Tom Reed") and f[1] in ("character", "author", "portrayedBy")]


def test_extractors_document_a_book_adapted_into_an_unnamed_series_which_aired_on_a_network(pipeline):
    text = ("Salt Wives is a Japanese manga series written and illustrated by Aiko Mori. The manga was adapted into a "
            "24-episode anime television series produced by the studio Kestrel and directed by Ken Abe, which aired "
            "on Tokyo Broadcasting System from April 2012.")
    got = facts(extract(pipeline, text))
    assert {("Salt Wives", "basedOn", "Salt Wives"), ("Salt Wives", "network", "Tokyo Broadcasting System")} <= got
    assert not [f for f in got if f[0] == "Ken Abe"]


def test_extractors_document_a_book_series_of_the_same_name_is_no_show(pipeline):
    text = ("Harrow Road returns to Hulu in May. Developed by Ana Ruiz, it is based on Tom Reed's comic book series "
            "of the same name, first published in 1999.")
    x = extract(pipeline, text)
    got = facts(x)
    assert ("Harrow Road", "basedOn", "Harrow Road") in got
    assert [k.label for k in x.entities if k.cls == "Show"] == ["Harrow Road"]


def test_extractors_document_what_the_text_says_of_the_book_is_not_the_show_s(pipeline):
    text = ("Marsh Lantern is a comic strip by Cathal Roe. Distributed by the Harbour Features Syndicate, the strip ran "
            "in 300 newspapers. An animated television series of the same name premiered on ITV in 2015.")
    got = facts(extract(pipeline, text), "network")
    assert got == {("Marsh Lantern", "network", "ITV")}


def test_extractors_document_titles_that_open_with_a_year_keep_their_order(pipeline):
    # the year inside each title is no date of the graph; the sequels listed after a colon are a
    # chain, not two sequels of the first book
    text = ("The novel 1919: A Winter Crossing was published in 1962. It was followed by two sequels, both written "
            "by Ada Frost: 1921: The Thaw (1966) and 1925: First Light (1970).")
    got = facts(extract(pipeline, text), "sequel")
    assert got == {("1919: A Winter Crossing", "sequel", "1921: The Thaw"),
                   ("1921: The Thaw", "sequel", "1925: First Light")}


@pytest.mark.parametrize("text, date", [
    ("Harrow Road is a British drama. It aired on ITV from March 2004 to May 2006.", "2004-03"),
    ("Harrow Road is a British drama produced by Tern Films, which broadcast it from October 25, 1999, to May 8, 2001.",
     "1999-10-25"),
])
def test_extractors_document_a_run_from_a_date_starts_on_it(pipeline, text, date):
    assert ("Harrow Road", "releaseDate", date) in facts(extract(pipeline, text), "releaseDate")


def test_extractors_document_a_strip_s_run_in_newspapers_is_no_show_s_release(pipeline):
    text = ("Marsh Lantern is a comic strip drawn by Cathal Roe, which ran in newspapers from May 3, 1990, until 2004. "
            "An animated television series of the same name premiered on ITV in 2015.")
    assert facts(extract(pipeline, text), "releaseDate") == {("Marsh Lantern", "releaseDate", "2015")}


def test_extractors_document_an_earlier_adaptation_of_the_same_name_is_not_the_new_show(pipeline):
    text = ("Glass Hours returns to Hulu in May. The drama is based on Iona Pell's novel Glass Hours. The novel was "
            "first adapted as a BBC television serial of the same name in 1985, which aired on BBC One.")
    assert ("Glass Hours", "network", "BBC One") not in facts(extract(pipeline, text), "network")


def test_extractors_document_a_stream_from_a_year_is_no_premiere(pipeline):
    text = "Glass Hours is a British drama that aired on ITV in 2009. Netflix streamed it from 2019."
    assert ("Glass Hours", "releaseDate", "2019") not in facts(extract(pipeline, text), "releaseDate")
