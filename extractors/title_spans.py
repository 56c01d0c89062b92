"""Where titles begin and end, beyond the capitalisation rules: a title given whole once (as the
page's own heading, in a defining sentence or in italics) is one whole candidate wherever the text
repeats it (and so is the page's site name); a title runs on across its subtitle's colon and, where the
context names a work, through the small words of title case; a candidate is two titles where
"and" or "with" joins two known ones or the parse hangs its small word outside it. Used by
`lore_entities` (extractors/entities.py)."""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.tokens import Doc

from extractors.candidates import Candidate, is_capitalised
from extractors.doc_model import DEFINED_TITLE, block_kind_at, sentence_bounds, text_of
from kg.text import name_key

MAX_TITLE_WORDS = 9


def keep_title_whole(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """A document titled with a name ("Swami and Friends", "2001: A Space Odyssey", an
    encyclopedia entry) names it whole wherever the body repeats the title verbatim: the
    candidates inside each repetition become one."""
    text = text_of(doc)
    # (an encyclopedia title's own disambiguation is no part of the name: "X (TV series)")
    titles = [re.sub(r"\s*\([^()]*\)$", "", text[s:e].strip()).strip("‘’'\"“”")
              for s, e, kind in (doc._.lore_blocks or []) if kind == "title"]
    # a question or exclamation that a sentence defines ("Are You There, Mr Fox? is a 1970 novel")
    # is a title, wherever it stands
    starts = {start for start, _ in sentence_bounds(doc)}
    defined = [m.group(1) for m in DEFINED_TITLE.finditer(text) if m.start() in starts]
    titles += defined
    out = cands
    for title in dict.fromkeys(titles):
        words = title.split()
        if not (1 < len(words) <= MAX_TITLE_WORDS) or not is_capitalised(title) or "|" in title or (
                title[-1:] in "?!" and title not in defined):
            continue  # a headline that asks a question names nothing, unless the body defines it
        out = _whole_wherever(doc, out, title, re.compile(r"(?<!\w)" + re.escape(title) + r"(?![\w?!])"),
                              blocks=("body",))
    return out


def _whole_wherever(doc: Doc, cands: list[Candidate], name: str, rx: re.Pattern, *,
                    blocks: tuple[str, ...] | None = None, org: str | None = None) -> list[Candidate]:
    """Each match of `rx` (in `blocks`, else anywhere) becomes one candidate named `name` in place
    of the candidates inside it, unless a longer name runs across its edge."""
    text = text_of(doc)
    out = cands
    for m in rx.finditer(text):
        kind = block_kind_at(doc, m.start())
        if blocks is not None and kind not in blocks:
            continue
        inside = [c for c in out if m.start() <= c.start and c.end <= m.end()]
        if any(c.start < m.end() and m.start() < c.end for c in out if c not in inside):
            continue  # part of a longer name
        whole = Candidate(m.start(), m.end(), name, kind, inside[0].sent_start if inside else False,
                          org=org, whole=True)
        whole.model_kind = next((c.model_kind for c in inside if c.model_kind), None)
        out = sorted([c for c in out if c not in inside] + [whole], key=lambda c: c.start)
    return out


def keep_site_whole(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """The publication the page names in its markup or byline ("Streamline Report") is an
    organisation wherever the text names it whole ("Hannah joined Streamline Report in 2019"),
    one candidate in place of the pieces the capitalisation rules made of it."""
    site = (doc.user_data.get("lore_site") or "").strip()
    if not site or not is_capitalised(site) or len(site.split()) > MAX_TITLE_WORDS:
        return cands
    return _whole_wherever(doc, cands, site, re.compile(r"(?<![\w'’])" + re.escape(site) + r"(?![\w'’])"), org=site)


# "Salt Marsh: A Year on the Estuary", "2001: A Space Odyssey", "X: A Town, a Team, and a Dream":
# a name or a number, a colon, and a subtitle of capitalised words joined by the small words of titles
_SMALL_WORDS = ("and", "or", "of", "the", "a", "an", "in", "on", "to", "for", "at", "with", "from")
_SMALL = "(?:" + "|".join(_SMALL_WORDS) + ")"
_TRAILING_SMALL = tuple(f" {w}" for w in _SMALL_WORDS)
_SUBTITLE = re.compile(r"[A-Z0-9][\w'’&-]*(?:(?:,? (?:" + _SMALL + r" )*| & )[A-Z][\w'’-]*(?!\w*:))*")
_NUMBER_BEFORE = re.compile(r"(?<![\w.,])(\d{1,4})$")
_NOT_BEFORE_A_NUMBER_TITLE = {"in", "by", "since", "from", "until", "of", "to", "on", "at", "after", "before", "around"}
MAX_COLON_TITLE_WORDS = 14
# what follows a title its sentence defines: an optional bracket, then "is a", "was an", "is the"
_DEFINES = re.compile(r"(?: \([^()\n]{0,120}\))?,? (?:is|was|are|were) (?:a|an|the)\b")


def join_colon_titles(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """A title with a subtitle after a colon is one name: the name (or number) before the colon
    and the capitalised run after it. Not at a sentence's or line's start, where a colon ends a
    label ("Cast: Ada Moss", "Update: ..."), except for a number ("2001: A Space Odyssey is ...")."""
    text = text_of(doc)
    starts = {start for start, _ in sentence_bounds(doc)}
    ordered = sorted(cands, key=lambda c: c.start)
    cand_starts = [c.start for c in ordered]
    by_end = {c.end: c for c in ordered}
    joined: set[int] = set()  # ids of the candidates inside a joined title
    titles: list[Candidate] = []
    last_end = -1
    for m in re.finditer(r"(?<=\S): (?=[A-Z0-9])", text):
        head = by_end.get(m.start())
        if head is not None:
            begin = head.start
            # a label opens its sentence, line or bracket ("Cast:", "(Hepburn: ...)"), a speaker's
            # name is in capitals ("MARGIN: ..."), and a list may follow its writer ("a trilogy by Y: A, B")
            at_start = begin in starts or text[max(0, begin - 1):begin] in ("\n", "(") or head.text.isupper() or \
                text[max(0, begin - 3):begin] == "by "
        else:
            number = _NUMBER_BEFORE.search(text, max(0, m.start() - 5), m.start())
            if number is None:
                continue
            begin = number.start(1)
            before = text[max(0, begin - 12):begin].split()
            at_start = False
            if before and before[-1].lower() in _NOT_BEFORE_A_NUMBER_TITLE:
                continue  # "in 2012: ..." is a date
        sub = _SUBTITLE.match(text, m.end())
        if at_start and head is not None and sub is not None and begin in starts and len(head.text.split()) > 1 \
                and not head.text.isupper() and _DEFINES.match(text, sub.end()):
            at_start = False  # "Star Lanes: Outpost (SL: O) is a series ...": a title the sentence defines
        if at_start or sub is None or begin < last_end or block_kind_at(doc, begin) != "body" or (
                head is None and " " not in sub.group()):  # "2023: Hulu renewed it" is a date's note
            continue
        end = sub.end()
        while text[max(0, end - 6):end].lower().endswith(_TRAILING_SMALL):  # "Index: The" ends before "The"
            end = text.rindex(" ", 0, end)
        if end <= m.end():
            continue
        whole_text = text[begin:end]
        if len(whole_text.split()) > MAX_COLON_TITLE_WORDS or (head is not None and head.org):
            continue
        near = _overlapping(ordered, cand_starts, begin, end)
        inside = [c for c in near if begin <= c.start and c.end <= end]
        if len(inside) != len(near) or not inside:
            continue
        whole = Candidate(begin, end, whole_text, "body", min(inside, key=lambda c: c.start).sent_start, whole=True)
        whole.model_kind = next((c.model_kind for c in inside if c.model_kind), None)
        titles.append(whole)
        joined.update(id(c) for c in inside)
        last_end = end
    if not titles:
        return cands
    return sorted([c for c in ordered if id(c) not in joined] + titles, key=lambda c: c.start)


LONGEST_CANDIDATE = 400  # characters: a name or table cell never runs longer (bounds the look-back)


def _overlapping(ordered: list[Candidate], starts: list[int], begin: int, end: int) -> list[Candidate]:
    """The candidates (sorted by start, `starts` their starts) that overlap [begin, end), found by
    bisection: no scan of the whole list per span."""
    out = []
    for k in range(bisect_left(starts, end) - 1, -1, -1):
        c = ordered[k]
        if c.start < begin - LONGEST_CANDIDATE:
            break
        if c.end > begin:
            out.append(c)
    return out


def keep_marked_titles(doc: Doc, cands: list[Candidate], is_common) -> list[Candidate]:
    """What the article sets in italics ("*Good Girl, Bad Blood*", "<em>In Captivity</em>") is a
    title, one whole candidate in place of the pieces the capitalisation rules made of it; a
    title of two words or more is one wherever the article repeats it. Only title-shaped
    stretches: capitalised, at most MAX_TITLE_WORDS words, no sentence inside, not one ordinary
    word ("*Never* again")."""
    text = text_of(doc)
    spans: set[tuple[int, int]] = set()
    for start, end in doc.user_data.get("lore_marked") or ():
        phrase = text[start:end]
        trimmed = phrase.strip("‘’'\"“”,;: ")
        start += phrase.index(trimmed) if trimmed else 0
        end = start + len(trimmed)
        words = trimmed.split()
        if not words or len(words) > MAX_TITLE_WORDS or not is_capitalised(trimmed) \
                or re.search(r"[.!?|:;]\s|[!?|]$", trimmed) or (len(words) == 1 and is_common(trimmed.lower())) \
                or (trimmed.endswith(".") and len(words) >= 4):  # an italic sentence ("X is our books editor.")
            continue
        spans.add((start, end))
        if len(words) > 1:
            spans.update((m.start(), m.end()) for m in re.finditer(r"(?<!\w)" + re.escape(trimmed) + r"(?!\w)", text))
    ordered = sorted(cands, key=lambda c: c.start)
    starts = [c.start for c in ordered]
    covered: dict[int, tuple[Candidate, list[tuple[int, int]]]] = {}  # candidate -> the titles cut from it
    added: list[Candidate] = []
    last_end = -1
    for start, end in sorted(spans):  # one pass: overlaps found by bisection, not by a scan per span
        if start < last_end:
            continue  # inside the italic title just taken
        overlapping = _overlapping(ordered, starts, start, end)
        kind = block_kind_at(doc, start)
        if kind == "boilerplate" or any(c.whole for c in overlapping) or \
                any(c.org and (c.start < start or c.end > end) for c in overlapping):
            continue  # a known network around it ("the *Netflix* show") stays
        whole = Candidate(start, end, text[start:end], kind, any(c.sent_start for c in overlapping), whole=True)
        whole.model_kind = next((c.model_kind for c in overlapping if c.model_kind), None)
        added.append(whole)
        for c in overlapping:
            covered.setdefault(id(c), (c, []))[1].append((start, end))
        last_end = end
    for c, cuts in covered.values():  # what is left of a candidate outside its titles: "Y's *Title*": Y
        edges = [c.start] + [x for cut in sorted(cuts) for x in cut] + [c.end]
        added += [p for a, b in zip(edges[::2], edges[1::2]) if a < b and (p := _part(text, c, a, b))]
    return sorted([c for c in ordered if id(c) not in covered] + added, key=lambda c: c.start)


def _part(text: str, c: Candidate, start: int, end: int) -> Candidate | None:
    """What is left of candidate `c` in text[start:end], without a possessive: a name or None."""
    piece = text[start:end]
    core = re.sub(r"(?:['’]s)?[\s,;:]*$", "", piece.lstrip(" ,;:"))
    if not core or not is_capitalised(core):
        return None
    s = start + piece.index(core)
    return Candidate(s, s + len(core), core, c.block, c.sent_start and s == c.start)


def split_known(c: Candidate, trusted: set[str], doc: Doc) -> list[Candidate]:
    """"Gull Song and Salt Wife" ("Gull Song with Salt Wife") is two titles when one of them is named alone elsewhere, or
    when "both" or "two" announces two; the split falls at the "and" that leaves a known title whole
    ("both Siege and Storm and Ruin and Rising")."""
    if c.whole or c.org or (" and " not in c.text and " with " not in c.text):
        return [c]
    # "Ruth Crane and the Salt Witches", "Interview with the Vampire": one title
    cuts = [(i, len(w)) for w in (" and ", " with ") for i in range(len(c.text)) if c.text.startswith(w, i)
            and not c.text.startswith(tuple(w + a for a in ("the ", "a ", "an ")), i)]
    if not cuts:
        return [c]
    known = [(i, n) for i, n in cuts
             if name_key(c.text[:i]) in trusted or name_key(c.text[i + n:]) in trusted]
    ands = [(i, n) for i, n in cuts if n == 5]
    before = text_of(doc)[max(0, c.start - 60):c.start]
    # "both A and B", "two novels: A and B": two titles announced
    both = before.strip().lower().endswith("both") or re.search(r"\b(?:two|pair of)\b[^.;:]{0,40}[:,]\s*$", before, re.I)
    if known:
        cut, n = min(known)
    elif both and ands:
        cut, n = ands[len(ands) // 2]
    else:
        return [c]
    left, right = c.text[:cut], c.text[cut + n:]
    r_start = c.start + cut + n
    return [Candidate(c.start, c.start + len(left), left, c.block, c.sent_start),
            Candidate(r_start, c.end, right, c.block, False)]


SPLIT_WORDS = {"with", "and", "or", "from", "in", "at", "to", "by", "for", "on"}


def split_by_parse(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """"Salt Road with Night Boats" in "Hale followed Salt Road with Night Boats" is two names:
    a small connecting word inside a candidate that the parse hangs on a verb outside the
    candidate ends one name and begins another ("Dances with Wolves" keeps its "with", which
    hangs inside)."""
    if not doc.has_annotation("DEP"):
        return cands

    def cut_of(c: Candidate):
        span = doc.char_span(c.start, c.end, alignment_mode="expand")
        if span is not None and not c.org and not c.whole:
            for tok in span[1:-1]:
                head = tok.head
                if tok.lower_ in SPLIT_WORDS and not (span.start <= head.i < span.end) and head.pos_ in ("VERB", "AUX"):
                    return tok
        return None
    cuts = {id(c): cut_of(c) for c in cands}
    # a name the parse leaves whole elsewhere in the article stays whole here too
    whole_elsewhere = {c.text for c in cands if cuts[id(c)] is None}
    out = []
    for c in cands:
        cut = cuts[id(c)]
        if cut is None or c.text in whole_elsewhere:
            out.append(c)
            continue
        left_end, right_start = cut.idx - 1, cut.idx + len(cut.text) + 1
        left, right = text_of(doc)[c.start:left_end], text_of(doc)[right_start:c.end]
        if is_capitalised(left) and is_capitalised(right):
            out += [Candidate(c.start, left_end, left, c.block, c.sent_start), Candidate(right_start, c.end, right, c.block)]
        else:
            out.append(c)
    return out


# small words a title runs through; not "and"/"or", which join two titles ("adapted A and B")
TITLE_SMALL = {"to", "of", "in", "on", "for", "with", "from", "at", "a", "an", "the", "into", "upon"}
WORK_CUES = {"'s", "’s", "title", "call", "name", "entitle", "adapt", "novel", "book", "memoir", "sequel", "prequel",
             "volume", "debut", "bestseller", "collection", "follow-up", "installment", "instalment"}


def extend_titles(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """"the novel A Quiet Girl's Guide to Sailing", "Hale's It Never Rains in Tenby": where the
    context names a work, a name runs on through title case ("to Sailing", "in Tenby") that the
    capitalisation rules end at a small word. Stops at a date and at anything not in title case."""
    text = text_of(doc)
    out = []
    skip_until = -1
    for c in cands:
        if c.start < skip_until:
            continue
        span = doc.char_span(c.start, c.end, alignment_mode="expand")
        if span is None or c.org or not _work_context(doc, span.start):
            out.append(c)
            continue
        end, j = span.end, span.end
        while j + 1 < len(doc) and doc[j].lower_ in TITLE_SMALL and doc[j].text.islower():
            k = j + 1
            while k < len(doc) and doc[k].lower_ in TITLE_SMALL and doc[k].text.islower():
                k += 1
            if k >= len(doc) or not doc[k].text[:1].isupper() or doc[k].ent_type_ in ("DATE", "TIME"):
                break
            while k < len(doc) and doc[k].text[:1].isupper() and doc[k].ent_type_ not in ("DATE", "TIME"):
                k += 1
            end, j = k, k
        if end == span.end:
            out.append(c)
            continue
        stop = doc[end - 1].idx + len(doc[end - 1].text)
        if any(o.org and not o.org_ambiguous and c.end <= o.start < stop for o in cands):
            out.append(c)  # "adapted A for Hulu": a known network after the small word ends the title
            continue
        grown = Candidate(c.start, stop, text[c.start:stop], c.block, c.sent_start, whole=True)
        grown.model_kind = c.model_kind
        out.append(grown)
        skip_until = stop  # the candidates it swallowed
    return out


def _work_context(doc: Doc, i: int) -> bool:
    """The words before token i name a work: "the novel X", "Y's X", "titled X", "adapts X",
    "based on X", "the sequel to X"."""
    j = i - 1
    while j >= 0 and doc[j].lower_ in ("the", "a", "an", "'", '"', "“", "‘"):
        j -= 1
    if j < 0:
        return False
    prev = doc[j]
    lem = (prev.lemma_ or prev.text).lower()
    if prev.text in ("'s", "’s") or lem in WORK_CUES:
        return True
    return (prev.lower_ == "on" and (prev.head.lemma_ or "").lower() == "base") or (
        prev.lower_ == "to" and (prev.head.lemma_ or "").lower() in ("sequel", "prequel", "follow-up"))
