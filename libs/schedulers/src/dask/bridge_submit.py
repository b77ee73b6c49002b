"""Submitting tasks, many per request: a few scheduler round trips for all of them."""

import json

from bridge_protocol import BridgeError
from bridge_remote import run_callable

CALLABLE_FORMAT = "package.module:function"


def callable_text(value, name):
    module_name, _, attribute = value.partition(":") if isinstance(value, str) else ("", "", "")
    if not module_name or not attribute:
        raise BridgeError("BadRequest", f"{name} must look like {CALLABLE_FORMAT!r} (got {value!r})")
    return value


def parse_task(task):
    """One task of a submit request, checked (``BadRequest`` otherwise)."""
    if not isinstance(task, dict):
        raise BridgeError("BadRequest", "a task must be a JSON object")
    key = task.get("key")
    if not isinstance(key, str) or not key:
        raise BridgeError("BadRequest", "key must be a non-empty string")
    args, kwargs = task.get("args", []), task.get("kwargs", {})
    if not isinstance(args, list) or not isinstance(kwargs, dict):
        raise BridgeError("BadRequest", "args must be a JSON array and kwargs a JSON object")
    return {
        "key": key,
        "target": callable_text(task.get("callable"), "callable"),
        # One JSON string, so that Dask never reads task keys into the arguments (see run_callable).
        "payload": json.dumps({"args": args, "kwargs": kwargs}),
        "resources": task.get("resources"),
        "priority": task.get("priority", 0),
        "retries": task.get("retries"),
    }


def submit_tasks(conn, tasks, timeout):
    """Submit checked tasks under their keys; returns ``{key: reply}``.

    Every key is published first (``Connection.reserve``), so an interrupted
    submission never leaves a task that runs twice. The graph then travels on
    the client's batched stream, which no reply confirms: the call waits until
    the scheduler has every task, so that a key the caller records always has
    a task behind it (a ``states`` call never finds it missing).
    """
    keys = [task["key"] for task in tasks]
    held = {key: conn.holds(key) for key in keys}
    before = conn.reserve(keys, timeout)
    client = conn.get_client(timeout)
    futures = {
        task["key"]: client.submit(
            run_callable,
            task["target"],
            task["payload"],
            key=task["key"],
            pure=False,
            resources=task["resources"],
            priority=task["priority"],
            retries=task["retries"],
        )
        for task in tasks
    }
    conn.wait_until_known(keys, timeout)
    for key, future in futures.items():
        conn.attach(key, future)
    return {
        key: {"key": key, "existing": held[key] or before[key]["state"] != "forgotten", "previousState": before[key]["state"]}
        for key in keys
    }
