from __future__ import annotations

import time

import pytest

from deploylint.shell import Command, Script, parse_shell
from tests.shell.helpers import dedent_block, join_continuations, lc, src_of


def cmds(text: str) -> list[tuple[str, ...]]:
    return [c.argv for c in parse_shell(text).commands]


def one(text: str) -> Command:
    s = parse_shell(text)
    assert len(s.commands) == 1, [c.argv for c in s.commands]
    return s.commands[0]


# ----- words and spans -----


def test_word_spans_and_command_span() -> None:
    s = parse_shell("echo  hello 'w o'\nls -l")
    a, b = s.commands
    assert [(w.raw, lc(w.span)) for w in a.words] == [
        ("echo", (1, 1, 1, 5)),
        ("hello", (1, 7, 1, 12)),
        ("'w o'", (1, 13, 1, 18)),
    ]
    assert lc(a.span) == (1, 1, 1, 18)
    assert (a.span.start_offset, a.span.end_offset) == (0, 17)
    assert lc(b.span) == (2, 1, 2, 6)
    assert a.connector_after == "\n" and b.connector_before == "\n"


def test_dockerfile_continuation_positions() -> None:
    doc = "FROM x\nRUN apt-get update \\\n    && apt-get install -y \\\n       curl=7.1 \\\n && rm -rf /x\n"
    start = doc.index("apt-get")
    text, pos = join_continuations(doc, start, len(doc) - 1)
    assert text == "apt-get update     && apt-get install -y        curl=7.1  && rm -rf /x"
    s = parse_shell(text, pos, src_of(doc))
    assert s.errors == ()
    upd, inst, rm = s.commands
    assert lc(upd.span) == (2, 5, 2, 19)
    assert lc(inst.span) == (3, 8, 4, 16)
    assert [(w.value, lc(w.span)) for w in inst.words] == [
        ("apt-get", (3, 8, 3, 15)),
        ("install", (3, 16, 3, 23)),
        ("-y", (3, 24, 3, 26)),
        ("curl=7.1", (4, 8, 4, 16)),
    ]
    assert lc(rm.args[1].span) == (5, 12, 5, 14)
    assert inst.connector_before == "&&" and inst.connector_after == "&&"


def test_continuation_inside_word_keeps_exact_value_offsets() -> None:
    doc = 'RUN echo "ab\\\ncd" x'
    text, pos = join_continuations(doc, 4, len(doc))
    s = parse_shell(text, pos, src_of(doc))
    w = s.commands[0].args[0]
    assert w.value == "abcd"
    assert lc(w.span) == (1, 10, 2, 4)
    assert w.value_offsets == (10, 11, 14, 15, 17)


def test_yaml_block_positions() -> None:
    doc = 'steps:\n  - run: |\n      set -eu\n      npm ci\n      echo "${{ github.event.issue.title }}"\n'
    start = doc.index("      set")
    text, pos = dedent_block(doc, start, len(doc), 6)
    assert text.startswith("set -eu\nnpm ci\n")
    s = parse_shell(text, pos, src_of(doc, "ci.yml"))
    assert [c.argv[0] for c in s.commands] == ["set", "npm", "echo"]
    assert lc(s.commands[1].span) == (4, 7, 4, 13)
    (g,) = s.github_expressions
    assert g.kind == "github" and g.name == "github.event.issue.title" and g.context == "double"
    assert lc(g.span) == (5, 13, 5, 44)
    assert s.commands[2].args[0].expansions == (g,)


def test_positions_none_and_src_none_give_text_spans() -> None:
    s = parse_shell("a\n  b c")
    assert lc(s.commands[1].args[0].span) == (2, 5, 2, 6)


# ----- quoting and expansions -----


@pytest.mark.parametrize(
    ("text", "value", "quoted", "expanded"),
    [
        ("abc", "abc", False, False),
        ("'a b'", "a b", True, False),
        ('"a b"', "a b", True, False),
        ('"a\\"b\\\\c\\d"', 'a"b\\c\\d', True, False),
        ("a\\ b", "a b", True, False),
        ("$'a\\tb\\x41\\''", "a\tbA'", True, False),
        ('"$HOME"/x', "$HOME/x", True, True),
        ("${A:-b}c", "${A:-b}c", False, True),
        ("'$HOME'", "$HOME", True, False),
        ("a\\\nb", "ab", False, False),
        ("x=$((1 + y))", "x=$((1 + y))", False, True),
    ],
)
def test_word_values(text: str, value: str, quoted: bool, expanded: bool) -> None:
    s = parse_shell("echo " + text)
    (w,) = s.commands[0].args
    assert (w.value, w.quoted, w.has_expansion, w.is_literal) == (value, quoted, expanded, not expanded)


