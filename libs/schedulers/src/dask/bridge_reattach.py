"""Re-attaching to keys whose futures the client lost (it lost the scheduler), until the scheduler is back."""

import logging
import threading
import time

log = logging.getLogger("dask-bridge")


class Reattacher:
    """Keys of one connection waiting to be tracked again, and the one thread that retries them."""

    def __init__(self, conn):
        self.conn = conn
        self.pending = set()
        self.running = False
        self.lock = threading.Lock()

    def add(self, key):
        log.warning("lost track of %s on %s; re-attaching", key, self.conn.address)
        with self.lock:
            self.pending.add(key)
            if self.running:
                return
            self.running = True
        threading.Thread(target=self._loop, name="reattach", daemon=True).start()

    def _loop(self):
        delay = 0.2
        while not self.conn.closing:
            with self.lock:
                keys = sorted(self.pending)
                if not keys:
                    self.running = False
                    return
            try:
                self.conn.track(keys, self.conn.timeout)
                with self.lock:
                    self.pending.difference_update(keys)
                delay = 0.2
            except Exception as err:  # noqa: BLE001 - keep trying until the scheduler is back
                log.warning("re-attaching to %s failed (%s); retrying in %.1f s", self.conn.address, err, delay)
                time.sleep(delay)
                delay = min(delay * 2, 30)
