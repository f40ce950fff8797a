"""`seccheck sandbox`: a seeded AWS-compatible endpoint on loopback, until Ctrl-C."""

from __future__ import annotations

import argparse
import signal
import threading

from . import _arguments as arguments

ORDER = 30


def add_parser(sub: argparse._SubParsersAction) -> None:
    from ..sandbox.scenarios import SCENARIOS

    p = sub.add_parser(
        "sandbox", help="run a seeded sandbox account on 127.0.0.1 (no AWS account needed)"
    )
    p.add_argument("--scenario", default="workshop", choices=sorted(SCENARIOS))
    p.add_argument(
        "--n", type=arguments.positive_int, default=1, help="size for the scale scenario"
    )
    p.add_argument("--port", type=arguments.port, default=0, help="port (default: a free one)")
    p.add_argument(
        "--latency-ms",
        type=arguments.latency_ms,
        default=0.0,
        metavar="MS",
        help="delay every API answer by MS milliseconds, as a real AWS endpoint's round trip "
        "would (seeding runs without it)",
    )
    p.set_defaults(handler=sandbox)


def sandbox(args: argparse.Namespace) -> int:
    from ..sandbox import Sandbox

    print(f"starting sandbox {args.scenario!r} ...", flush=True)
    with Sandbox(args.scenario, n=args.n, port=args.port, latency_ms=args.latency_ms) as sb:
        print(f"sandbox {args.scenario!r} is up at {sb.endpoint}")
        print(f"  account {sb.account}; regions {', '.join(sb.regions)}")
        if args.latency_ms:
            print(f"  every API answer is delayed by {args.latency_ms:g} ms")
        if sb.members:
            print(
                "  organization members: " + ", ".join(f"{n} ({a})" for n, a in sb.members.items())
            )
        print("\nUse it from any shell or notebook:")
        for key, value in sb.env().items():
            print(f"  export {key}={value}")
        print("\nThen e.g. `seccheck run`. Press Ctrl-C to stop.", flush=True)
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            while not stop.wait(1.0):
                if not sb.running:
                    print("the sandbox server stopped unexpectedly")
                    return 1
        except KeyboardInterrupt:
            pass
    print("sandbox stopped")
    return 0
