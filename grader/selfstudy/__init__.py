"""Self-study: the learner's loop in the terminal (check, watch, hint, explain) and the
candidate kit (registered as subcommands by gdgrade.cli)."""
