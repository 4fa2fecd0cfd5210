"""The error every ingest parser raises for a file it cannot load."""


class BadFileError(ValueError):
    """A source file that cannot be loaded; the message starts with the file name."""
