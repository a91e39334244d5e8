"""The unit-function lexicon against documents whose lead units are stated.

    python bench/lexicon_accuracy.py examples/corpus/*-tasks.txt

Prints precision, recall, first-guess precision and coverage per document and overall
(kg.extract.resources.lexicon.evaluate).
"""

from __future__ import annotations

import sys

from kg.extract.resources.lexicon import evaluate
from kg.model import Task
from kg.pipeline import read_extract


def main(argv: list[str]) -> int:
    all_tasks: list[Task] = []
    for path in argv:
        tasks = read_extract(path).tasks
        all_tasks.extend(tasks)
        result = evaluate(tasks)
        print(path, {k: v for k, v in result.items() if k != "missed_by_key"})
    if len(argv) > 1:
        print("all", evaluate(all_tasks))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
