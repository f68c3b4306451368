"""From bytes or str to lines: decoding, line endings, and refusing what is not text."""

import re

from .document import ParseError

# C0 controls and DEL, except tab and form feed (text tools write those); XML cannot carry them.
_CONTROL_CHARACTER = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes | str) -> str:
    if isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ParseError("not UTF-8 text: the file is UTF-16 encoded; save it as UTF-8")
        if (nul := raw.find(b"\x00")) != -1:
            raise ParseError(f"not UTF-8 text: binary data (NUL byte at position {nul})")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            before = raw[: exc.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
            line = before.count(b"\n") + 1
            raise ParseError(
                f"not UTF-8 text: invalid byte 0x{raw[exc.start]:02x} "
                f"at position {exc.start} (line {line})"
            ) from None
    elif isinstance(data, str):
        text = data
        if (nul := text.find("\x00")) != -1:
            raise ParseError(f"not UTF-8 text: binary data (NUL character at position {nul})")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ParseError(
                f"not UTF-8 text: unencodable character at position {exc.start}"
            ) from None
    else:
        raise TypeError(f"parse() expects bytes or str, not {type(data).__name__}")
    return text.removeprefix("\ufeff")


def refuse_control_characters(lines: list[str]) -> None:
    for number, line in enumerate(lines, start=1):
        if match := _CONTROL_CHARACTER.search(line):
            raise ParseError(
                f"not text: binary data (control character 0x{ord(match[0]):02x} on line {number})"
            )


def split_lines(text: str) -> list[str]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[-1] == "":
        lines.pop()  # a final newline ends the last line; it does not start a new one
    return lines
