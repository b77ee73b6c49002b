"""Reading request fields and describing errors, shared by the bridge's operations."""

import json
import logging

log = logging.getLogger("dask-bridge")


class BridgeError(Exception):
    """An error reported to the caller as ``{"type": kind, "message": ...}``."""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind


def text(request, name):
    value = request.get(name)
    if not isinstance(value, str) or not value:
        raise BridgeError("BadRequest", f"{name} must be a non-empty string")
    return value


def key_list(request):
    keys = request.get("keys")
    if not isinstance(keys, list) or not all(isinstance(k, str) and k for k in keys):
        raise BridgeError("BadRequest", "keys must be an array of non-empty strings")
    return keys


def timeout_of(request):
    value = request.get("timeout", 10)
    if not isinstance(value, (int, float)) or not 0 < value <= 3600:
        raise BridgeError("BadRequest", "timeout must be a number of seconds in (0, 3600]")
    return float(value)


def log_text(entries):
    """Dask 2022.12 returns ``(level, line)`` pairs oldest first (its docstring says newest first)."""
    return "\n".join(line for _level, line in entries)


def describe_error(err):
    if isinstance(err, BridgeError):
        return {"type": err.kind, "message": str(err)}
    if isinstance(err, json.JSONDecodeError):
        return {"type": "BadRequest", "message": f"invalid JSON: {err}"}
    if isinstance(err, TimeoutError):
        return {"type": "Timeout", "message": str(err) or "timed out waiting for the scheduler"}
    if isinstance(err, OSError):
        return {"type": "ConnectionError", "message": str(err)}
    log.exception("request failed")
    return {"type": type(err).__name__, "message": str(err)}
