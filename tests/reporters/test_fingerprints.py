"""primaryLocationLineHash: must equal what github/codeql-action's upload-sarif computes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from deploylint.reporters._locate import line_hashes

# Values computed by the upload-sarif action (github/codeql-action, src/fingerprints.test.ts),
# quoted here as reference data.
ACTION_VALUES = [
    ("", ["c129715d7a2bc9a3:1"]),
    (" a\nb\n  \t\tc\n d", ["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"]),
    (
        " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End",
        [
            "8b7cf3e952e7aeb2:1",
            "b1ae1287ec4718d9:1",
            "bff680108adb0fcc:1",
            "c6805c5e1288b612:1",
            "b86d3392aea1be30:1",
            "e6ceba753e1a442:1",
        ],
    ),
    (
        "x = 2\nx = 1\nprint(x)\nx = 3\nprint(x)\nx = 4\nprint(x)\n",
        [
            "e54938cc54b302f1:1",
            "bb609acbe9138d60:1",
            "1131fd5871777f34:1",
            "5c482a0f8b35ea28:1",
            "54517377da7028d2:1",
            "2c644846cb18d53e:1",
            "f1b89f20de0d133:1",
            "c129715d7a2bc9a3:1",
        ],
    ),
]

GREETINGS = [
    "e9496ae3ebfced30:1",
    "fb7c023a8b9ccb3f:1",
    "ce8ba1a563dcdaca:1",
    "e20e36e16fcb0cc8:1",
    "b3edc88f2938467e:1",
    "c8e28b0b4002a3a0:1",
    "c129715d7a2bc9a3:1",
]


def test_matches_values_the_action_computed() -> None:
    for text, expected in ACTION_VALUES:
        assert line_hashes(text) == expected, repr(text)


def test_every_line_ending_gives_the_same_hashes() -> None:
    for text in (
        " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n",
        " hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r",
        " hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n",
        " hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n",
    ):
        assert line_hashes(text) == GREETINGS


def test_repeated_lines_are_numbered() -> None:
    got = line_hashes("Lorem ipsum dolor sit amet.\n" * 10)
    assert got[:6] == [f"a7f2ff13bc495cf2:{n}" for n in range(1, 7)]
    assert got[6:] == [
        "a7f2ff1481e87703:1",
        "a9cf91f7bbf1862b:1",
        "55ec222b86bcae53:1",
        "cc97dc7b1d7d8f7b:1",
        "c129715d7a2bc9a3:1",
    ]


def test_hand_computed_single_character() -> None:
    # "a" then the EOF marker, then 98 zeros: 97 * 37**99 + 65535 * 37**98 (mod 2**64)
    value = (97 * 37**99 + 65535 * 37**98) % 2**64
    assert line_hashes("a") == [f"{value:x}:1"]
    # spaces and tabs are skipped, so indentation does not change the hash
    assert line_hashes("  \ta") == line_hashes("a")


def test_characters_outside_the_bmp_count_as_two_utf16_units() -> None:
    value = (0xD83D * 37**99 + 0xDE00 * 37**98 + 65535 * 37**97) % 2**64
    assert line_hashes("\U0001f600") == [f"{value:x}:1"]


def _naive(text: str) -> list[str]:
    """The definition, without the rolling update: an independent oracle."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    data = text.encode("utf-16-le")
    units = [int.from_bytes(data[i : i + 2], "little") for i in range(0, len(data), 2)]
    units = [u for u in units if u not in (32, 9)]
    starts = [0] + [i + 1 for i, u in enumerate(units) if u == 10]
    stream = [*units, 65535] + [0] * 100
    seen: dict[str, int] = {}
    out = []
    for s in starts:
        h = 0
        for u in stream[s : s + 100]:
            h = (h * 37 + u) % 2**64
        key = f"{h:x}"
        seen[key] = seen.get(key, 0) + 1
        out.append(f"{key}:{seen[key]}")
    return out


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \t\r\n{};é😀")), max_size=400))
def test_rolling_hash_matches_the_definition(text: str) -> None:
    assert line_hashes(text) == _naive(text)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \t\r\n{};é😀")), max_size=400), st.integers(0, 60))
def test_per_line_hashes_match_the_full_computation(text: str, line: int) -> None:
    from deploylint.reporters._locate import FileHashes

    full = line_hashes(text)
    fh = FileHashes(text)
    assert fh.line_count == len(full)
    assert fh.at(line) == full[min(max(line, 1), len(full)) - 1]


def test_per_line_hashes_count_repeats() -> None:
    from deploylint.reporters._locate import FileHashes

    text = "Lorem ipsum dolor sit amet.\n" * 10
    fh = FileHashes(text)
    assert [fh.at(n) for n in range(1, 12)] == line_hashes(text)
