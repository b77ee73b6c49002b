"""One Dask scheduler as seen by the bridge: a client, the futures it holds and
the done callbacks that turn them into transition events."""

import logging
import threading
import time
import traceback

from distributed import Client, Future

from bridge_protocol import BridgeError
from bridge_reattach import Reattacher
from bridge_remote import describe_keys, reserve_keys, unpublish_keys

log = logging.getLogger("dask-bridge")


# Future.status -> the state reported in transition events.
EVENT_STATES = {"finished": "finished", "error": "erred"}


class Connection:
    def __init__(self, address, emit, heartbeat_ms=None):
        self.address = address
        self.heartbeat_ms = heartbeat_ms
        self.emit = emit
        self.client = None
        self.futures = {}
        # Why the bridge itself cancelled a pending future ("cancel" | "release"):
        # any other cancellation means the client lost the scheduler.
        self.intents = {}
        self.reattacher = Reattacher(self)
        self.closing = False
        self.timeout = 10.0
        self.lock = threading.RLock()
        self.connect_lock = threading.Lock()

    def get_client(self, timeout):
        """The client for this address, connected (or reconnected) within ``timeout`` s."""
        self.timeout = timeout
        deadline = time.monotonic() + timeout
        # Waiting for another request's connection attempt counts against this request's timeout.
        if not self.connect_lock.acquire(timeout=timeout):
            raise BridgeError("ConnectionError", f"still connecting to {self.address} after {timeout} s")
        try:
            while self.client is not None and self.client.status == "connecting":
                if time.monotonic() > deadline:
                    raise BridgeError("ConnectionError", f"still reconnecting to {self.address} after {timeout} s")
                time.sleep(0.05)
            if self.client is None or self.client.status != "running":
                self.client = self._connect(max(deadline - time.monotonic(), 0.1))
            return self.client
        finally:
            self.connect_lock.release()

    def _connect(self, timeout):
        if self.client is not None:
            self.client.close(timeout=1)
            self.client = None
        try:
            return Client(
                self.address,
                timeout=timeout,
                heartbeat_interval=self.heartbeat_ms,
                set_as_default=False,
                name="jobs-api-bridge",
            )
        except (OSError, TimeoutError, ValueError, TypeError) as err:
            raise BridgeError(
                "ConnectionError",
                f"cannot connect to the Dask scheduler at {self.address} within {timeout:.1f} s: {err}",
            ) from err

    def describe(self, keys, timeout):
        # callback_timeout bounds the call even when the scheduler accepts it but never answers.
        return self.get_client(timeout).run_on_scheduler(describe_keys, keys=list(keys), callback_timeout=timeout)

    def holds(self, key):
        with self.lock:
            held = self.futures.get(key)
            return held is not None and held.status != "cancelled"

    def reserve(self, keys, timeout):
        """Publish ``keys`` before their tasks are submitted; returns their states before.

        A published key is kept by the scheduler whatever happens to this
        client, and a task submitted under it fills it in. So a submission cut
        short (this bridge or its caller killed) leaves either nothing to run
        or a task that a repeated submission adopts: never one computed twice.
        """
        return self.get_client(timeout).run_on_scheduler(reserve_keys, keys=list(keys), callback_timeout=timeout)

    def wait_until_known(self, keys, timeout):
        deadline = time.monotonic() + timeout
        while any(info["state"] == "forgotten" for info in self.describe(keys, timeout).values()):
            if time.monotonic() > deadline:
                raise BridgeError("Timeout", f"the scheduler at {self.address} did not register the tasks within {timeout} s")
            time.sleep(0.01)

    def attach(self, key, future):
        """Keep ``future`` and report its end once; a key already held is kept as is."""
        with self.lock:
            held = self.futures.get(key)
            if held is not None and held.status != "cancelled":
                return held
            self.futures[key] = future
            self.intents.pop(key, None)
        future.add_done_callback(self._on_done)
        return future

    def handle(self, key, timeout):
        """A future for ``key``: the one held, or a new handle on the scheduler's task."""
        with self.lock:
            held = self.futures.get(key)
        if held is not None and held.status != "cancelled":
            return held
        return Future(key, self.get_client(timeout))

    def forget(self, key, intent):
        """Stop holding ``key``; a pending future's cancellation is then expected."""
        with self.lock:
            future = self.futures.pop(key, None)
            if future is not None and not future.done():
                self.intents[key] = intent
        return future

    def unpublish_many(self, keys, timeout):
        """Drop the datasets named ``keys`` in one scheduler call; names never published are no error."""
        self.get_client(timeout).run_on_scheduler(unpublish_keys, keys=list(keys), callback_timeout=timeout)

    def track(self, keys, timeout):
        """Re-attach to published keys; report the ones the scheduler no longer has."""
        described = self.describe(keys, timeout)
        client = self.get_client(timeout)
        tracked, lost = [], []
        for key in keys:
            info = described[key]
            if info["published"] and info["state"] != "forgotten":
                self.attach(key, Future(key, client))
                tracked.append(key)
            else:
                lost.append(key)
                self._emit(key, "lost", message=_lost_reason(info))
        return tracked, lost

    def close(self):
        self.closing = True
        if self.client is not None:
            self.client.close(timeout=2)

    def _emit(self, key, state, **extra):
        self.emit({"event": "transition", "address": self.address, "key": key, "state": state, **extra})

    def _on_done(self, future):
        key, status = future.key, future.status
        with self.lock:
            intent = self.intents.pop(key, None)
        if status == "cancelled":
            if intent == "cancel":
                self._emit(key, "cancelled")
            elif intent is None and not self.closing:
                with self.lock:
                    self.futures.pop(key, None)
                self.reattacher.add(key)
        elif status == "lost":
            # Its worker died with the data; the scheduler recomputes it.
            threading.Thread(target=self._await_recompute, args=(future,), daemon=True).start()
        else:
            extra = self._error_details(future) if status == "error" else {}
            self._emit(key, EVENT_STATES.get(status, status), **extra)

    def _await_recompute(self, future):
        while future.status == "lost" and not self.closing:
            time.sleep(0.2)
        future.add_done_callback(self._on_done)

    def _error_details(self, future):
        """The scheduler's own texts (as ``states`` reports them), else the client's."""
        try:
            info = self.describe([future.key], self.timeout)[future.key]
            if info["state"] == "erred":
                return {"exception": info["exception"], "traceback": info["traceback"]}
        except Exception as err:  # noqa: BLE001 - fall back to what the client holds
            log.warning("cannot read the error of %s from the scheduler: %s", future.key, err)
        try:
            exc, tb = future.exception(timeout=5), future.traceback(timeout=5)
            return {"exception": repr(exc), "traceback": "".join(traceback.format_tb(tb)) if tb else ""}
        except Exception as err:  # noqa: BLE001 - the event matters more than its details
            return {"exception": f"(unavailable: {err})", "traceback": ""}

def _lost_reason(info):
    if not info["published"]:
        return "the scheduler no longer has this key (scheduler restarted, or key released or cancelled elsewhere)"
    return "the key is published but its task is gone (cancelled elsewhere)"

