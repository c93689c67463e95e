"""The module never finishes importing (a busy loop at import time)."""
BREAKS = "*"

while True:
    pass
