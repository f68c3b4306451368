"""Fuzz the source-text parser and time it on a 1 MB text.

    .venv/bin/python scripts/fuzz_parser.py [--cases 100000] [--seed 1]

Random texts are built from line shapes the heading rules look at (and random characters);
each must parse or raise ParseError, and a parsed text must give every non-blank line exactly
one owner (the same check as tests/test_parser_family.py, which runs 1,500 cases).
"""

import argparse
import random
import string
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from iomkb.sourcetext import ParseError, parse  # noqa: E402
from tests.test_parser_family import _PIECES, check_invariants  # noqa: E402


def random_line(rng: random.Random) -> str:
    if rng.random() < 0.8:
        return rng.choice(_PIECES)
    alphabet = string.ascii_letters + string.digits + " .?!:;,*_#-•>\"'()[]\t"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))


def fuzz(cases: int, seed: int) -> tuple[int, int]:
    rng = random.Random(seed)
    parsed = refused = 0
    for _ in range(cases):
        text = "\n".join(random_line(rng) for _ in range(rng.randint(1, 20)))
        try:
            doc = parse(text)
        except ParseError:
            refused += 1
            continue
        check_invariants(doc)
        parsed += 1
    return parsed, refused


def one_megabyte_text() -> str:
    seed = (ROOT / "fixtures" / "source" / "iom-global-migration-governance.txt").read_text()
    title, _, body = seed.partition("\n")
    copies = 1_000_000 // len(body) + 1
    return title + "\n" + "\n".join([body] * copies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    started = time.perf_counter()
    parsed, refused = fuzz(args.cases, args.seed)
    elapsed = time.perf_counter() - started
    print(f"fuzz: {args.cases:,} texts, {parsed:,} parsed, {refused:,} refused, {elapsed:.1f} s")

    text = one_megabyte_text()
    started = time.perf_counter()
    doc = parse(text)
    elapsed = time.perf_counter() - started
    size = len(text.encode())
    print(f"1 MB text: {size:,} bytes, {len(doc.sections):,} sections, parsed in {elapsed:.2f} s")


if __name__ == "__main__":
    main()
