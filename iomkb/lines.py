"""How a span of source lines is named to readers: "line 42", "lines 42–45"."""


def describe_lines(start, end=None):
    if not start:
        return ""
    end = end or start
    return f"line {start}" if end == start else f"lines {start}–{end}"
