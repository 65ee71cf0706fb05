# stepd's Python runtime client: the Lambda Runtime API loop, standard
# library only. stepd starts it as `python3 -u shim.py` with
# _HANDLER=module.function, in the function's directory.
import http.client
import importlib
import json
import os
import sys
import time
import traceback

API = os.environ["AWS_LAMBDA_RUNTIME_API"]
PREFIX = "/2018-06-01/runtime/"
_host, _port = API.rsplit(":", 1)
_conn = http.client.HTTPConnection(_host, int(_port))


def call(method, path, body=None, headers=None):
    _conn.request(method, PREFIX + path, body=body, headers=headers or {})
    resp = _conn.getresponse()
    return resp, resp.read()


def error_object(exc, error_type=None):
    return {
        "errorMessage": str(exc),
        "errorType": error_type or type(exc).__name__,
        "stackTrace": traceback.format_list(traceback.extract_tb(exc.__traceback__)),
    }


def post_error(path, obj):
    body = json.dumps(obj).encode()
    call("POST", path, body, {"Content-Type": "application/json",
                              "Lambda-Runtime-Function-Error-Type": obj["errorType"]})


class Context:
    """The handler's context object, with the attributes Lambda's has."""

    def __init__(self, headers):
        self.aws_request_id = headers.get("Lambda-Runtime-Aws-Request-Id", "")
        self.invoked_function_arn = headers.get("Lambda-Runtime-Invoked-Function-Arn", "")
        self._deadline_ms = int(headers.get("Lambda-Runtime-Deadline-Ms", "0"))
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME", "")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME", "")
        self.identity = None
        self.client_context = None
        cc = headers.get("Lambda-Runtime-Client-Context")
        if cc:
            self.client_context = json.loads(cc)

    def get_remaining_time_in_millis(self):
        return max(self._deadline_ms - int(time.time() * 1000), 0)


def load_handler():
    spec = os.environ.get("_HANDLER", "")
    module_name, _, func_name = spec.rpartition(".")
    root = os.environ.get("LAMBDA_TASK_ROOT") or os.getcwd()
    sys.path.insert(0, root)
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:  # the module itself failed: Lambda's import error
        obj = error_object(exc, "Runtime.ImportModuleError")
        obj["errorMessage"] = "Unable to import module '%s': %s" % (module_name, exc)
        post_error("init/error", obj)
        sys.exit(1)
    handler = getattr(module, func_name, None)
    if handler is None:
        post_error("init/error", {
            "errorMessage": "Handler '%s' missing on module '%s'" % (func_name, module_name),
            "errorType": "Runtime.HandlerNotFound", "stackTrace": []})
        sys.exit(1)
    return handler


def main():
    handler = load_handler()
    while True:
        resp, body = call("GET", "invocation/next")
        request_id = resp.getheader("Lambda-Runtime-Aws-Request-Id")
        context = Context(dict(resp.getheaders()))
        try:
            event = json.loads(body) if body else None
            result = handler(event, context)
        except Exception as exc:
            post_error("invocation/%s/error" % request_id, error_object(exc))
            continue
        try:
            out = json.dumps(result).encode()
        except Exception as exc:
            obj = error_object(exc, "Runtime.MarshalError")
            obj["errorMessage"] = "Unable to marshal response: %s" % exc
            post_error("invocation/%s/error" % request_id, obj)
            continue
        call("POST", "invocation/%s/response" % request_id, out, {"Content-Type": "application/json"})


if __name__ == "__main__":
    main()
