"""Exports of the marts: bulk monthly files (Parquet, CSV) and the public website's v3 JSON."""
