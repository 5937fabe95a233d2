"""``run:`` scripts through the shared shell layer: exact spans in the workflow file for every
YAML scalar style, ``${{ }}`` kept inside words, and which shells give commands."""

from __future__ import annotations

from pathlib import Path

from deploylint.models.workflow import Step
from deploylint.parsers.workflow import parse
from deploylint.shell import Command, Word
from deploylint.source import SourceFile


def _step(run: str, shell: str | None = None) -> Step:
    """The one step of a workflow whose step is ``- run:<run>`` (``run`` starts with the text
    after ``run:``, on line 6 column 14 for a plain scalar)."""
    text = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run:" + run
    if shell is not None:
        text += f"        shell: {shell}\n"
    model = parse(SourceFile(Path("ci.yml"), text)).model
    assert model is not None
    return model.jobs[0].steps[0]


def _at(w: Word) -> tuple[str, int, int, int, int]:
    s = w.span
    return (w.value, s.start_line, s.start_col, s.end_line, s.end_col)


def _words(cmd: Command) -> list[tuple[str, int, int, int, int]]:
    return [_at(w) for w in cmd.words]


def test_literal_block_scalar_words_and_expression() -> None:
    step = _step(" |\n          docker build -t app:${{ github.sha }} .\n          sudo npm ci\n")
    build, npm = step.commands()
    # the expression is part of the word it is written in, not a word boundary
    assert _words(build) == [
        ("docker", 7, 11, 7, 17),
        ("build", 7, 18, 7, 23),
        ("-t", 7, 24, 7, 26),
        ("app:${{ github.sha }}", 7, 27, 7, 48),
        (".", 7, 49, 7, 50),
    ]
    # the wrapper is looked through; the command is named by the shell layer's API
    assert npm.command_name == "npm" and npm.arg_values == ("ci",)
    assert _words(npm) == [("npm", 8, 16, 8, 19), ("ci", 8, 20, 8, 22)]
    assert (npm.words_span.start_line, npm.words_span.start_col, npm.words_span.end_col) == (8, 16, 22)


def test_folded_block_scalar_maps_each_line() -> None:
    # '>' folds the two lines into "docker push\n" -> "docker push" is one command over two lines
    step = _step(" >\n          docker\n          push ghcr.io/a/b\n")
    (push,) = step.commands()
    assert _words(push) == [
        ("docker", 7, 11, 7, 17),
        ("push", 8, 11, 8, 15),
        ("ghcr.io/a/b", 8, 16, 8, 27),
    ]
    assert push.matches("docker", "push")


def test_double_quoted_scalar_with_escapes() -> None:
    # `\"` decodes to one character: the words after it keep their source columns, and a word
    # that ends with an escaped quote ends after both of its characters
    step = _step(' "echo \\"${{ secrets.T }}\\" > out; npm ci"\n')
    echo, npm = step.commands()
    assert _words(echo) == [("echo", 6, 15, 6, 19), ("${{ secrets.T }}", 6, 20, 6, 40)]
    assert [_at(w) for w in echo.output_files] == [("out", 6, 43, 6, 46)]
    assert echo.stdout_captured and not npm.stdout_captured
    assert _words(npm) == [("npm", 6, 48, 6, 51), ("ci", 6, 52, 6, 54)]


def test_single_quoted_scalar_with_doubled_quote() -> None:
    # `''` is one quote in the value: the script is  echo 'a b' | tee x && git push, and the
    # word 'a b' ends after the doubled quote that closes it
    step = _step(" 'echo ''a b'' | tee x && git push'\n")
    echo, tee, git = step.commands()
    assert _words(echo) == [("echo", 6, 15, 6, 19), ("a b", 6, 20, 6, 27)]
    assert echo.stdout_captured  # into the pipe
    assert _words(tee) == [("tee", 6, 30, 6, 33), ("x", 6, 34, 6, 35)]
    assert _words(git) == [("git", 6, 39, 6, 42), ("push", 6, 43, 6, 47)]


def test_folders_follow_cd_in_the_step() -> None:
    step = _step(" |\n          cd web\n          npm ci\n          (cd ../api && make)\n          ls\n")
    cmds = step.commands()
    assert [c.command_name for c in cmds] == ["cd", "npm", "cd", "make", "ls"]
    # a cd runs where it starts; the one in the subshell ends with it
    assert [step.folder(c) for c in cmds] == ["", "web", "web", "api", "web"]


def test_command_line_shells_and_programs() -> None:
    # pwsh and cmd: command lines read as POSIX (for rules), no POSIX script otherwise
    pwsh = _step(" npm install left-pad\n", "pwsh")
    assert [c.argv for c in pwsh.commands()] == [("npm", "install", "left-pad")]
    assert pwsh.script() is None and pwsh.script(any_shell=True) is pwsh.command_lines() is not None
    # a program's source is not command lines: no commands at all
    python = _step(" import os; os.system('npm install x')\n", "python")
    assert python.commands() == () and python.command_lines() is None
    assert python.script(any_shell=True) is not None  # only when asked for
    # a POSIX shell named by path or with options is that shell
    sh = _step(" npm ci\n", "/bin/sh -e {0}")
    assert [c.argv for c in sh.commands()] == [("npm", "ci")]
    assert sh.script() is not None


def test_needles_prefilter() -> None:
    step = _step(" make test\n")
    assert step.commands("npm") == () and [c.command_name for c in step.commands("make")] == ["make"]


def test_expression_operators_do_not_split_words_or_commands() -> None:
    # `;`, `||`, blanks and quotes inside ${{ }} belong to the expression, not to the shell
    step = _step(
        " |\n          echo ${{ format('a b; c', 'd') }} done\n"
        "          npm publish --tag ${{ inputs.tag || 'latest' }} && git push\n"
    )
    echo, npm, git = step.commands()
    assert _words(echo) == [
        ("echo", 7, 11, 7, 15),
        ("${{ format('a b; c', 'd') }}", 7, 16, 7, 44),
        ("done", 7, 45, 7, 49),
    ]
    assert _words(npm)[3] == ("${{ inputs.tag || 'latest' }}", 8, 29, 8, 58)
    assert npm.matches("npm", "publish", "--tag") and _words(git) == [("git", 8, 62, 8, 65), ("push", 8, 66, 8, 70)]
    (tag,) = npm.words[3].github_expressions
    assert tag.name == "inputs.tag || 'latest'" and tag.context == "unquoted"