def test_expansion_names_and_kinds() -> None:
    w = parse_shell('echo "$A${B:-$C}$(d)`e`$((f+1))$1${{ matrix.os }}"').commands[0].args[0]
    assert [(e.kind, e.name) for e in w.expansions] == [
        ("var", "A"),
        ("param", "B"),
        ("var", "C"),
        ("cmdsubst", ""),
        ("backtick", ""),
        ("var", "f"),
        ("arith", ""),
        ("special", "1"),
        ("github", "matrix.os"),
    ]
    assert w.variables == ("A", "B", "C", "f")
    assert lc(w.expansions[0].span) == (1, 7, 1, 9)


def test_github_expression_with_quotes_and_operators_is_one_unit() -> None:
    s = parse_shell("echo ${{ github.ref == 'refs/heads/main' && 'a b' || 'c' }} done")
    (c,) = s.commands
    assert len(c.args) == 2
    assert c.args[0].expansions[0].name == "github.ref == 'refs/heads/main' && 'a b' || 'c'"


def test_github_expression_in_single_quotes_heredoc_and_comment() -> None:
    s = parse_shell("echo '${{ a }}'\ncat <<EOF\n${{ b }}\nEOF\n# ${{ c }}\n")
    assert [(g.name, g.context) for g in s.github_expressions] == [
        ("a", "single"),
        ("b", "heredoc"),
        ("c", "comment"),
    ]


def test_glob_flag() -> None:
    a, b = one("ls *.whl '*.txt'").args
    assert a.has_glob and not b.has_glob


# ----- commands, lists, compound -----


def test_operators_and_connectors() -> None:
    s = parse_shell("a && b || c; d & e |& f\ng")
    got = [(c.argv[0], c.connector_before, c.connector_after, c.background) for c in s.commands]
    assert got == [
        ("a", None, "&&", False),
        ("b", "&&", "||", False),
        ("c", "||", ";", False),
        ("d", ";", "&", True),
        ("e", "&", "|&", False),
        ("f", "|&", "\n", False),
        ("g", "\n", None, False),
    ]


def test_comments_only_at_word_start() -> None:
    assert cmds("echo a#b # comment && rm x\nls") == [("echo", "a#b"), ("ls",)]


def test_assignments() -> None:
    s = parse_shell('A=1 B="x y" C= cmd arg D=2\nE=5')
    c, e = s.commands
    assert [(a.name, a.value.value if a.value else None) for a in c.assignments] == [
        ("A", "1"),
        ("B", "x y"),
        ("C", None),
    ]
    assert c.argv == ("cmd", "arg", "D=2")
    b = c.assignments[1]
    assert b.value is not None and lc(b.value.span) == (1, 7, 1, 12)
    assert e.name is None and e.assignments[0].name == "E"


def test_keywords_are_not_command_names() -> None:
    text = """
if [ -f x ]; then a; elif b; then c; else d; fi
for i in 1 $(seq 3); do e "$i"; done
while read l; do f; done < list
until g; do h; done
case "$x" in
  a|b) i ;;
  (*) j ;;
esac
( k; l )
{ m; n; }
function fn { o; }
fn2() { p; }
! q
echo if then fi
"""
    s = parse_shell(text)
    assert s.errors == ()
    got = [(c.argv[0], c.nested_in) for c in s.commands]
    assert got == [
        ("[", "if"),
        ("a", "if"),
        ("b", "if"),
        ("c", "if"),
        ("d", "if"),
        ("seq", "cmdsubst"),
        ("e", "for"),
        ("read", "while"),
        ("f", "while"),
        ("g", "until"),
        ("h", "until"),
        ("i", "case"),
        ("j", "case"),
        ("k", "subshell"),
        ("l", "subshell"),
        ("m", "group"),
        ("n", "group"),
        ("o", "function"),
        ("p", "function"),
        ("q", None),
        ("echo", None),
    ]
    assert s.commands[-2].negated
    assert s.commands[-1].argv == ("echo", "if", "then", "fi")


def test_nested_substitution_contexts() -> None:
    s = parse_shell('x=$(a "$(b `c`)")')
    assert [(c.argv[0], c.contexts) for c in s.commands if c.name] == [
        ("a", ("cmdsubst",)),
        ("b", ("cmdsubst", "cmdsubst")),
        ("c", ("cmdsubst", "cmdsubst", "backtick")),
    ]
    assert s.commands[1].nested and not s.commands[0].nested
    assert lc(s.commands[3].span) == (1, 13, 1, 14)


def test_case_inside_command_substitution() -> None:
    s = parse_shell("v=$(case $x in a) echo 1;; esac) && z")
    assert [c.argv[0] for c in s.commands if c.name] == ["echo", "z"]
    assert s.errors == ()


