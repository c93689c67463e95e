"""Every limit a worker runs under, in one place (bench/isolation.py prints the measurements behind them)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Every limit a worker runs under (bench/isolation.py prints the measurements behind them).

    Time. One call: 10 s by default (the slowest reference call takes 0.2 s); a hidden test
    may ask for up to 30 s (50,000 callbacks of a Q2 search take about 13 s). Each function
    may lose 12 s (or its longest call limit) to calls that do not finish, to crashes and
    to restarting its worker; after that its remaining tests fail at once. The whole
    submission may wait on workers for as long as every function may lose, plus
    `pool_slack` for starting workers: 21 x 12 + 18 = 270 s for the pack's 21 functions, so
    even an infinite loop in every function ends within 5 minutes (measured: 12.1 s per
    looping function). That pool is shared out to the questions by their number of
    functions, so each question's time is its own: questions can be graded at the same
    time, and one cannot leave another without time.
    Memory: 1 GiB of address space per process; the largest need measured is 472 MiB
    (a 2001 x 2001 convexity map through stacked 2 x 2 eigvalsh), the 30M-weight float32
    vector with one accidental copy needs 325 MiB, NumPy alone 96 MiB.
    Processes: 1, i.e. no child processes and no threads (the pack needs none; BLAS runs
    on one thread): a fork bomb fails at once and memory stays within one address space.
    """

    call_seconds: float = 10.0          # wall time of one call, callbacks included
    max_call_seconds: float = 30.0      # the most a hidden test may ask for with with_timeout
    lost_seconds: float = 12.0          # wall time one function may lose (time-outs, crashes, restarts)
    submission_seconds: float = None    # all waiting on workers for one submission (None: see pool_seconds)
    pool_slack: float = 18.0            # of the submission's pool beyond what its functions may lose
    start_seconds: float = 10.0         # a worker's start and import of the module
    cpu_seconds: int = 60               # CPU time of one worker (SIGXCPU, then SIGKILL)
    address_space: int = 1 << 30        # bytes of virtual memory per process
    processes: int = 1                  # tasks (processes and threads) of the worker's uid
    file_size: int = 16 << 20           # largest file a worker may write, its output included
    open_files: int = 64
    output_bytes: int = 1 << 20         # Python-level stdout + stderr kept
    scratch_bytes: int = 64 << 20       # size of the sandbox's scratch folder (bubblewrap)
    inbound_bytes: int = 1 << 30        # data a worker may send the grader during one call

    def rlimits(self):
        return {"cpu": self.cpu_seconds, "as": self.address_space, "nproc": self.processes,
                "fsize": self.file_size, "nofile": self.open_files, "core": 0}

    def pool_seconds(self, functions, of=None):
        """All the waiting on workers `functions` challenge functions may take, as their share of
        a submission graded on `of` functions (default: just these)."""
        of = of or functions
        if self.submission_seconds is not None:
            return self.submission_seconds * functions / of
        return functions * self.lost_seconds + self.pool_slack * functions / of


DEFAULT_LIMITS = Limits()
