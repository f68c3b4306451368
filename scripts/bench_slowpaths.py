"""Time the word diff and Markdown rendering on hostile inputs an Editor can save.

Each case runs in a child process, killed past --timeout seconds (then reported as "> N s").
    .venv/bin/python scripts/bench_slowpaths.py [--timeout 60] [--only diff|markdown]
"""

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iomkb.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

KB = 1000


def words(prefix, count, per_paragraph=0):
    """`count` distinct words; a blank line every `per_paragraph` words if given."""
    parts = []
    for index in range(count):
        parts.append(f"{prefix}{index}")
        parts.append("\n\n" if per_paragraph and (index + 1) % per_paragraph == 0 else " ")
    return "".join(parts).strip()


def words_of_size(prefix, size, per_paragraph=0):
    count = 1
    while len(words(prefix, count, per_paragraph)) < size:
        count *= 2
    return words(prefix, count, per_paragraph)[:size]


def one_word_changed(size):
    text = words_of_size("word", size, per_paragraph=80)
    middle = len(text) // 2
    return text, text[:middle] + "CHANGED" + text[middle + 7 :]


def diff_cases():
    return {
        "1,000 vs 1,000 words, none shared": (words("old", 1000), words("new", 1000)),
        "11 KB vs 11 KB, none shared": (words_of_size("o", 11 * KB), words_of_size("n", 11 * KB)),
        "100 KB vs 100 KB, none shared, one paragraph": (
            words_of_size("o", 100 * KB),
            words_of_size("n", 100 * KB),
        ),
        "100 KB vs 100 KB, none shared, 80-word paragraphs": (
            words_of_size("o", 100 * KB, 80),
            words_of_size("n", 100 * KB, 80),
        ),
        "100 KB, one word changed": one_word_changed(100 * KB),
        "100 KB vs empty": (words_of_size("o", 100 * KB, 80), ""),
    }


def nested_list(size):
    lines, depth = [], 0
    while sum(map(len, lines)) < size:
        lines.append("    " * depth + "- item\n")
        depth = (depth + 1) % 200
    return "".join(lines)[:size]


def markdown_cases():
    size = 100 * KB
    return {
        '"[" * 20000': "[" * 20000,
        '"[" * 100000': "[" * size,
        '"](" * 50000': "](" * (size // 2),
        '"![" * 50000': "![" * (size // 2),
        '"[a](" * 25000': "[a](" * (size // 4),
        '"*" * 100000': "*" * size,
        '"_" * 100000': "_" * size,
        '"* " * 50000': "* " * (size // 2),
        '"`" * 100000': "`" * size,
        '"<" * 100000': "<" * size,
        '"<a " * 33333': "<a " * (size // 3),
        '"&" * 100000': "&" * size,
        '"> " * 50000': "> " * (size // 2),
        '"|" lines (table)': ("|" * 99 + "\n") * (size // 100),
        "nested lists, 100 KB": nested_list(size),
        "plain prose, 100 KB": words_of_size("word", size, per_paragraph=80),
    }


def run_diff(old, new):
    from iomkb.textdiff import inline_diff

    inline_diff(old, new)


def run_markdown(text):
    from iomkb.markdown import render_markdown

    render_markdown(text)


def warm_up():
    """Django setup and Markdown's first-call extension lookup, outside the timings."""
    import django

    django.setup()
    run_diff("a", "b")
    run_markdown("a")


def timed(target, args, timeout):
    def child(queue):
        start = time.perf_counter()
        target(*args)
        queue.put(time.perf_counter() - start)

    queue = multiprocessing.Queue()
    process = multiprocessing.Process(target=child, args=(queue,))
    process.start()
    process.join(timeout)
    if process.is_alive():
        process.kill()
        process.join()
        return f"> {timeout} s"
    return f"{queue.get():.3f} s" if process.exitcode == 0 else f"error ({process.exitcode})"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--timeout", type=int, default=60)
    parser.add_argument("--only", choices=["diff", "markdown"])
    args = parser.parse_args()
    multiprocessing.set_start_method("fork")
    warm_up()
    if args.only != "markdown":
        print("inline_diff")
        for name, (old, new) in diff_cases().items():
            print(f"  {name:55} {timed(run_diff, (old, new), args.timeout)}", flush=True)
    if args.only != "diff":
        print("render_markdown")
        for name, text in markdown_cases().items():
            print(f"  {name:55} {timed(run_markdown, (text,), args.timeout)}", flush=True)


if __name__ == "__main__":
    main()