def test_double_bracket_test() -> None:
    c = one('[[ -n "$a" && $b < 3 ]]')
    assert c.argv == ("[[", "-n", "$a", "&&", "$b", "<", "3", "]]")


def test_arithmetic_command_and_c_style_for() -> None:
    assert cmds("(( i++ )); for ((i=0; i<3; i++)); do x; done") == [("x",)]


def test_array_assignment() -> None:
    c = one("arr=(a 'b c') cmd")
    assert c.assignments[0].name == "arr" and c.argv == ("cmd",)


# ----- redirects and here-docs -----


def test_redirects() -> None:
    c = one("cmd 2>&1 >out.txt <in &>all >>app 3<>rw <<<here")
    got = [(r.op, r.fd, r.target.value if r.target else None) for r in c.redirects]
    assert got == [
        (">&", 2, "1"),
        (">", None, "out.txt"),
        ("<", None, "in"),
        ("&>", None, "all"),
        (">>", None, "app"),
        ("<>", 3, "rw"),
        ("<<<", None, "here"),
    ]
    assert c.argv == ("cmd",)
    assert lc(c.redirects[0].span) == (1, 5, 1, 9)


def test_heredoc_bodies_are_skipped() -> None:
    text = "cat <<EOF >/etc/x\nrm -rf /\n$(evil)\nEOF\ncat <<-'END'\n\tapt-get install x\n\tEND\necho done\n"
    s = parse_shell(text)
    assert [c.argv for c in s.commands] == [("cat",), ("cat",), ("echo", "done")]
    h1, h2 = s.heredocs
    assert (h1.delimiter, h1.quoted, h1.strip_tabs, h1.body) == ("EOF", False, False, "rm -rf /\n$(evil)\n")
    assert (h2.delimiter, h2.quoted, h2.strip_tabs) == ("END", True, True)
    assert h1.span is not None and lc(h1.span) == (2, 1, 4, 1)
    assert s.commands[0].redirects[0].heredoc is h1


def test_two_heredocs_on_one_line() -> None:
    s = parse_shell("paste <<A <<B\n1\nA\n2\nB\nls\n")
    assert [c.argv for c in s.commands] == [("paste",), ("ls",)]
    assert [h.body for h in s.heredocs] == ["1\n", "2\n"]


# ----- options -----


def test_has_flag_combined_and_long() -> None:
    c = one("apt-get -qq install -y --no-install-recommends -oDpkg::Options::=--force-yes pkg")
    assert c.has_flag("-y")
    assert c.has_flag("-q")
    assert c.has_flag("--no-install-recommends")
    assert not c.has_flag("--force-yes")
    assert c.option_value("-o") == "Dpkg::Options::=--force-yes"
    assert [w.value for w in c.positionals()] == ["install", "pkg"]
    assert c.subcommand is not None and c.subcommand.value == "install"


def test_option_values_and_double_dash() -> None:
    c = one("pip install --index-url=https://x -r req.txt -- -weird")
    assert c.option_value("--index-url") == "https://x"
    assert c.option_value("-r", "--requirement") == "req.txt"
    assert [w.value for w in c.positionals()] == ["install", "-weird"]


def test_value_option_declared_by_caller() -> None:
    c = one("tool -x val sub")
    assert c.subcommand is not None and c.subcommand.value == "val"
    assert [w.value for w in c.positionals(takes_value={"-x"})] == ["sub"]


# ----- wrappers -----


@pytest.mark.parametrize(
    ("text", "argv"),
    [
        ("sudo -u root -E apt-get install x", ("apt-get", "install", "x")),
        ("env -i A=1 B=2 /usr/bin/apt-get update", ("/usr/bin/apt-get", "update")),
        ("nice -n 10 time -p nohup make", ("make",)),
        ("exec -a name node server.js", ("node", "server.js")),
        ("xargs -n1 -I{} curl {}", ("curl", "{}")),
        ("timeout -s KILL 10 wget x", ("wget", "x")),
        ("command -v curl", ("command", "-v", "curl")),
        ("sudo", ("sudo",)),
        ("gosu app npm start", ("npm", "start")),
    ],
)
def test_effective(text: str, argv: tuple[str, ...]) -> None:
    assert one(text).effective().argv == argv


def test_effective_spans_and_env_assignments() -> None:
    c = one("sudo env A=1 apt-get update").effective()
    assert c.name is not None and c.command_name == "apt-get"
    assert lc(c.span) == (1, 14, 1, 28)
    assert [(a.name, a.value.value if a.value else None) for a in c.assignments] == [("A", "1")]
    assert lc(c.assignments[0].value.span if c.assignments[0].value else c.span) == (1, 12, 1, 13)
    assert [w.value for w in c.wrappers] == ["sudo", "env", "A=1"]


