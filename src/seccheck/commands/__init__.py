"""Subcommands of `seccheck`: each module has `add_parser(subparsers)` that sets `handler`."""
