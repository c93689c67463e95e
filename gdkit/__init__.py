"""gdkit: the code that may run next to candidate code.

The model toolkit (``gdkit.models``), the wire protocol (``gdkit.ops`` names its
words, ``gdkit.codec`` encodes frames, ``gdkit.shared`` passes arrays in memory
files, ``gdkit.channel`` carries frames) and the worker loop (``gdkit.worker``). It imports only the standard library and
NumPy, so the sandbox can give a worker this package and nothing of the grader.
"""
