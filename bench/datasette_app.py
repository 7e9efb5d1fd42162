"""The peer: Datasette serving the benchmark's SQLite file, as an ASGI app for uvicorn workers.

Configured the way a careful publisher would run it for traffic: the file is immutable with
its table counts pre-computed (`datasette inspect`), so pages do not count 1M rows each time,
and facet suggestions are off. Runs in bench/.venv-datasette (not a project dependency).
Environment: BENCH_SQLITE (the file), BENCH_INSPECT (the inspect JSON).
"""

import json
import os
from typing import Any

from datasette.app import Datasette


def create() -> Any:
    path = os.environ["BENCH_SQLITE"]
    with open(os.environ["BENCH_INSPECT"], encoding="utf-8") as f:
        inspect_data = json.load(f)
    datasette = Datasette(
        immutables=[path],
        inspect_data=inspect_data,
        settings={"suggest_facets": False, "default_page_size": 20, "sql_time_limit_ms": 5000},
    )
    return datasette.app()
