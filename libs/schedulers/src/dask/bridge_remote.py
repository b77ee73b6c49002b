"""Functions the bridge ships to Dask workers and to the scheduler.

They are pickled by value (see ``register``), so neither the workers nor the
scheduler need this file: a worker only needs the job's own module.
Everything they use is imported inside the function body for that reason.
"""


def run_callable(target, payload):
    """Worker side: import ``package.module:function`` and call it.

    Arguments travel as one JSON string so that Dask never looks inside them
    (a string argument equal to another task's key would otherwise be
    replaced by that task's result). The result is boxed in a 1-tuple: Dask
    2022.12 sends a top-level list/dict/set result element by element
    (100k-element list: ~4 s to gather), a boxed one in one piece (~20 ms).
    The bridge unboxes it (``unbox``).
    """
    import json

    call = json.loads(payload)
    return (load_callable(target)(*call["args"], **call["kwargs"]),)


def run_processor(target, boxed):
    """Worker side: the results-processing callable ``package.module:function``,
    given the task's own result where that result lives (no transfer to the bridge)."""
    return (load_callable(target)(boxed[0]),)


def load_callable(target):
    import importlib

    module_name, _, attribute = target.partition(":")
    obj = importlib.import_module(module_name)
    for part in attribute.split("."):
        obj = getattr(obj, part)
    return obj


def unbox(value):
    """The function's own result from what ``run_callable`` stored."""
    return value[0]


def describe_keys(keys, dask_scheduler=None):
    """Scheduler side: the state of many keys, read in one call.

    A key the scheduler has no way to compute (absent, or a bare placeholder
    left by a dataset whose task was force-cancelled elsewhere) is reported as
    ``forgotten``.
    """
    published = dask_scheduler.extensions["publish"].datasets
    out = {}
    for key in keys:
        ts = dask_scheduler.tasks.get(key)
        info = {"published": key in published}
        if ts is None or (ts.run_spec is None and ts.state not in ("memory", "erred")):
            info["state"] = "forgotten"
        else:
            info["state"] = ts.state
            info["retries"] = ts.retries
            if ts.suspicious:
                # Workers that died while running it: the scheduler ran it again.
                info["reruns"] = ts.suspicious
            if ts.processing_on is not None:
                info["worker"] = ts.processing_on.address
            if ts.state == "erred":
                blame = ts.exception_blame or ts
                info["exception"] = blame.exception_text
                info["traceback"] = blame.traceback_text
        out[key] = info
    return out


def reserve_keys(keys, dask_scheduler=None):
    """Scheduler side: the state of many keys, then each one published.

    A key the scheduler does not know yet becomes a placeholder that the
    task submitted next under that key fills in. The published value is only
    a marker: the key itself is what keeps the task.
    """
    states = describe_keys(keys, dask_scheduler)
    publish = dask_scheduler.extensions["publish"]
    for key in keys:
        publish.put(keys=[key], name=key, data=None, override=True)
    return states


def unpublish_keys(keys, dask_scheduler=None):
    """Scheduler side: drop the datasets named ``keys`` (a missing name is no error)."""
    publish = dask_scheduler.extensions["publish"]
    for key in keys:
        publish.delete(name=key)


def register():
    """Make cloudpickle ship this module's functions by value."""
    import sys

    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
