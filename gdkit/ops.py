"""The words of the worker protocol, named once for both sides.

Every frame is a dict whose "op" is one of these; the grading process sends the
first group, the worker the second. A function's status in the worker's hello is
one of the last group.
"""

# grading process -> worker
CALL = "call"              # call a challenge function: fn, args, kwargs (measure: memory; timed: CPU time)
INVOKE = "invoke"          # evaluate a callable the candidate returned, once per argument tuple
REPLY = "reply"            # the value (or "raise") of a callback the worker asked for
GO = "go"                  # start the measured call announced by READY
EXIT = "exit"              # end the worker

# worker -> grading process
# HELLO: the module was imported (or not: "problem"); "functions": statuses; "network": why the
# network could not be denied (None: denied, or the worker has a network namespace of its own)
HELLO = "hello"
RETURN = "return"          # the call returned "value"
RAISE = "raise"            # the call raised: "type", "bases", "message"
CALLBACK = "callback"      # candidate code called callable number "n" with "args", "kwargs"
READY = "ready"            # shared arrays are touched; waiting for GO before a measured call
TOO_LARGE = "too_large"    # the answer exceeded the frame size cap
UNENCODABLE = "unencodable"  # the answer is not plain data

# a challenge function's status in HELLO
OK = "ok"
MISSING = "missing"
NOT_CALLABLE = "not callable"
STUB = "stub"              # its body only raises NotImplementedError (every call would)
