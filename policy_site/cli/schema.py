"""``policy schema``: write a JSON Schema for each kind of YAML file in policy_src/."""

from __future__ import annotations

from pathlib import Path

from ..common.problems import display_path
from ..load.json_schema import SCHEMA_FOLDER, generate_schemas
from ..load.source_folder import SOURCE_FILES
from .output_file import write_text_atomically


def register(subcommands) -> None:
    parser = subcommands.add_parser(
        "schema",
        help="write JSON Schemas for the policy_src YAML files (for completion in VS Code)",
        description="Write one JSON Schema per kind of YAML file in policy_src/, generated from the shapes "
        "`policy check` reads with. Run it after changing policy_site/schema.py or policy_site/source.py.",
    )
    parser.add_argument("-o", "--output-dir", metavar="DIR", default=f"policy_src/{SCHEMA_FOLDER}")
    parser.set_defaults(
        run=run, interrupted="each schema file is either as it was or complete; run `policy schema` again to finish"
    )


def run(args) -> int:
    folder = Path(args.output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in generate_schemas(SOURCE_FILES).items():
        path = folder / name
        changed = not path.exists() or path.read_text(encoding="utf-8") != text
        write_text_atomically(path, text)
        print(f"{'Wrote' if changed else 'Unchanged'} {display_path(path)}")
    return 0
