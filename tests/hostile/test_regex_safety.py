"""Every module-level compiled regex in deploylint against adversarial inputs, with a time bound.

New patterns are covered automatically: the test imports every module under ``deploylint/`` and
collects each ``re.Pattern`` held at module level (also inside module-level tuples, lists and
dicts). Inputs are built from the pattern's own literals and classes: long runs of one character
or of a pair, each followed by a character that makes the match fail, which is what drives
backtracking into quadratic or exponential time. ``re`` checks for signals while it matches, so a
timer stops a runaway pattern and the test names it.
"""

from __future__ import annotations

import contextlib
import importlib
import pkgutil
import re
import signal
from collections.abc import Iterator

import pytest

import deploylint

try:  # Python 3.11+ moved the parser; the old name still works with a warning
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

#: seconds of this process's own CPU time one adversarial input may take (search + match +
#: finditer); a CPU-time timer (ITIMER_VIRTUAL) keeps the bound independent of other test workers
PER_INPUT_SECONDS = 3.0
#: run length: exponential and cubic patterns blow the bound; quadratic ones stay well under it
RUN = 2000


def _modules() -> Iterator[object]:
    yield deploylint
    for info in pkgutil.walk_packages(deploylint.__path__, "deploylint."):
        yield importlib.import_module(info.name)


def _patterns_in(value: object, depth: int = 0) -> Iterator[re.Pattern[str]]:
    if isinstance(value, re.Pattern):
        if isinstance(value.pattern, str):
            yield value
    elif depth < 2 and isinstance(value, (tuple, list, frozenset, set)):
        for v in value:
            yield from _patterns_in(v, depth + 1)
    elif depth < 2 and isinstance(value, dict):
        for v in value.values():
            yield from _patterns_in(v, depth + 1)


def collect() -> dict[str, re.Pattern[str]]:
    found: dict[str, re.Pattern[str]] = {}
    for module in _modules():
        for name, value in sorted(vars(module).items()):
            for i, pat in enumerate(_patterns_in(value)):
                found.setdefault(f"{module.__name__}.{name}" + (f"[{i}]" if i else ""), pat)
    return found


_CLASS_SAMPLES = {
    sre_parse.CATEGORY_DIGIT: "7",
    sre_parse.CATEGORY_NOT_DIGIT: "a",
    sre_parse.CATEGORY_SPACE: " \t",
    sre_parse.CATEGORY_NOT_SPACE: "a-",
    sre_parse.CATEGORY_WORD: "a_",
    sre_parse.CATEGORY_NOT_WORD: " -",
}


def _chars(pattern: str) -> list[str]:
    """Characters the pattern mentions (literals, class members, class samples)."""
    out: set[str] = set()

    def walk(items: object) -> None:
        for op, av in items:  # type: ignore[attr-defined]
            if op is sre_parse.LITERAL:
                out.add(chr(av))
            elif op is sre_parse.IN:
                for sop, sav in av:
                    if sop is sre_parse.LITERAL:
                        out.add(chr(sav))
                    elif sop is sre_parse.RANGE:
                        out.update({chr(sav[0]), chr(sav[1])})
                    elif sop is sre_parse.CATEGORY:
                        out.update(_CLASS_SAMPLES.get(sav, ""))
            elif op is sre_parse.ANY:
                out.add("a")
            elif op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT):
                walk(av[2])
            elif op is sre_parse.SUBPATTERN:
                walk(av[-1])
            elif op is sre_parse.BRANCH:
                for b in av[1]:
                    walk(b)
            elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
                walk(av[1])
            elif op is sre_parse.CATEGORY:
                out.update(_CLASS_SAMPLES.get(av, ""))

    with contextlib.suppress(Exception):  # unparseable here: the generic inputs still run
        walk(sre_parse.parse(pattern))
    return sorted(out)


_GENERIC = [
    " ",
    "\t",
    "a",
    "0",
    "-",
    "$",
    "{",
    "}",
    "${{",
    "\\",
    "'",
    '"',
    "/",
    ":",
    "=",
    ",",
    ";",
    "#",
    "*",
    "@",
    "\n",
]


def adversarial(pattern: str, run: int = RUN) -> Iterator[str]:
    chars = sorted(set(_chars(pattern)) | set(_GENERIC))
    for end in ("\x00", "!", ""):
        for c in chars:
            yield c * run + end
    pairs = [a + b for a in chars[:24] for b in chars[:24] if a != b]
    for p in pairs[:: max(1, len(pairs) // 120)]:
        yield p * (run // 2) + "\x00"
    yield "".join(chars) * (run // max(1, len(chars))) + "\x00"


class _Slow(BaseException):
    pass


def _alarm(_s: int, _f: object) -> None:
    raise _Slow


PATTERNS = collect()


def test_patterns_are_collected() -> None:
    # a sanity floor: the foundation alone has several; parsers add more
    assert len(PATTERNS) >= 5
    assert "deploylint.kinds._COMPOSE_RE" in PATTERNS


def _run(name: str, run: int, per_input: float) -> None:
    pat = PATTERNS[name]
    previous = signal.signal(signal.SIGVTALRM, _alarm)
    current = ""
    try:
        for text in adversarial(pat.pattern, run):
            current = text
            signal.setitimer(signal.ITIMER_VIRTUAL, per_input)
            pat.search(text)
            pat.match(text)
            for _ in zip(range(100), pat.finditer(text), strict=False):
                pass
            signal.setitimer(signal.ITIMER_VIRTUAL, 0)
    except _Slow:
        sample = current[:12] + ("..." if len(current) > 12 else "")
        pytest.fail(f"{name} = {pat.pattern!r} takes more than {per_input} s on {sample!r} x{len(current)}")
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs POSIX timers")
@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_no_catastrophic_backtracking(name: str) -> None:
    """Exponential and cubic patterns blow a 2,000-character input; quadratic ones do not."""
    _run(name, RUN, PER_INPUT_SECONDS)


#: quadratic only where it cannot matter, with the reason
QUADRATIC_OK = {
    "deploylint.testing._ITEM": "reads the expect markers of our own test cases",
    "deploylint.models.workflow._ASSIGN": "only used with fullmatch on one shell word",
}


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs POSIX timers")
@pytest.mark.parametrize("name", sorted(set(PATTERNS) - set(QUADRATIC_OK)))
def test_no_quadratic_blowup_on_long_runs(name: str) -> None:
    """20,000 characters: a quadratic search takes seconds here, a linear one milliseconds."""
    _run(name, 20_000, 5.0)


def test_the_detector_catches_a_bad_pattern() -> None:
    bad = re.compile(r"^(\s*a\s*)+$")
    previous = signal.signal(signal.SIGVTALRM, _alarm)
    signal.setitimer(signal.ITIMER_VIRTUAL, 0.5)
    caught = False
    try:
        for text in adversarial(bad.pattern):
            bad.search(text)
    except _Slow:
        caught = True
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)
    assert caught
