"""kg/text.py: the one place names are keyed (extraction, evaluation, question linking) and
questions and pattern words are read."""

import pytest

from kg.text import fold, label_key, name_key, plain_word, spaced


def test_text_label_key_is_the_comparison_form_of_names():
    assert label_key("The  Summer I Turned Pretty!") == "summer i turned pretty"
    assert label_key("summer i turned pretty") == "summer i turned pretty"
    assert label_key("Grey’s Anatomy") == "grey's anatomy"
    assert label_key("Grey`s Anatomy") == "grey's anatomy"  # one apostrophe table for every reader
    assert label_key("Law & Order: SVU") == "law & order svu"
    assert label_key("ＡＢＣ") == "abc"  # NFKC folds full-width letters
    assert label_key("STRASSE") == label_key("straße")  # casefold
    assert label_key("An Officer and a Spy") == "officer and a spy"
    assert label_key("The") == "the"  # nothing follows: kept
    assert label_key("Love 💕 Island") == "love island"
    assert label_key("Apple TV+") == "apple tv+"  # a name's own symbol stays


@pytest.mark.parametrize("a, b", [
    ("The Crown's", "crown"),
    ("Apple TV+", "apple tv"),
    ("“Bridgerton”", "Bridgerton"),
    ("Zoë’s", "zoë"),
])
def test_text_name_key_is_looser_for_grouping_mentions(a, b):
    assert name_key(a) == name_key(b)


def test_text_spaced_keeps_case_and_fold_drops_diacritics():
    assert spaced("Who plays “Zoë” in Grey’s Anatomy?!") == "Who plays Zoë in Grey's Anatomy"
    assert fold("Zoë Kravitz, Tomás") == "Zoe Kravitz, Tomas"
    assert plain_word("Creator’s") == "creator's" and plain_word("—") == "-"


def test_text_the_evaluator_the_ask_linker_and_the_extractor_share_it():
    """No second apostrophe table or label normaliser left in the modules that once had one."""
    import inspect

    import kg.ask.parser
    import kg.evaluate.gold
    import kg.identity

    from extractors import skeleton

    for module in (kg.ask.parser, kg.evaluate.gold, kg.identity, skeleton):
        source = inspect.getsource(module)
        assert "\\u2019" not in source and "’" not in source.replace("# ", ""), module.__name__
