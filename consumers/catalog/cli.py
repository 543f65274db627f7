"""Subcommands that maintain the actor catalog: `newsmon actors import-un`."""

from __future__ import annotations

import argparse
from pathlib import Path

from newsmon import exitcodes
from newsmon.errors import InputError
from newsmon.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    """Add the catalog's subcommands to the newsmon parser."""
    actors = sub.add_parser("actors", help="maintain the actor catalog")
    actors_sub = actors.add_subparsers(dest="actors_command", required=True)
    import_un = actors_sub.add_parser("import-un", help="add aliases from the UN Security Council consolidated list XML")
    import_un.add_argument("xml", metavar="XML")
    import_un.add_argument("--catalog", help="catalog to extend (default: the shipped one)")
    import_un.add_argument("--out", help="where to write (default: over the catalog)")
    import_un.add_argument("--native", help="native names file to extend with the list's Arabic-script names "
                                            "(default: the shipped actors_native.yaml)")
    import_un.add_argument("--native-out", help="where to write it (default: over the native names file)")
    import_un.add_argument("--add-new", action="store_true", help="add UN entities the catalog lacks as new groups")
    import_un.add_argument("--dry-run", action="store_true", help="report only")
    import_un.set_defaults(handler=run_import_un)


def run_import_un(args: argparse.Namespace, settings: Settings) -> int:
    """Refresh the actor catalog's aliases from the UN Security Council consolidated list."""
    import yaml

    from consumers.catalog import CATALOG_FILE, NATIVE_FILE
    from consumers.catalog.un_import import merge_into_catalog, parse_un_entities

    source = Path(args.xml)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise InputError(str(source), f"cannot be read ({exc.strerror})") from exc
    entities = parse_un_entities(data, source=str(source))
    catalog_path = Path(args.catalog) if args.catalog else CATALOG_FILE
    catalog = yaml.safe_load(catalog_path.read_text(encoding="utf-8"))
    native_path = Path(args.native) if args.native else NATIVE_FILE
    native = yaml.safe_load(native_path.read_text(encoding="utf-8")) if native_path.is_file() else {}
    report = merge_into_catalog(catalog, entities, add_new=args.add_new, native=native or {"version": 1})
    for actor_id, aliases in sorted(report.added_aliases.items()):
        print(f"{actor_id}: +{len(aliases)} aliases: {', '.join(aliases)}")
    for actor_id, names in sorted(report.added_native.items()):
        print(f"{actor_id}: +{len(names)} native names: {', '.join(names)}")
    print(f"{len(entities)} UN entities: {len(report.matched)} matched, {len(report.new_actors)} new, "
          f"{len(report.unmatched)} unmatched")
    out = Path(args.out) if args.out else catalog_path
    if args.dry_run:
        print("dry run: nothing written")
    else:
        out.write_text(yaml.safe_dump(report.catalog, sort_keys=False, allow_unicode=True), encoding="utf-8")
        print(f"wrote {out}")
        if report.added_native:
            native_out = Path(args.native_out) if args.native_out else native_path
            native_out.write_text(yaml.safe_dump(report.native, sort_keys=False, allow_unicode=True), encoding="utf-8")
            print(f"wrote {native_out}")
    return exitcodes.OK
