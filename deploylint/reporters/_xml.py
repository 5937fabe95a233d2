"""Shared bits of the XML reporters."""

from __future__ import annotations

import re
from typing import IO
from xml.etree import ElementTree as ET

# characters XML 1.0 cannot hold at all (scanned files can put them in messages)
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    return _INVALID.sub("\ufffd", text)


def write(root: ET.Element, stream: IO[str]) -> None:
    ET.indent(root, space="  ")
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
