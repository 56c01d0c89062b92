"""Which network a show is made for or aired on, and which companies are not networks: read from
the parse and the article's flow. Sentences are our own."""

import pytest

from kg.sources import parse_text

BOOK = "Harbour Lights is a drama based on the novel by Chidi Okafor. "


def networks(pipeline, text: str) -> set[str]:
    x = pipeline.extract(parse_text(text, source="t.txt"))
    return {f.object.label for f in x.facts if f.predicate == "network"}


@pytest.mark.parametrize("text, expected", [
    (BOOK + "The series was made by Left Bank Pictures for ITV and PBS.", {"ITV", "PBS"}),
    (BOOK + "Left Bank Pictures made the series for ITV.", {"ITV"}),
    (BOOK + "Ana Ruiz created the show for Hulu in 2019.", {"Hulu"}),
    (BOOK + "Left Bank Pictures is producing the drama.", set()),
])
def test_networks_made_for_a_network_by_a_studio(pipeline, text, expected):
    """"Made by A for N": N commissioned the show and is its network; A, the studio that made it,
    is not one."""
    assert networks(pipeline, text) == expected


def test_networks_it_after_a_network_verb_is_the_show(pipeline):
    text = ("Ashfall is a British drama created by Tomas Reyes and produced by Granada Television, which "
            "broadcast it from March 2001 to May 2003.")
    assert networks(pipeline, text) == {"Granada Television"}


def test_networks_it_after_a_verb_is_no_show_when_a_book_was_named_last(pipeline):
    text = "Ashfall is a British drama based on the novel Low Tide by Ann Lee. Penguin Books published it in 2004."
    assert networks(pipeline, text) == set()


@pytest.mark.parametrize("text, expected", [
    (BOOK + "After streaming on Hulu, it also aired on ITV in the UK.", {"Hulu", "ITV"}),
    (BOOK + "Harbour Lights is expected on Hulu sometime in 2025.", {"Hulu"}),
])
def test_networks_in_a_participle_clause_and_an_expected_premiere(pipeline, text, expected):
    """"After streaming on N, it ...": the participle's subject is the clause's."""
    assert networks(pipeline, text) == expected


@pytest.mark.parametrize("text, expected", [
    (BOOK + "Netflix released the first season on March 3rd, 2022.", {"2022-03-03"}),
    (BOOK + "Netflix released the show on March 3rd, 2022.", {"2022-03-03"}),
    (BOOK + "Netflix released the second season on March 3rd, 2024.", set()),
])
def test_networks_a_network_released_the_show_or_its_first_season_on_a_date(pipeline, text, expected):
    """The first season's release is the show's; a later season's is not."""
    x = pipeline.extract(parse_text(text, source="t.txt"))
    assert {f.object.value for f in x.facts if f.predicate == "releaseDate" and f.subject.label == "Harbour Lights"} \
        == expected


@pytest.mark.parametrize("text, expected", [
    (BOOK + "It remains ITV's longest-running drama.", {"ITV"}),
    ("Harbour Lights is ITV's longest-running drama, created by Ann Vey.", {"ITV"}),
    # a person's drama may be the star's: no network
    (BOOK + "It is Mia Dalton's best drama yet.", set()),
])
def test_networks_a_network_s_possessive_on_the_show_noun(pipeline, text, expected):
    assert networks(pipeline, text) == expected


def test_networks_a_network_s_channel_for_a_country_is_its_own_network(pipeline):
    text = ("Tiny Kitchens is a reality series made by Lion Ridge. It has aired on Food Network Canada in Canada "
            "and on Food Network in the United States.")
    assert networks(pipeline, text) == {"Food Network Canada", "Food Network"}
    assert networks(pipeline, "Tiny Kitchens is a reality series. It airs on HBO in Canada.") == {"HBO"}


@pytest.mark.parametrize("text, expected", [
    ("Night Desk is a BBC Television quiz show for students. It has aired on BBC Four since 1995.",
     {"BBC Television", "BBC Four"}),
    ("Harbour Lights is an NBC drama made by NBC Studios.", {"NBC"}),
])
def test_networks_a_known_company_and_its_division_are_two_names(pipeline, text, expected):
    """"BBC Television", "NBC Studios": a known company followed by a division word names the
    division, not the company (and a studio that made the show is no network)."""
    assert networks(pipeline, text) == expected
