"""The self-study subcommands: check, hint, explain, kit (registered by gdgrade.cli)."""

from gdgrade.i18n import DEFAULT_LANGUAGE, LANGUAGES


def _lang(p):
    p.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE,
                   help=f"language of the output (default {DEFAULT_LANGUAGE})")


def _path(p):
    p.add_argument("--path", metavar="DIR",
                   help="folder of your solutions (default: ./challenges, or . when it holds the question files)")


def register(sub):
    from gdgrade.cli import _positive_int
    c = sub.add_parser("check", help="grade your solutions and say in the terminal what to do next",
                       description="Grade your working folder (self-study). Exit status 0 when every check "
                                   "named passed, 1 otherwise, 2 for a usage mistake.")
    c.add_argument("targets", nargs="*", metavar="QUESTION|FUNCTION",
                   help="what to check, e.g. q04 or convexity_map (default: everything)")
    _path(c)
    c.add_argument("--watch", action="store_true",
                   help="keep running: re-check a question as soon as its file is saved, and show what changed")
    c.add_argument("--seed", type=int, default=0, help="seed of the hidden inputs (default 0)")
    c.add_argument("--jobs", type=_positive_int, metavar="N", help="questions checked at the same time "
                                                                   "(default: one per core)")
    _lang(c)
    c.set_defaults(run=_lazy("check"))
    h = sub.add_parser("hint", help="show a function's hints so far, one stage more with --more (recorded in .gdgrade/)")
    h.add_argument("question", metavar="QUESTION", help="e.g. q04")
    h.add_argument("function", nargs="?", metavar="FUNCTION",
                   help="one of its functions (default: the first whose hints you have not all seen)")
    h.add_argument("--more", action="store_true", help="show one hint more than before")
    _path(h)
    _lang(h)
    h.set_defaults(run=_lazy("hint"))
    e = sub.add_parser("explain", help="show a question's explanation and misconceptions (asks first if unsolved)")
    e.add_argument("question", metavar="QUESTION", help="e.g. q04")
    e.add_argument("--force", action="store_true", help="show it without asking, solved or not")
    _path(e)
    _lang(e)
    e.set_defaults(run=_lazy("explain"))
    k = sub.add_parser("kit", help="write the candidate kit: stubs, gdkit.models, README, public tests")
    k.add_argument("zip", metavar="OUT.zip", help="where to write the kit")
    _lang(k)
    k.set_defaults(run=_lazy("kit"))


def _lazy(module):
    """The run function of gdgrade.selfstudy.<module>, imported only when that command runs."""
    def run(args):
        import importlib
        return importlib.import_module(f"gdgrade.selfstudy.{module}").run(args)
    return run
