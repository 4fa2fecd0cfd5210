"""Prefect flows and tasks: schedule and chain ingest, transform and the data-quality checks.

Thin by design: a task wraps one `ingest/` or `opennem` call with retries and back-off; a flow
takes the warehouse lock, chains tasks, and holds no parsing or SQL of its own.
"""
