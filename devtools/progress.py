"""Progress bars (rich) for long CLI runs; a callback (label, done, total) that jobs call."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

Progress = Callable[[str, int, int | None], None]


@contextmanager
def bar() -> Iterator[Progress]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Rich

    tasks: dict[str, TaskID] = {}
    with Rich(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
              transient=False, console=Console(stderr=True)) as rich:  # stdout stays the JSON result
        def update(label: str, done: int, total: int | None) -> None:
            if label not in tasks:
                tasks[label] = rich.add_task(label, total=total)
            rich.update(tasks[label], completed=done, total=total)

        yield update