def test_commands_named_matches_basename_through_wrappers() -> None:
    s = parse_shell("/usr/bin/apt-get update; sudo apt-get install x; echo apt-get")
    assert [c.argv[1] for c in s.commands_named("apt-get")] == ["update", "install"]


# ----- pipelines and pipefail -----


def test_pipelines() -> None:
    s = parse_shell("curl -s x | tar xz | grep q; a | while read l; do b; done")
    p1, p2 = s.pipelines
    assert [c.argv[0] for c in p1.commands] == ["curl", "tar", "grep"]
    assert p1.size == 3 and p1.operators == ("|", "|")
    assert lc(p1.span) == (1, 1, 1, 28)
    assert [c.pipeline_index for c in p1.commands] == [0, 1, 2]
    assert p2.size == 2 and [c.argv[0] for c in p2.commands] == ["a"]
    curl = s.commands[0]
    assert curl.pipeline is p1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a | b", False),
        ("set -o pipefail; a | b", True),
        ("set -euo pipefail\na | b", True),
        ("set -eux -o pipefail && a | b", True),
        ("a | b; set -o pipefail; c | d", False),
        ("set -o pipefail; set +o pipefail; a | b", False),
        ("set -e; a | b", False),
        ("set -o pipefail", True),
        ("echo", False),
        ("bash -o pipefail -c 'a | b'", True),
        ("bash -c 'a | b'", False),
    ],
)
def test_pipefail(text: str, expected: bool) -> None:
    assert parse_shell(text).uses_pipefail is expected


# ----- sh -c -----


def test_sh_c_literal_string_is_parsed_with_spans() -> None:
    s = parse_shell("su-exec app sh -ec 'apt-get update && echo \"$X\"' arg0")
    names = [(c.argv[0], c.nested_in) for c in s.commands]
    assert names == [("su-exec", None), ("apt-get", "sh -c"), ("echo", "sh -c")]
    inner = s.commands[1]
    assert lc(inner.span) == (1, 21, 1, 35)
    assert s.commands[2].args[0].value == "$X"
    assert lc(s.commands[2].args[0].span) == (1, 44, 1, 48)


def test_sh_c_non_literal_not_parsed() -> None:
    assert len(parse_shell('bash -c "$CMD"').commands) == 1


# ----- robustness -----


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("echo 'abc", "unterminated single quote"),
        ('echo "abc', "unterminated double quote"),
        ("echo $(abc", "unterminated command substitution"),
        ("a )", "unexpected ')'"),
        ("echo ${x", "unterminated ${"),
        ("echo `x", "unterminated backquote"),
        ("cat <<EOF\nabc", "here-document delimited by end of text ('EOF')"),
        ("a |", "'|' needs a command after it"),
        ("if a; then b", "expected 'fi' to close 'if'"),
        ("{ a", "expected '}' to close '{'"),
        ("a >", "'>' needs a target"),
        ("&& b", "unexpected '&&'"),
        ("fi", "unexpected 'fi'"),
    ],
)
def test_errors_not_exceptions(text: str, message: str) -> None:
    s = parse_shell(text)
    assert message in [e.message.replace("(wanted ", "(") for e in s.errors]


def test_deep_nesting_is_refused_not_crashed() -> None:
    s = parse_shell("echo " + "$(" * 400 + "x" + ")" * 400)
    assert any("nested deeper than" in e.message for e in s.errors)
    s = parse_shell("( " * 400 + "x" + " )" * 400)
    assert any("nested deeper than" in e.message for e in s.errors)
    s = parse_shell("echo " + "`" * 50)
    assert isinstance(s, Script)


def test_error_spans() -> None:
    (e,) = parse_shell("ok; echo 'abc").errors
    assert lc(e.span) == (1, 10, 1, 11)


def test_other_dialects_give_empty_script() -> None:
    s = parse_shell("Get-ChildItem | % { $_ }", shell_dialect="pwsh")
    assert s.commands == () and s.errors == ()
    assert parse_shell("dir", shell_dialect="cmd").commands == ()
    assert len(parse_shell("ls", shell_dialect="/bin/bash").commands) == 1


def test_long_line_and_large_script_fast() -> None:
    parse_shell("a")
    line = "echo " + "x" * 100_000
    assert one(line).args[0].value == "x" * 100_000
    big = 'apt-get install -y --no-install-recommends curl=1.2 "$(echo x)" | tee /x; # c\n' * 650
    assert len(big) > 50_000
    best = min(_timed(big) for _ in range(3))
    assert best < 2.0  # catches quadratic blow-ups; typically ~70 ms on an idle machine


def _timed(text: str) -> float:
    t0 = time.perf_counter()
    parse_shell(text)
    return time.perf_counter() - t0


def test_iter_words() -> None:
    s = parse_shell("A=1 cmd x >out")
    assert [w.raw for w in s.iter_words()] == ["A=1", "cmd", "x", "out"]
