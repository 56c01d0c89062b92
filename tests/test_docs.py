"""The README documents every command and the two set-up commands."""

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
