"""The sandbox server process: `python -m seccheck.sandbox.serve --scenario workshop`.

Prints one JSON line when ready (endpoint, regions, accounts), then serves until its standard
input closes, it gets SIGTERM/SIGINT, or its parent dies (Linux: PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
from typing import Any

for _var, _value in {
    "MOTO_ALLOW_NONEXISTENT_REGION": "false",
    "MOTO_IAM_LOAD_MANAGED_POLICIES": "false",  # a curated subset instead: moto_tweaks
}.items():
    os.environ.setdefault(_var, _value)


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except OSError:
            pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="seccheck.sandbox.serve")
    parser.add_argument("--scenario", default="workshop")
    parser.add_argument("--n", type=int, default=1)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--watch-stdin", action="store_true")
    parser.add_argument(
        "--latency-ms", type=float, default=0.0, help="delay every API answer (after seeding)"
    )
    args = parser.parse_args(argv)
    _die_with_parent()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    from moto.moto_server.werkzeug_app import MotoRequestHandler
    from werkzeug.serving import make_server

    from .app import Latency, honest_app
    from .moto_tweaks import apply_all as apply_moto_tweaks
    from .scenarios import get_scenario

    apply_moto_tweaks()
    scenario = get_scenario(args.scenario)
    latency = Latency()
    server = make_server(
        "127.0.0.1",
        args.port,
        latency.wrap(honest_app()),
        True,
        request_handler=MotoRequestHandler,
    )
    port = server.server_address[1]
    endpoint = f"http://127.0.0.1:{port}"
    thread = threading.Thread(target=server.serve_forever, name="moto", daemon=True)
    thread.start()
    try:
        info: dict[str, Any] = scenario.seed(endpoint, n=args.n)
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises it
        print(
            json.dumps({"error": f"seeding {args.scenario} failed: {type(exc).__name__}: {exc}"}),
            flush=True,
        )
        server.shutdown()
        return 1
    latency.ms = args.latency_ms
    print(
        json.dumps({"endpoint": endpoint, "port": port, "latency_ms": args.latency_ms, **info}),
        flush=True,
    )

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    if args.watch_stdin:

        def watch_stdin() -> None:
            sys.stdin.read()  # returns at EOF: the parent closed the pipe or died
            stop.set()

        threading.Thread(target=watch_stdin, daemon=True).start()
    stop.wait()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
