"""The README documents every command, every option of each, and the two set-up commands."""

import re
from pathlib import Path

from kg.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_docs_readme_gives_the_two_setup_commands():
    assert "make demo" in README and "make test" in README


def test_docs_readme_lists_every_command():
    missing = [name for name in cli.commands if f"`kg {name}" not in README]
    assert missing == []


def test_docs_readme_lists_every_global_option():
    for param in cli.params:
        for opt in param.opts:
            if opt.startswith("--") and opt not in ("--help", "--version"):
                assert f"`{opt}" in README


def test_docs_readme_gives_every_option_of_each_command_in_its_row():
    """The command table's row of each command names each of its options (long or short form):
    an option added to the CLI and not to the README fails here."""
    rows = {line.split("`")[1].split()[1]: line for line in README.splitlines() if line.startswith("| `kg ")}
    missing = []
    for name, command in cli.commands.items():
        row = rows.get(name, "")
        for param in command.params:
            forms = [o for o in param.opts if o.startswith("-") and o not in ("-h", "--help")]
            if forms and not any(re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", row) for o in forms):
                missing.append(f"kg {name} {forms[-1]}")
    assert missing == []


def test_docs_readme_names_every_setting():
    """Every KG_* variable the code reads and every LORE_* setting of the web app."""
    from web.settings import SETTINGS

    root = Path(__file__).resolve().parent.parent
    code = "".join(p.read_text(encoding="utf-8") for d in ("kg", "web", "extractors") for p in (root / d).rglob("*.py"))
    names = set(re.findall(r"\bKG_[A-Z_]+[A-Z]\b", code)) | {f"LORE_{s.name}" for s in SETTINGS}
    assert names > {"KG_STORE", "LORE_HOST"}
    assert sorted(n for n in names if f"`{n}`" not in README) == []
