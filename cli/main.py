"""The `opennem` command line: one entry point for every job."""

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path

Command = Callable[[argparse.Namespace], int]


def _date(text: str) -> date:
    return date.fromisoformat(text)


def _datetime(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _month_start(text: str) -> datetime:
    """`2009-07` is the first interval of July 2009; a full date or time is taken as given."""
    return datetime.strptime(text, "%Y-%m") if len(text) == 7 else _datetime(text)


def _month_end(text: str) -> datetime:
    """`2009-08` is the last interval END of August 2009 (midnight of 1 September)."""
    if len(text) != 7:
        return _datetime(text)
    first = datetime.strptime(text, "%Y-%m")
    return first.replace(year=first.year + first.month // 12, month=first.month % 12 + 1)


def cmd_demo(args: argparse.Namespace) -> int:
    from cli.demo import run_demo

    run_demo(days=args.days, units=args.units, port=args.port, serve_api_after=not args.no_serve)
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from cli.commands import ingest_paths

    return ingest_paths(args.sources, check_count=not args.no_count_check)


def cmd_crawl(args: argparse.Namespace) -> int:
    from cli.commands import crawl_source

    try:
        return crawl_source(args.source, since=args.since, until=args.until, base_url=args.base_url)
    except KeyError as error:
        print(f"opennem crawl: {error.args[0]}", file=sys.stderr)
        return 2


def cmd_registry(args: argparse.Namespace) -> int:
    from cli.commands import build_registry

    return build_registry(xlsx=args.xlsx, co2eii=args.co2eii)


def cmd_transform(args: argparse.Namespace) -> int:
    from flows.downstream import run_transform
    from opennem.transform_runner import TransformError

    try:
        run_transform(dbt_command(args.dbt_args))
    except TransformError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    from cli.commands import publish_serving

    serving = publish_serving(full=args.full)
    if serving is None:
        print("opennem publish: only a DuckDB warehouse is published", file=sys.stderr)
        return 1
    print(f"published the marts: {serving}")
    return 0


def cmd_api(args: argparse.Namespace) -> int:
    from cli.commands import serve_api

    serve_api(args.host, args.port)
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    from cli.keys import create_key, list_keys, revoke_key

    if args.action == "create":
        return create_key(args.name, args.plan)
    if args.action == "revoke":
        return revoke_key(args.key)
    return list_keys()


def cmd_simulate(args: argparse.Namespace) -> int:
    from cli.commands import simulate_tree

    return simulate_tree(
        args.out, args.start, args.end, units=args.units, serve=args.serve, wem=args.wem
    )


def cmd_backfill(args: argparse.Namespace) -> int:
    from cli.progress import run_backfill
    from ingest.sources.catalog import backfill_source

    try:
        return run_backfill(
            backfill_source(args.source), args.since, args.until, base_url=args.base_url
        )
    except KeyError as error:
        print(f"opennem backfill: {error.args[0]}", file=sys.stderr)
        return 2


def cmd_export(args: argparse.Namespace) -> int:
    from cli.commands import export_files

    if not args.out_dir and not args.parquet:
        print("opennem export: give OUT_DIR, --parquet DIR or both", file=sys.stderr)
        return 2
    return export_files(website_dir=args.out_dir, parquet_dir=args.parquet)


def cmd_worker(args: argparse.Namespace) -> int:
    from flows.worker import serve_deployments

    serve_deployments()
    return 0


def cmd_dev(args: argparse.Namespace) -> int:
    from flows.worker import run_dev

    return run_dev(args.host, args.port)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="opennem", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser(
        "demo", help="offline demo: simulate NEMWEB, crawl, load, transform, serve"
    )
    demo.add_argument("--days", type=int, default=2, help="days of simulated data (default 2)")
    demo.add_argument("--units", type=int, default=60, help="simulated units (default 60)")
    demo.add_argument("--port", type=int, default=8000, help="API port (default 8000)")
    demo.add_argument("--no-serve", action="store_true", help="stop after the transform")
    demo.set_defaults(run=cmd_demo)

    ingest = sub.add_parser(
        "ingest",
        help="load any source's files from paths or URLs: MMS CSV/zip, WEM JSON/CSV, BOM, APVI,"
        " the registration list (recognised by name and content)",
    )
    ingest.add_argument("sources", nargs="+", metavar="PATH_OR_URL")
    ingest.add_argument(
        "--no-count-check",
        action="store_true",
        help="accept MMS files whose END OF REPORT line count does not match: only for filtered"
        " copies such as NEMOSIS's",
    )
    ingest.set_defaults(run=cmd_ingest)

    crawl = sub.add_parser("crawl", help="crawl a source (default: its live public site)")
    crawl.add_argument(
        "source",
        help="a source: a NEMWEB report (dispatch_scada, dispatch_is, trading_is, rooftop_pv,"
        " cdeii, next_day_actual_gen ...), mmsdm:<TABLE>, wem:<dataset>, registration, bom or"
        " apvi (ingest/sources/catalog.py lists them)",
    )
    crawl.add_argument("--since", type=_datetime, help="interval end, network time (AEST)")
    crawl.add_argument("--until", type=_datetime, help="interval end, network time (AEST)")
    crawl.add_argument(
        "--base-url", help="the source's base URL (default its OPENNEM_<SOURCE>_URL setting)"
    )
    crawl.set_defaults(run=cmd_crawl)

    registry = sub.add_parser("registry", help="build dim_units/dim_facilities from AEMO's files")
    registry.add_argument("--xlsx", help="Registration and Exemption List (path or URL)")
    registry.add_argument("--co2eii", help="CO2EII emission factor file (path or URL)")
    registry.set_defaults(run=cmd_registry)

    transform = sub.add_parser(
        "transform",
        help="dbt on the warehouse: `transform [--select m+]` builds; `transform docs generate`",
    )
    transform.set_defaults(run=cmd_transform, dbt_args=[])

    publish = sub.add_parser(
        "publish", help="publish the DuckDB marts for the API (a transform does it after a build)"
    )
    publish.add_argument(
        "--full", action="store_true", help="rewrite every partition, not only what changed"
    )
    publish.set_defaults(run=cmd_publish)

    api = sub.add_parser("api", help="serve the v4 API")
    api.add_argument("--host", default=None)
    api.add_argument("--port", type=int, default=None)
    api.set_defaults(run=cmd_api)

    keys = sub.add_parser("keys", help="API keys: create (printed once), list, revoke")
    actions = keys.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="create a key and print it")
    create.add_argument("name", help="who or what the key is for")
    create.add_argument("--plan", default="community", help="plan name (default community)")
    revoke = actions.add_parser("revoke", help="revoke a key, given by itself or its id")
    revoke.add_argument("key", metavar="KEY_OR_ID")
    actions.add_parser("list", help="every key: name, id, prefix, plan, created, revoked")
    keys.set_defaults(run=cmd_keys)

    simulate = sub.add_parser("simulate", help="write (and optionally serve) a simulated NEMWEB")
    simulate.add_argument("out")
    simulate.add_argument("--start", type=_date, required=True)
    simulate.add_argument("--end", type=_date, required=True)
    simulate.add_argument("--units", type=int, default=60)
    simulate.add_argument("--serve", action="store_true", help="serve it on loopback afterwards")
    simulate.add_argument(
        "--wem", action="store_true", help="also write AEMO WA's WEMDE files (the WEM)"
    )
    simulate.set_defaults(run=cmd_simulate)

    backfill = sub.add_parser("backfill", help="resumable backfill of a source over a window")
    backfill.add_argument("--source", required=True, help="nem-mmsdm, mmsdm:<TABLE> or a report")
    backfill.add_argument(
        "--from", dest="since", type=_month_start, required=True, help="YYYY-MM or AEST time"
    )
    backfill.add_argument(
        "--to", dest="until", type=_month_end, required=True, help="YYYY-MM or AEST time"
    )
    backfill.add_argument("--base-url", help="NEMWEB base URL (default OPENNEM_NEMWEB_URL)")
    backfill.set_defaults(run=cmd_backfill)

    export = sub.add_parser(
        "export",
        help="write the website's v3 JSON under OUT_DIR; --parquet DIR: every dataset's history,"
        " one Parquet file a month",
    )
    export.add_argument("out_dir", nargs="?", type=Path, metavar="OUT_DIR")
    export.add_argument(
        "--parquet", type=Path, metavar="DIR", help="DIR/<dataset>/<YYYY-MM>.parquet"
    )
    export.set_defaults(run=cmd_export)

    worker = sub.add_parser("worker", help="run every deployment of prefect.yaml on schedule")
    worker.set_defaults(run=cmd_worker)

    dev = sub.add_parser("dev", help="API (reloading on code changes) and the worker together")
    dev.add_argument("--host", default=None)
    dev.add_argument("--port", type=int, default=None)
    dev.set_defaults(run=cmd_dev)
    return parser


def dbt_command(dbt_args: Sequence[str]) -> list[str]:
    """dbt arguments as given; `build` when they start with an option or are empty."""
    if not dbt_args or dbt_args[0].startswith("-"):
        return ["build", *dbt_args]
    return list(dbt_args)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "transform":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.dbt_args = extra
    run: Command = args.run
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
