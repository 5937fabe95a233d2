"""Shared bits of the XML reporters."""

from __future__ import annotations

from typing import IO
from xml.etree import ElementTree as ET

from deploylint.reporters._escape import xml as clean

__all__ = ["clean", "write"]


def write(root: ET.Element, stream: IO[str]) -> None:
    ET.indent(root, space="  ")
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
