"""The errors of ingest: a file that cannot be loaded, a relation a query needs that is missing."""


class BadFileError(ValueError):
    """A source file that cannot be loaded; the message starts with the file name."""


class MissingTableError(LookupError):
    """A store's query read a table or view that does not exist (yet)."""
