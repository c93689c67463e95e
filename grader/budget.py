"""Wall-time budgets of one submission: what each function may still lose, and the pool.

Each call has its own limit (Limits.call_seconds, or what a test asked for up to
Limits.max_call_seconds). Each challenge function may lose Limits.lost_seconds (or
its longest call limit, if a test asked for more) to calls that do not finish, to
crashes and to restarting its worker; after that its remaining tests fail at once.
All the waiting on workers for the whole submission is capped by
Limits.pool_seconds, so even an infinite loop in every function ends in bounded
time; each question has its share of that pool, by its number of functions. One
object per question: its time depends on nothing graded beside it.
"""


class TimeBudget:
    def __init__(self, limits, functions, of=None):
        """`functions`: the question's challenge functions; `of`: how many the submission is
        graded on (default: just these)."""
        self.limits = limits
        self.pool = limits.pool_seconds(functions, of)
        self.spent = 0.0     # seconds spent waiting on this submission's workers
        self.lost = {}       # function -> seconds lost to time-outs, crashes and restarts
        self.asked = {}      # function -> the longest call limit its tests asked for

    def ask(self, function, seconds):
        """A call limit a test asked for: at most Limits.max_call_seconds; raises the function's allowance."""
        seconds = min(float(seconds), self.limits.max_call_seconds)
        self.asked[function] = max(self.asked.get(function, 0.0), seconds)
        return seconds

    def allowance(self, function):
        """Seconds `function` may still lose."""
        most = max(self.limits.lost_seconds, self.asked.get(function, 0.0))
        return most - self.lost.get(function, 0.0)

    def pool_left(self):
        return self.pool - self.spent

    def spend(self, seconds, lost_by=None):
        """Record `seconds` of waiting; charged to `lost_by`'s allowance when the time was lost."""
        self.spent += seconds
        if lost_by is not None:
            self.lost[lost_by] = self.lost.get(lost_by, 0.0) + seconds
