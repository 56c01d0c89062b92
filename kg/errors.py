"""Exceptions named for the condition. Each message says what to do next.

The CLI turns any `LoreError` into one line on stderr and its `exit_code`.
"""


class LoreError(Exception):
    """Base of every error lore-kg reports to a user."""

    exit_code = 1


def first_line(exc: BaseException | str) -> str:
    """The first line of an exception's message (or of a text), or the name of its type when it
    has none."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class PluginError(LoreError):
    """A plug-in reference ("module:name", from a setting or an entry point) that names no
    importable object."""

    exit_code = 2


class PipelineLoadError(LoreError):
    """The extraction pipeline could not be made (an unknown name, a missing model, a factory that
    raised)."""


class ConfigError(LoreError):
    """A configuration file that cannot be read or names an unknown setting."""

    exit_code = 2


# --- store -----------------------------------------------------------------------------------


class StoreError(LoreError):
    """The store could not be opened, read or written."""


class NoStoreError(StoreError):
    """A read of an embedded store that was never created."""


class StoreLockedError(StoreError):
    """Another process holds the embedded store."""


class UnknownStoreError(StoreError):
    """A --store value that names no known store."""

    exit_code = 2


class BackupError(LoreError):
    """A backup that cannot be written or read, or a restore that would overwrite data."""


class QuerySyntaxError(LoreError):
    """A SPARQL query or update that does not parse."""

    exit_code = 2

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.line, self.column = line, column
        where = f" at line {line}, column {column}" if line is not None else ""
        super().__init__(f"invalid SPARQL{where}: {message}")


class QueryRejectedError(LoreError):
    """A query the read-only interface will not run (UPDATE, LOAD, SERVICE...)."""

    exit_code = 2


class QueryTimeoutError(LoreError):
    """A query that ran past its time limit."""


# --- input data ------------------------------------------------------------------------------


class UnknownFormatError(LoreError):
    """An RDF or output format lore-kg does not know."""

    exit_code = 2


class DataParseError(LoreError):
    """An RDF file that does not parse in the format it claims."""


class SourceError(LoreError):
    """An article source that cannot be read as an article."""


class SourceNotFoundError(SourceError):
    pass


class UnsupportedSourceError(SourceError):
    pass


class EmptyDocumentError(SourceError):
    pass


class BinaryDocumentError(SourceError):
    pass


class DocumentTooLargeError(SourceError):
    pass


class NoArticleError(SourceError):
    """HTML (or text) in which no article text was found."""


class FetchError(SourceError):
    """A URL that could not be fetched (unreachable, refused, timed out, bad status)."""


class PrivateAddressError(FetchError):
    """A URL that resolves to a private, loopback or link-local address."""


# --- entities and questions ------------------------------------------------------------------


class UnknownEntityError(LoreError):
    """A name or IRI that matches nothing in the graph."""


class ArticleNotFoundError(LoreError):
    """An article that is not in the store."""
