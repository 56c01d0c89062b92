"""`lore_coref`: resolve what "the series", "the novel", "the book of the same name", "she" and
"her" refer to, place seasons and characters in their show.

Rules, not a model: a definite description takes the nearest preceding entity of its class
(the article's main show when there is none); pronouns and plural descriptions of people are
resolved by extractors/pronouns.py.

Across the document it also reads titles the names missed or mistyped where their place says
they are books (lists of titles, season tables, "book three, X", "a sequel, X"), a known
person's bare surname, "the novelist" (the nearest person the text made a writer), "the first
book" (the book the article called its series' first) and "the final season" once the article
numbers it ("its third and final season").

This module holds the component, which runs the rules in their order: the main show
(extractors/main_show.py), descriptions and "it" (extractors/anaphora.py), names read from their
place (extractors/placed_names.py), seasons and characters (extractors/show_scope.py), people
(extractors/people.py, extractors/pronouns.py).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extractors.anaphora import Anaphora
from extractors.doc_model import LoreEntity, LoreMention, text_of
from extractors.lexicons import lexicons
from extractors.main_show import main_show
from extractors.people import bare_character_names
from extractors.placed_names import book_slots, dated_titles, known_titles, season_table_books, surnames, title_lists
from extractors.pronouns import PronounResolver
from extractors.show_scope import final_season, new_season, place_characters, place_seasons


@Language.factory("lore_coref_v2", assigns=["doc._.lore_mentions", "doc._.lore_entities"], requires=["doc._.lore_entities"])
def make_coref(nlp: Language, name: str):
    return Coreference()


class Coreference:
    def __init__(self):
        self.lex = lexicons()
        self.anaphora = Anaphora(self.lex)
        self.people = PronounResolver(self.lex)

    def __call__(self, doc: Doc) -> Doc:
        ents: list[LoreEntity] = doc._.lore_entities or []
        mentions: list[LoreMention] = list(doc._.lore_mentions or [])
        main = main_show(doc, ents, mentions)
        text = text_of(doc)
        lex, anaphora = self.lex, self.anaphora
        anaphora.it_is_the_show(doc, ents, mentions, main)
        anaphora.same_name_shows(doc, text, ents, mentions)
        anaphora.same_name_books(doc, text, ents, mentions, main)
        title_lists(doc, text, ents, mentions, main, lex)
        season_table_books(doc, text, ents, mentions, main, lex)
        book_slots(doc, text, ents, mentions, main, lex)
        dated_titles(doc, text, ents, mentions, main)
        known_titles(doc, text, ents, mentions)
        surnames(doc, text, ents, mentions)
        bare_character_names(doc, text, ents, mentions, lex)
        anaphora.first_book_descriptions(doc, text, ents, mentions)
        anaphora.definite_descriptions(doc, text, ents, mentions, main)
        anaphora.writer_descriptions(doc, text, ents, mentions)
        anaphora.misspelt_descriptions(doc, ents, mentions, main)
        anaphora.unnamed_adaptations(doc, text, ents, mentions, main)
        final_season(doc, text, ents, mentions, lex)
        new_season(doc, text, ents, mentions)
        place_seasons(doc, text, ents, mentions, main)
        place_characters(doc, ents, mentions, main)
        self.people(doc, ents, mentions)
        doc._.lore_entities = ents
        doc._.lore_mentions = sorted(mentions, key=lambda m: m.start)
        return doc
