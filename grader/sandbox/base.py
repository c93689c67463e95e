"""The isolation levels by name, the sandbox's fixed paths and uid, and its error."""


BWRAP = "bubblewrap"


USER = "separate user"


PLAIN = "plain process"


LEVELS = (BWRAP, USER, PLAIN)


ISOLATION_ENV = "GDGRADE_ISOLATION"


LEVEL_NAMES = {"bwrap": BWRAP, "bubblewrap": BWRAP, "user": USER, "plain": PLAIN}


SANDBOX_UID = 65534


SANDBOX_LIB = "/opt/gdgrade"


SANDBOX_SUBMISSION = "/submission"


SANDBOX_SCRATCH = "/scratch"


class SandboxError(RuntimeError):
    """A worker could not be started (a problem of this machine, not of the submission)."""


class NoSandbox(Exception):
    """Neither bubblewrap nor a separate user can run here, and plain grading was not allowed."""
