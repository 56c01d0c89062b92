"""The data the web tests share: a rule-based stand-in extractor, articles (one of them hostile),
stores built from them, and app fixtures. The web test modules import their fixtures from here;
the tests below check the data itself.
"""

from __future__ import annotations

import re

import pytest

from kg.extraction import BOOK, CHARACTER, ORGANIZATION, PERSON, SEASON, SHOW, EntityKey, Evidence, Extraction, Fact, Mention
from kg.identity import entity_iri
from kg.ingest import ingest_documents
from kg.sources import parse_text
from kg.store import open_store

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"

ARTICLE_TPT = """Tiny Pretty Things renewal news

Tiny Pretty Things is based on Tiny Pretty Things.

Tiny Pretty Things is followed by Shiny Broken Pieces.

Tiny Pretty Things streams on Netflix.

Cassie is a character in Tiny Pretty Things.

Cassie is played by Kylie Jefferson.
"""

ARTICLE_XSS = f"""{SCRIPT} and {IMG}

{IMG} is a character in Tiny Pretty Things.

{SCRIPT} is a character in Tiny Pretty Things.

Tiny Pretty Things streams on {SCRIPT} TV.
"""

# sentence pattern -> (predicate, subject class, object class); the subject is the group "s".
_RULES = [
    (re.compile(r"^(?P<s>.+?) is based on (?P<o>.+?)\.$"), "basedOn", SHOW, BOOK),
    (re.compile(r"^(?P<s>.+?) is followed by (?P<o>.+?)\.$"), "sequel", BOOK, BOOK),
    (re.compile(r"^(?P<s>.+?) streams on (?P<o>.+?)\.$"), "network", SHOW, ORGANIZATION),
    (re.compile(r"^(?P<o>.+?) is a character in (?P<s>.+?)\.$"), "character", SHOW, CHARACTER),
    (re.compile(r"^(?P<s>.+?) is played by (?P<o>.+?)\.$"), "portrayedBy", CHARACTER, PERSON),
]
SHOW_NAME = "Tiny Pretty Things"


class StoryExtractor:
    """One fact per body paragraph, by the rules above; labels may hold any character.

    Characters belong to Tiny Pretty Things. The book Tiny Pretty Things gets the alias "TPT",
    and "based on" also gives an inferred "season 1 adapts", so that pages show both kinds.
    """

    name = "web-test-rules"
    version = "1"

    def extract(self, document) -> Extraction:
        x = Extraction(pipeline=self.name, pipeline_version=self.version)
        for block in document.blocks_of("body"):
            self._paragraph(x, document.block_text(block), block.start)
        return x

    def extract_many(self, documents, batch_size: int = 16):
        return [self.extract(d) for d in documents]

    def _paragraph(self, x: Extraction, text: str, offset: int) -> None:
        for pattern, predicate, s_cls, o_cls in _RULES:
            m = pattern.match(text)
            if not m:
                continue
            s = x.add_entity(self._key(s_cls, m.group("s")), alias="TPT" if s_cls == BOOK else None)
            o = x.add_entity(self._key(o_cls, m.group("o")))
            for key, group in ((s, "s"), (o, "o")):
                x.mentions.append(Mention(key, offset + m.start(group), offset + m.end(group), m.group(group)))
            ev = Evidence(text, offset, offset + len(text), "test:rule", 0.9)
            x.facts.append(Fact(s, predicate, o, ev))
            if predicate == "basedOn":  # a rule: the first season adapts the show's book
                season = x.add_entity(EntityKey(SEASON, f"{s.label} season 1", scope=s.label, number=1))
                x.facts.append(Fact(season, "adapts", o, ev, inferred=True))

    @staticmethod
    def _key(cls: str, label: str) -> EntityKey:
        return EntityKey(cls, label, scope=SHOW_NAME) if cls == CHARACTER else EntityKey(cls, label)


def load_pipeline(model=None) -> StoryExtractor:
    return StoryExtractor()


def document(text: str, source: str):
    return parse_text(text, source=source, media_type="text/plain")


def build_store(spec: str, articles=((ARTICLE_TPT, "tpt.txt"), (ARTICLE_XSS, "hostile.txt"))):
    """A store at `spec` holding `articles` ((text, source) pairs); returns it open."""
    store = open_store(spec)
    report = ingest_documents(store, [document(t, s) for t, s in articles], StoryExtractor())
    assert report.ok, report.failures
    return store


def article_key(store, source: str) -> str:
    """The /article/<key> of the article read from `source`."""
    from kg.articles import resolve_article

    return str(resolve_article(store, source)).rsplit("/article/", 1)[1]


SHOW_IRI = entity_iri(EntityKey(SHOW, SHOW_NAME))
BOOK_1 = entity_iri(EntityKey(BOOK, SHOW_NAME))
BOOK_2 = entity_iri(EntityKey(BOOK, "Shiny Broken Pieces"))
HOSTILE_CHARACTER = entity_iri(EntityKey(CHARACTER, SCRIPT, scope=SHOW_NAME))


# --- fixtures --------------------------------------------------------------------------------


def make_app(store: str, **config):
    from web import create_app

    settings = {"TESTING": True, "STORE": store, "SECRET_KEY": "test", "EXTRACTOR": StoryExtractor(),
                "SPARQL_WORKERS": 2}
    settings.update(config)
    return create_app(settings)


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory):
    """An embedded store with both articles, built once per module (read by most tests)."""
    path = tmp_path_factory.mktemp("web") / "store"
    store = build_store(str(path))
    keys = {"tpt": article_key(store, "tpt.txt"), "hostile": article_key(store, "hostile.txt")}
    store.close()
    return {"path": str(path), "articles": keys}


@pytest.fixture(scope="module")
def app(shared_store):
    app = make_app(shared_store["path"])
    yield app
    app.extensions["lore"].close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def articles(shared_store):
    return shared_store["articles"]


# --- checks of the data ----------------------------------------------------------------------


def test_web_data_store_holds_both_articles(tmp_path):
    store = build_store("memory")
    labels = {str(r[0]) for r in store.query("SELECT ?l WHERE { ?s rdfs:label ?l }").rows}
    assert {"Tiny Pretty Things", "Shiny Broken Pieces", "Cassie", SCRIPT, IMG, f"{SCRIPT} TV"} <= labels
    assert store.query(f"ASK {{ <{BOOK_1}> lore:sequel <{BOOK_2}> }}").boolean


def test_web_data_hostile_text_is_kept_verbatim():
    store = build_store("memory")
    texts = [str(r[0]) for r in store.query("SELECT ?t WHERE { ?a lore:text ?t }").rows]
    assert any(SCRIPT in t and IMG in t for t in texts)
