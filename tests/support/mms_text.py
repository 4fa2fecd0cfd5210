"""MMS CSV files written by tests, from AEMO's documented format (C, I and D rows)."""

from pathlib import Path


def write_mms_file(path: Path, lines: list[str]) -> Path:
    """`lines` (C, I and D rows) closed by the END OF REPORT row counting every line."""
    path.write_text("\n".join([*lines, f'C,"END OF REPORT",{len(lines) + 1}']) + "\n")
    return path
