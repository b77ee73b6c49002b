#!/usr/bin/python3
"""Long-lived bridge between the Compute Jobs API and Dask schedulers.

Protocol: one JSON request per line on stdin (``{"id", "op", ...}``), one JSON
response per line on stdout with the same ``id`` (``{"id", "result"}`` or
``{"id", "error": {"type", "message"}}``), plus unsolicited ``{"event": ...}``
lines: ``ready`` once at start, ``transition`` when a task ends. Requests run
concurrently; a bad request never stops the bridge. Diagnostics go to stderr.
The bridge exits when stdin closes.
"""

import json
import logging
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import distributed
from distributed import Future

from bridge_connection import Connection
from bridge_protocol import BridgeError, describe_error, key_list, log_text, text, timeout_of
from bridge_remote import register
from bridge_results import gather_values, result_reply
from bridge_submit import parse_task, submit_tasks

log = logging.getLogger("dask-bridge")


class Bridge:
    def __init__(self, emit):
        self.emit = emit
        self.connections = {}
        self.lock = threading.Lock()
        self.ops = {
            name[3:]: getattr(self, name) for name in dir(self) if name.startswith("op_")
        }

    def handle_line(self, line):
        request_id = None
        try:
            request = json.loads(line)
            if not isinstance(request, dict):
                raise BridgeError("BadRequest", "a request must be a JSON object")
            request_id = request.get("id")
            handler = self.ops.get(request.get("op"))
            if handler is None:
                raise BridgeError("BadRequest", f"unknown op {request.get('op')!r}; known: {sorted(self.ops)}")
            self.emit({"id": request_id, "result": handler(request)})
        except Exception as err:  # noqa: BLE001 - every failure becomes an error response
            self.emit({"id": request_id, "error": describe_error(err)})

    def connection(self, request):
        address = text(request, "address")
        with self.lock:
            if address not in self.connections:
                heartbeat = request.get("heartbeatInterval")  # ms; taken when the client is first made
                self.connections[address] = Connection(address, self.emit, heartbeat)
            return self.connections[address]

    def close(self):
        with self.lock:
            connections = list(self.connections.values())
        for conn in connections:
            conn.close()

    def op_ping(self, request):
        reply = {"pong": True, "pid": os.getpid(), "distributed": distributed.__version__}
        if "address" in request:
            client = self.connection(request).get_client(timeout_of(request))
            reply["workers"] = len(client.sync(client.scheduler.identity)["workers"])
        return reply

    def op_submit_many(self, request):
        """Many tasks in one request; a task that is not valid gets its own error."""
        tasks = request.get("tasks")
        if not isinstance(tasks, list) or not tasks:
            raise BridgeError("BadRequest", "tasks must be a non-empty JSON array")
        replies, valid = [None] * len(tasks), []
        for index, task in enumerate(tasks):
            try:
                valid.append((index, parse_task(task)))
            except BridgeError as err:
                replies[index] = {"error": describe_error(err)}
        if valid:
            submitted = submit_tasks(self.connection(request), [task for _, task in valid], timeout_of(request))
            for index, task in valid:
                replies[index] = submitted[task["key"]]
        return {"results": replies}

    def op_track(self, request):
        keys = key_list(request)
        tracked, lost = self.connection(request).track(keys, timeout_of(request))
        return {"tracked": tracked, "lost": lost}

    def op_states(self, request):
        return {"states": self.connection(request).describe(key_list(request), timeout_of(request))}

    def op_result_many(self, request):
        """Results of many tasks of one scheduler: one state query and one transfer for the plain ones."""
        requests = request.get("requests")
        if not isinstance(requests, list) or not requests or not all(isinstance(r, dict) for r in requests):
            raise BridgeError("BadRequest", "requests must be a non-empty JSON array of objects")
        conn, timeout = self.connection(request), timeout_of(request)
        keys = [text(r, "key") for r in requests]
        infos = conn.describe(keys, timeout)
        plain = [key for key, r in zip(keys, requests) if infos[key]["state"] == "memory" and r.get("processWith") is None]
        gathered = gather_values(conn, plain, timeout)
        replies = []
        for key, r in zip(keys, requests):
            try:
                extra = (gathered[key],) if key in gathered else ()
                replies.append(result_reply(conn, key, r, infos[key], timeout, *extra))
            except Exception as err:  # noqa: BLE001 - each result gets its own error
                replies.append({"error": describe_error(err)})
        return {"results": replies}

    def op_release_many(self, request):
        return self.release(self.connection(request), key_list(request), timeout_of(request))

    def release(self, conn, keys, timeout):
        """Stop keeping ``keys`` (and their results) on the cluster: one scheduler call for all."""
        futures = [conn.forget(key, "release") for key in keys]
        conn.unpublish_many(keys, timeout)
        for future in futures:
            if future is not None:
                future.release()
        return {"released": True}

    def op_cancel(self, request):
        conn, key, timeout = self.connection(request), text(request, "key"), timeout_of(request)
        state = conn.describe([key], timeout)[key]["state"]
        client = conn.get_client(timeout)
        future = conn.forget(key, "cancel")
        if future is None and state != "forgotten":
            future = Future(key, client)
        conn.unpublish_many([key], timeout)
        if future is not None:
            client.cancel([future], force=True)
        # A task already running keeps its worker thread busy until it returns.
        return {"cancelled": state != "forgotten", "previousState": state, "mayStillRun": state == "processing"}

    def op_retry(self, request):
        conn, key, timeout = self.connection(request), text(request, "key"), timeout_of(request)
        state = conn.describe([key], timeout)[key]["state"]
        if state != "erred":
            raise BridgeError("BadRequest", f"only an erred task can be retried ({key!r} is {state})")
        future = conn.forget(key, "retry") or conn.handle(key, timeout)
        conn.get_client(timeout).retry([future])
        conn.attach(key, future)
        return {"retried": True}

    def op_logs(self, request):
        client = self.connection(request).get_client(timeout_of(request))
        workers = client.get_worker_logs()
        return {
            "scheduler": log_text(client.get_scheduler_logs()),
            "workers": {address: log_text(entries) for address, entries in workers.items()},
        }



def main():
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    log.setLevel(logging.INFO)
    register()
    protocol_out, write_lock = sys.stdout, threading.Lock()
    sys.stdout = sys.stderr  # stray prints must not corrupt the protocol

    def emit(message):
        line = json.dumps(message, default=str)
        with write_lock:
            protocol_out.write(line + "\n")
            protocol_out.flush()

    bridge = Bridge(emit)
    pool = ThreadPoolExecutor(max_workers=16, thread_name_prefix="request")
    emit({"event": "ready", "pid": os.getpid(), "distributed": distributed.__version__})
    for line in iter(sys.stdin.readline, ""):
        if line.strip():
            pool.submit(bridge.handle_line, line)
    bridge.close()
    pool.shutdown(wait=False, cancel_futures=True)
    # Requests still blocked on an unreachable scheduler must not delay the exit.
    os._exit(0)


if __name__ == "__main__":
    main()
