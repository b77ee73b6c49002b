"""Turning a gathered task result into a reply: inline JSON when small, else a file."""

import json
import os
import traceback

import cloudpickle

from bridge_protocol import BridgeError
from bridge_remote import run_processor, unbox
from bridge_submit import callable_text

_NOT_GATHERED = object()


def result_reply(conn, key, request, info, timeout, gathered=_NOT_GATHERED):
    """The reply to a result request for ``key`` whose scheduler state is ``info``.

    ``gathered`` is the task's value when it was already fetched with others.
    """
    if info["state"] == "erred":
        return {"state": "erred", "exception": info["exception"], "traceback": info["traceback"]}
    if info["state"] == "forgotten":
        raise BridgeError("NotFound", f"the scheduler has no result for {key!r} (never submitted, released or cancelled)")
    if info["state"] != "memory":
        raise BridgeError("NotFinished", f"{key!r} is not finished (state {info['state']})")
    processor = request.get("processWith")
    if processor is not None:
        future = conn.handle(key, timeout)
        value = process_result(conn.get_client(timeout), future, callable_text(processor, "processWith"), timeout)
    elif gathered is not _NOT_GATHERED:
        value = gathered
    else:
        value = unbox(conn.handle(key, timeout).result(timeout=timeout))
    reply = encode_result(value, int(request.get("maxInlineBytes", 65536)), request.get("filePath"))
    if "reruns" in info:
        reply["reruns"] = info["reruns"]
    return reply


def gather_values(conn, keys, timeout):
    """The values of many finished tasks in one transfer: ``{key: value}``.

    Empty when that fails (a worker holding one died, say): each result is
    then read on its own and reports its own error.
    """
    if len(keys) < 2:
        return {}
    futures = [conn.handle(key, timeout) for key in keys]
    try:
        client = conn.get_client(timeout)
        values = client.sync(client._gather, futures, callback_timeout=timeout)
    except Exception:  # noqa: BLE001 - the per-key path reports what went wrong
        return {}
    return {key: unbox(value) for key, value in zip(keys, values)}


def encode_result(value, max_inline_bytes, file_path):
    """Inline ``value`` if it is JSON and at most ``max_inline_bytes``; else write ``file_path``.

    The file holds JSON when the value is JSON-serialisable, otherwise a
    cloudpickle of it; the reply says which.
    """
    try:
        text = json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        text = None
    if text is not None and len(text.encode()) <= max_inline_bytes:
        return {"state": "finished", "inline": True, "value": value}
    if not file_path:
        reason = "is not JSON-serialisable" if text is None else f"is larger than {max_inline_bytes} bytes"
        raise BridgeError("BadRequest", f"the result {reason}: give filePath to receive it as a file")
    if text is not None:
        data, fmt = text.encode(), "json"
    else:
        try:
            data, fmt = cloudpickle.dumps(value), "pickle"
        except Exception as err:  # noqa: BLE001 - anything pickle raises means "cannot store"
            raise BridgeError("Unserialisable", f"the result ({type(value).__name__}) cannot be pickled: {err}")
    _write_atomically(file_path, data)
    return {
        "state": "finished",
        "inline": False,
        "path": file_path,
        "format": fmt,
        "bytes": len(data),
        "pythonType": f"{type(value).__module__}.{type(value).__qualname__}",
    }


def _write_atomically(path, data):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    partial = f"{path}.partial-{os.getpid()}"
    with open(partial, "wb") as f:
        f.write(data)
    os.replace(partial, path)


def process_result(client, future, target, timeout):
    """Run the results-processing callable on the cluster, next to the result.

    Its task key is derived from the job's key, so a repeated request adopts a
    processing task still in flight instead of starting a second one.
    """
    processed = client.submit(run_processor, target, future, key=f"{future.key}-processed", pure=False)
    try:
        exc = processed.exception(timeout=timeout)  # waits for it to end
        if exc is not None:
            tb = processed.traceback(timeout=timeout)
            text = "".join(traceback.format_tb(tb)) if tb else ""
            raise BridgeError("ProcessingFailed", f"{target} raised {exc!r}\n{text}".rstrip())
        return unbox(processed.result(timeout=timeout))
    finally:
        processed.release()
