"""Command line: `python -m data_layer --help`."""

from __future__ import annotations

import argparse
import sys

from data_layer import cli

COMMANDS = {
    "migrate": cli.add_migrate,
    "seed-demo": cli.add_seed_demo,
    "import-boundaries": cli.add_import_boundaries,
    "create-operator": cli.add_create_operator,
    "prepare-run": cli.add_prepare_run,
    "create-api-key": cli.add_create_api_key,
    "revoke-api-key": cli.add_revoke_api_key,
    "export-snapshot": cli.add_export_snapshot,
    "backup": cli.add_backup,
    "restore": cli.add_restore,
    "send-notifications": cli.add_send_notifications,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m data_layer",
        description="Pantau Lapor data layer: schema, reference data, demo data, operators.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, add in COMMANDS.items():
        add(subparsers, name)
    args = parser.parse_args(argv)
    return args.handler(args) or 0


if __name__ == "__main__":
    sys.exit(main())
