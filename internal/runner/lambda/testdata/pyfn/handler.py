"""Test handlers for stepd's Python runtime client."""
import os
import sys
import time


class PaymentDeclined(Exception):
    pass


def handle(event, context):
    action = event.get("action")
    if action == "echo":
        return event
    if action == "declined":
        raise PaymentDeclined(event.get("message", "declined"))
    if action == "exit":
        sys.exit(event.get("code", 1))
    if action == "sleep":
        time.sleep(event["millis"] / 1000)
        return {"slept": event["millis"]}
    if action == "unserialisable":
        return {"bad": object()}
    if action == "context":
        return {
            "pid": os.getpid(),
            "requestId": context.aws_request_id,
            "functionName": context.function_name,
            "functionArn": context.invoked_function_arn,
            "remainingPositive": context.get_remaining_time_in_millis() > 0,
            "custom": os.environ.get("CUSTOM"),
        }
    raise ValueError("unknown action %r" % action)
