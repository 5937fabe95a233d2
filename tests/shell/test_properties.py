"""Property tests: any text parses without raising; generated command lines round-trip."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deploylint.shell import Script, Word, parse_shell
from tests.shell.helpers import join_continuations, src_of

_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_shellish = st.lists(
    st.sampled_from(
        [
            *"ab $(){}[]<>|&;'\"`\\\n\t#=*-!{}",
            *("${{", "}}", "<<EOF\n", "\nEOF\n", "if ", "fi", "case ", " in "),
            *("esac", "do ", "done", ";;", "$((", "))", "sh -c "),
        ]
    ),
    max_size=60,
).map("".join)


def _all_spans_inside(s: Script, lo: int, hi: int) -> None:
    def check(w: Word) -> None:
        assert lo <= w.span.start_offset <= w.span.end_offset <= hi + 1, (w, lo, hi)

    for c in s.commands:
        assert lo <= c.span.start_offset <= c.span.end_offset <= hi + 1
        for w in s.iter_words():
            check(w)
    for e in s.errors:
        assert lo <= e.span.start_offset <= hi + 1
    for g in s.github_expressions:
        assert lo <= g.span.start_offset <= g.span.end_offset <= hi


@_SETTINGS
@given(st.text(max_size=200))
def test_arbitrary_text_never_raises(text: str) -> None:
    s = parse_shell(text.replace("\x00", ""))
    _all_spans_inside(s, 0, len(text))


@_SETTINGS
@given(_shellish)
def test_shellish_text_never_raises(text: str) -> None:
    s = parse_shell(text)
    _all_spans_inside(s, 0, len(text))


@_SETTINGS
@given(_shellish)
def test_positions_map_spans_stay_in_the_region(body: str) -> None:
    doc = "FROM x\nRUN " + body.replace("\n", "\\\n") + "\nUSER a\n"
    start = len("FROM x\nRUN ")
    end = doc.index("\nUSER a\n")
    text, pos = join_continuations(doc, start, end)
    s = parse_shell(text, pos, src_of(doc))
    _all_spans_inside(s, start, end)


_plain = st.text(alphabet="abcxyz019._/-+:@", min_size=1, max_size=8).filter(
    lambda v: not v.startswith("-") or len(v) > 1
)
_any = st.text(
    alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), min_size=0, max_size=8
).filter(lambda v: "${{" not in v)


def _quote(value: str, style: int) -> str:
    if style == 0 or "\n" in value:  # backslash-newline is a line continuation, not an escape
        return "'" + value.replace("'", "'\\''") + "'"
    if style == 1:
        return '"' + "".join("\\" + c if c in '"\\$`' else c for c in value) + '"'
    return "".join("\\" + c if not c.isalnum() and c not in "_./-+:@," else c for c in value) if value else "''"


_word = st.one_of(
    _plain.map(lambda v: (v, v)),
    st.tuples(_any, st.integers(0, 2)).map(lambda t: (_quote(t[0], t[1]), t[0])),
)


@_SETTINGS
@given(
    st.lists(st.lists(_word, min_size=1, max_size=6), min_size=1, max_size=4),
    st.sampled_from([" && ", " || ", "; ", " | ", "\n"]),
)
def test_generated_command_lines_round_trip(commands: list[list[tuple[str, str]]], sep: str) -> None:
    reserved = {
        "if",
        "then",
        "elif",
        "else",
        "fi",
        "do",
        "done",
        "case",
        "esac",
        "while",
        "until",
        "for",
        "select",
        "{",
        "}",
        "!",
        "function",
        "in",
        "[[",
        "((",
    }
    lines = []
    for words in commands:
        if words[0][0] in reserved or "=" in words[0][0] or words[0][0].startswith("#"):
            words = [("cmd", "cmd"), *words]
        lines.append(" ".join(raw for raw, _ in words))
    text = sep.join(lines)
    s = parse_shell(text)
    assert s.errors == ()
    assert [c.argv for c in s.commands] == [tuple(v for _, v in words if True) for words in _fixed(commands, reserved)]
    for c in s.commands:
        for w in c.words:
            assert text[w.span.start_offset : w.span.end_offset] == w.raw
            assert w.is_literal


def _fixed(commands: list[list[tuple[str, str]]], reserved: set[str]) -> list[list[tuple[str, str]]]:
    out = []
    for words in commands:
        if words[0][0] in reserved or "=" in words[0][0] or words[0][0].startswith("#"):
            words = [("cmd", "cmd"), *words]
        out.append(words)
    return out
