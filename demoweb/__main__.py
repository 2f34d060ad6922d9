"""Command line: ``python -m demoweb serve|truth|sources``.

    python -m demoweb serve [--host 127.0.0.1] [--base-port 8701] [--anchor YYYY-MM-DD] [--synthetic N]
    python -m demoweb truth --out FILE [--anchor ...] [--base-port 8701]
    python -m demoweb sources [--out FILE] [--base-port 8701]      # Seda config.yaml `sources:` block
"""
from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading
from pathlib import Path

import yaml

from demoweb.content import ContentError
from demoweb.server import DemoWeb

logger = logging.getLogger("demoweb")

DEFAULT_BASE_PORT = 8701


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m demoweb", description="Seda's offline demo web.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every request")
    parser.add_argument("-q", "--quiet", action="store_true", help="only log errors")
    commands = parser.add_subparsers(dest="command", required=True)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
        sub.add_argument("--base-port", type=int, default=DEFAULT_BASE_PORT,
                         help=f"site i listens on BASE_PORT+i (default {DEFAULT_BASE_PORT}; 0 = free ports)")
        sub.add_argument("--anchor", help="day the dates are shifted for, ISO or Jalali (default: today in Tehran)")
        sub.add_argument("--synthetic", type=int, default=0, metavar="N", help="add the 'synth' site with N articles")
        sub.add_argument("--content-dir", type=Path, help="article YAML directory (default demoweb/content)")
        sub.add_argument("--page-size", type=int, default=10, help="items per listing page (default 10)")

    serve = commands.add_parser("serve", help="serve every site until Ctrl-C")
    common(serve)
    serve.add_argument("--slow-delay", type=float, default=3.0, help="seconds the slow page waits (default 3)")
    truth = commands.add_parser("truth", help="write the truth (articles, routes, traps) as JSON")
    common(truth)
    truth.add_argument("--out", type=Path, required=True, help="JSON file to write ('-' for standard output)")
    sources = commands.add_parser("sources", help="print the sites as a Seda config.yaml sources block")
    common(sources)
    sources.add_argument("--out", type=Path, help="YAML file to write (default: standard output)")
    return parser


def make_web(args: argparse.Namespace, **extra: object) -> DemoWeb:
    return DemoWeb(anchor=args.anchor, content_dir=args.content_dir, host=args.host,
                   base_port=args.base_port or None, synthetic=args.synthetic, page_size=args.page_size,
                   **extra)  # type: ignore[arg-type]


def write_text(path: Path | None, text: str) -> None:
    if path is None or str(path) == "-":
        sys.stdout.write(text)
    else:
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)


def cmd_serve(args: argparse.Namespace) -> int:
    web = make_web(args, slow_delay=args.slow_delay)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with web:
        week = web.truth(include_synthetic=False)["week"]
        print(f"demo web: anchor {web.anchor}, base week {week['start_jalali']}..{week['end_jalali']}"
              f" ({week['start']}..{week['end']})")
        for site_id in web.sites:
            print(f"  {site_id:8s} {web.base_url(site_id)}/")
        print("Ctrl-C to stop.", flush=True)
        try:
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
    return 0


def cmd_truth(args: argparse.Namespace) -> int:
    web = make_web(args)
    if web.base_port is None:  # free ports are only known once bound
        with web:
            truth = web.truth()
    else:
        truth = web.truth()
    write_text(args.out, json.dumps(truth, ensure_ascii=False, indent=1) + "\n")
    return 0


def cmd_sources(args: argparse.Namespace) -> int:
    web = make_web(args)
    if web.base_port is None:
        with web:
            sources = web.sources()
    else:
        sources = web.sources()
    write_text(args.out, yaml.safe_dump({"sources": sources}, allow_unicode=True, sort_keys=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    level = logging.DEBUG if args.verbose else logging.ERROR if args.quiet else logging.INFO
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return {"serve": cmd_serve, "truth": cmd_truth, "sources": cmd_sources}[args.command](args)
    except ContentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
