"""Baseline of bench/dask-throughput: the same trivial tasks submitted and
gathered with a plain Dask client, one submit per task as the API does.

Usage: direct_client.py ADDRESS N  (prints {"seconds": ...} on stdout)
The workers import ``jobs_test_callables`` from their PYTHONPATH, as for the
jobs run through the API.
"""

import json
import sys
import time
import uuid

from distributed import Client
from jobs_test_callables import add


def main():
    address, n = sys.argv[1], int(sys.argv[2])
    run = uuid.uuid4().hex[:8]
    with Client(address, set_as_default=False) as client:
        client.submit(add, 0, 0, key=f"direct-warmup-{run}", pure=False).result()
        started = time.perf_counter()
        futures = [client.submit(add, i, 1, key=f"direct-{run}-{i}", pure=False) for i in range(n)]
        results = client.gather(futures)
        seconds = time.perf_counter() - started
    assert results == [i + 1 for i in range(n)]
    print(json.dumps({"seconds": seconds}))


if __name__ == "__main__":
    main()
