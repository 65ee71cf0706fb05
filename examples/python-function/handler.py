"""The example's greeting function, run by stepd's Python runtime client."""


class NameMissing(Exception):
    """A business error: the workflow catches it by its class name."""


def greet(event, context):
    name = event.get("name")
    if not name:
        raise NameMissing("no name in the input")
    print("greeting %s (request %s)" % (name, context.aws_request_id))
    return {
        "greeting": "Hello, %s!" % name,
        "function": context.function_name,
    }
