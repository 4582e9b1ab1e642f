"""Run every benchmark module listed here, in order. Each has run() and prints its own table."""

import importlib
import sys
import traceback

from bench.harness import setup_django

MODULES = [
    "bench.foundation",
    "bench.movements",
    "bench.province",
    "bench.home",
    "bench.documents",
    "bench.reading",
    "bench.commendations",
    "bench.surveys",
    "bench.imports",
    "bench.statistics",
    "bench.api",
    "bench.speech",
    "bench.signatures",
    "bench.load",
]


def main() -> int:
    setup_django()
    only = sys.argv[1:]
    for name in MODULES:
        if only and name.split(".")[-1] not in only:
            continue
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        try:
            module.run()
        except Exception:  # one broken benchmark should not hide the others' figures
            print(f"\n## {name}: failed")
            traceback.print_exc()
    return 0


if __name__ == "__main__":
    sys.exit(main())
