"""The README keeps its promises: two set-up commands, the CI test command, every CLI option."""

from __future__ import annotations

import re

import typer.main

from analyser.cli import app
from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def setup_commands() -> list[str]:
    section = README.split("## Set up on a fresh machine", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section, flags=re.S)


def test_readme_gives_exactly_two_setup_commands_on_its_first_screen():
    commands = setup_commands()
    assert len(commands) == 2
    run, test = commands
    assert "pip install ." in run and "analyser match sample_jds/" in run
    assert 'pip install ".[test]"' in test and "python -m pytest" in test
    assert README.index(test) < 2500, "the test command is on the first screen"
    # the sample files the first command names exist
    for path in re.findall(r"sample_jds/\S+", run):
        assert (ROOT / path).is_file(), path


def test_ci_runs_the_readme_test_command():
    test = setup_commands()[1]
    install_and_test = test.split("&& ", 2)[-1]  # after creating and activating the venv
    assert install_and_test in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_cli_command_and_option_is_documented():
    group = typer.main.get_command(app)

    # typer may ship its own copy of click, so test by duck typing, not isinstance
    def walk(cmd, path: list[str]):
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                yield from walk(sub, path + [name])
        else:
            yield path, cmd

    checked = 0
    for path, cmd in walk(group, []):
        assert f"analyser {' '.join(path)}" in README, f"command {' '.join(path)} is not in the README"
        for param in cmd.params:
            if param.param_type_name == "option" and not getattr(param, "hidden", False):
                checked += 1
                assert any(opt in README for opt in param.opts), f"{' '.join(path)} {param.opts} undocumented"
    assert checked >= 8, "the walk found the CLI's options"
