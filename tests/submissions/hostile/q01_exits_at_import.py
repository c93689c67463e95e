"""Ends the worker with status 0 while the module is imported (os._exit)."""
BREAKS = "*"

import os as _os

_os._exit(0)
