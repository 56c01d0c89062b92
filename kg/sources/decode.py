"""Bytes to normalised text for the article reader: binary detection, encodings, sniffing."""

from __future__ import annotations

import codecs
import re
import unicodedata

from kg.errors import BinaryDocumentError, EmptyDocumentError

HINT = "lore-kg reads .txt, .md and .html articles"

# (prefix, offset, description). Checked before anything else.
_MAGIC: list[tuple[bytes, int, str]] = [
    (b"\x89PNG\r\n\x1a\n", 0, "PNG image"),
    (b"\xff\xd8\xff", 0, "JPEG image"),
    (b"GIF87a", 0, "GIF image"),
    (b"GIF89a", 0, "GIF image"),
    (b"WEBP", 8, "WebP image"),
    (b"%PDF-", 0, "PDF document"),
    (b"PK\x03\x04", 0, "ZIP archive or Office/EPUB document"),
    (b"PK\x05\x06", 0, "ZIP archive"),
    (b"\x1f\x8b", 0, "gzip archive"),
    (b"BZh91AY&SY", 0, "bzip2 archive"),
    (b"\xfd7zXZ\x00", 0, "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "7-Zip archive"),
    (b"Rar!\x1a\x07", 0, "RAR archive"),
    (b"\x7fELF", 0, "ELF executable"),
    (b"SQLite format 3\x00", 0, "SQLite database"),
    (b"OggS", 0, "Ogg media"),
    (b"ID3", 0, "MP3 audio"),
    (b"ftyp", 4, "MP4/QuickTime media"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "legacy Office document"),
    (b"{\\rtf", 0, "RTF document"),
    (b"\x00asm", 0, "WebAssembly binary"),
    (b"\xca\xfe\xba\xbe", 0, "Java class file"),
    (b"ustar", 257, "tar archive"),
]

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

# Bytes that do not occur in text in any ASCII-compatible encoding (tab, newlines, form feed
# and escape excepted).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_LATIN1_ALIASES = {"latin-1", "latin1", "iso-8859-1", "iso8859-1", "iso_8859_1", "l1", "ascii",
                   "us-ascii", "cp819", "windows-1252", "cp1252"}
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122]{1,3}")
_DROP_CHARS = dict.fromkeys(
    [c for c in range(32) if c not in (9, 10)] + list(range(0x7F, 0xA0))
    + [0xFEFF, 0x200B, 0x00AD, 0x2060, 0xFFFE])
_NEWLINES = re.compile("\r\n|[\r\u2028\u2029\u0085\x0b\x0c]")


def sniff_binary(data: bytes, source: str) -> None:
    """Raise BinaryDocumentError for known binary formats and non-text bytes."""
    for magic, offset, what in _MAGIC:
        if data[offset:offset + len(magic)] == magic:
            raise BinaryDocumentError(f"{source}: file looks binary ({what}); {HINT}")


def _bom(data: bytes) -> tuple[str | None, int]:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc, len(bom)
    return None, 0


def _utf16_without_bom(sample: bytes) -> str | None:
    even, odd = sample[0::2], sample[1::2]
    if not odd:
        return None
    zero_even, zero_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zero_odd > 0.3 and zero_even < 0.05:
        return "utf-16-le"
    if zero_even > 0.3 and zero_odd < 0.05:
        return "utf-16-be"
    return None


def _normalise_charset(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    if name in _LATIN1_ALIASES:
        return "cp1252"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _ascii_compatible(encoding: str) -> bool:
    try:
        return b"Az09 <>.\n".decode(encoding) == "Az09 <>.\n"
    except (LookupError, UnicodeDecodeError):
        return False


def _detect(data: bytes) -> str | None:
    """Encoding of bytes that are not UTF-8 and carry no NULs (so not UTF-16 or UTF-32).

    Text whose non-ASCII bytes stand alone between ASCII ones (accented letters, curly quotes)
    is Western European: cp1252 (detectors guess wildly on such thin evidence). Text with runs
    of non-ASCII bytes (Cyrillic, Greek, Central European words): charset-normalizer's best
    ASCII-compatible pick."""
    from charset_normalizer import from_bytes

    sample = data[:200_000]
    high = sum(1 for b in sample if b >= 0x80)
    runs = sum(1 for a, b in zip(sample, sample[1:]) if a >= 0x80 and b >= 0x80)
    if runs <= 0.3 * high:
        try:
            sample.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    for match in from_bytes(sample):
        if not match.encoding.startswith(("utf_16", "utf_32")) and \
                _ascii_compatible(match.encoding):
            return match.encoding
    return None


def decode(data: bytes, source: str, charset_hint: str | None = None) -> tuple[str, str]:
    """Decode article bytes to text; returns (text, encoding). Raises for binary or empty input."""
    sniff_binary(data, source)
    enc, skip = _bom(data)
    body = data[skip:]
    if enc is None:
        sample = body[:8192]
        if b"\x00" in sample:
            enc = _utf16_without_bom(sample)
            if enc is None:
                raise BinaryDocumentError(
                    f"{source}: file looks binary (contains NUL bytes); {HINT}")
        elif sample and sum(sample.count(b) for b in _CONTROL_BYTES) / len(sample) > 0.05:
            raise BinaryDocumentError(f"{source}: file looks binary (control bytes); {HINT}")
    if not body.strip(b" \t\r\n\x00\x0c\x0b"):
        raise EmptyDocumentError(f"{source}: the file is empty; give an article with some text")
    if enc is None:
        try:
            return body.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
        enc = _normalise_charset(charset_hint)
        if enc:
            try:
                return body.decode(enc), enc
            except (UnicodeDecodeError, LookupError):
                enc = None
        enc = _detect(body)
        if enc is None:
            raise BinaryDocumentError(
                f"{source}: file looks binary (no text encoding fits); {HINT}")
    text = body.decode(enc, errors="replace")
    if text.count("\ufffd") > max(8, len(text) // 50):
        raise BinaryDocumentError(f"{source}: file looks binary (undecodable as {enc}); {HINT}")
    return text, enc


def _fix_mojibake(text: str) -> str:
    def repair(m: re.Match) -> str:
        for enc in ("cp1252", "latin-1"):
            try:
                return m.group(0).encode(enc).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
        return m.group(0)

    return _MOJIBAKE.sub(repair, text)


def normalise(text: str) -> str:
    """NFC, '\\n' newlines, no control characters but '\\n' and '\\t', cheap mojibake repair."""
    text = _NEWLINES.sub("\n", text)
    text = _fix_mojibake(text).translate(_DROP_CHARS)
    return unicodedata.normalize("NFC", text)


def sniff_media_type(text: str) -> str:
    """Guess text/html, text/markdown or text/plain from decoded text."""
    head = text[:4096].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or (
            head.startswith("<?xml") and "<html" in head):
        return "text/html"
    if len(re.findall(r"<(?:html|head|body|p|div|article|h[1-6]|br|span|a\s)[\s>/]", head)) >= 3:
        return "text/html"
    if re.search(r"(?m)^#{1,6}\s+\S", text[:20000]) or re.search(r"(?m)^```", text[:20000]) \
            or len(re.findall(r"\[[^\]\n]+\]\([^)\s]+\)", text[:20000])) >= 2 \
            or re.search(r"(?m)^\S.*\n={3,}\s*$", text[:20000]):
        return "text/markdown"
    return "text/plain"
