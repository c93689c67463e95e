"""Hiring intake: grade a directory of submissions in every format, resumably, with one summary.

``entries`` turns what candidates send (a folder, one ``.py``, a ``.zip``, a notebook)
into a folder laid out like ``challenges/``; ``batch`` grades each in a subprocess
running ``gdgrade grade`` and keeps a per-candidate ledger; ``summary`` writes the
intake's CSV, JSON and HTML; ``similarity`` flags pairs worth a look; ``gradescope``
builds the autograder bundle; ``commands`` adds ``batch``, ``merge`` and
``gradescope`` to the command line.
"""
