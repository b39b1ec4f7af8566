"""Demo data: a deterministic, clearly fictional population for development and benchmarks.

`seed_demo(...)` and `clear_demo()` are the entry points (see `bodies.demo.service`); the
`seed_demo` management command is a thin wrapper around them.
"""

from bodies.demo.errors import DemoDataError
from bodies.demo.service import (
    DEFAULT_BODIES,
    DEFAULT_CERTIFICATES,
    DEFAULT_SEED,
    DemoReport,
    TableTiming,
    clear_demo,
    demo_rows_exist,
    seed_demo,
)

__all__ = [
    "DEFAULT_BODIES",
    "DEFAULT_CERTIFICATES",
    "DEFAULT_SEED",
    "DemoDataError",
    "DemoReport",
    "TableTiming",
    "clear_demo",
    "demo_rows_exist",
    "seed_demo",
]
