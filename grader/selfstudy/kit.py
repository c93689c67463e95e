"""`gdgrade kit OUT.zip [--lang en|ko]`: the folder a hiring team sends to candidates, as a zip.

    gdgrade-kit/
      README.md            what to do, how to run the public checks, how to submit (--lang)
      README.<other>.md    the same in the other language
      challenges/          the stubs
      gdkit/models.py      the model toolkit for experiments (NumPy only)
      public_tests/        example tests per function: `python -m pytest` in gdgrade-kit/
      pytest.ini

Nothing of the reference, the hidden tests or their inputs is in it (tests/test_kit.py
checks). The zip is the same bytes on every run: sorted members, fixed timestamps.
"""

import os
import zipfile
from pathlib import Path

import gdgrade
from gdgrade.i18n import LANGUAGES

ROOT = "gdgrade-kit"
KIT_DIR = Path(__file__).resolve().parent.parent / "kit"
_STAMP = (2021, 1, 1, 0, 0, 0)     # zip's own date fields: fixed, so the bytes never change


def stub_dir():
    """challenges/ of this gdgrade: inside the package when installed from a wheel, beside
    grader/ in a source checkout (editable install)."""
    here = Path(gdgrade.__file__).resolve().parent
    for folder in (here / "challenges", here.parent / "challenges"):
        if (folder / "q01_perturb.py").is_file():
            return folder
    raise FileNotFoundError("the stubs (challenges/) are not installed with this gdgrade")


def members(lang):
    """[(name inside the zip, bytes)] of the kit, sorted."""
    from gdgrade.gdkit import models
    from gdgrade.pack import load_pack
    pack = load_pack()
    files = {f"challenges/{q.filename}": (stub_dir() / q.filename).read_bytes() for q in pack.questions}
    files["gdkit/__init__.py"] = b'"""gdkit: a small NumPy model toolkit for your experiments (gdkit.models)."""\n'
    files["gdkit/models.py"] = Path(models.__file__).read_bytes()
    for other in LANGUAGES:
        name = "README.md" if other == lang else f"README.{other}.md"
        files[name] = (KIT_DIR / f"README.{other}.md").read_bytes()
    files["pytest.ini"] = (KIT_DIR / "pytest.ini").read_bytes()
    for test in sorted((KIT_DIR / "public_tests").glob("*.py")):
        files[f"public_tests/{test.name}"] = test.read_bytes()
    return sorted(files.items())


def write_kit(path, lang):
    """Write the kit to `path` through a temporary file and a rename."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in members(lang):
                info = zipfile.ZipInfo(f"{ROOT}/{name}", _STAMP)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def run(args):
    from gdgrade.cli import _check_output
    path = _check_output(args.zip, "OUT.zip")
    write_kit(path, args.lang)
    print(f"gdgrade: wrote the candidate kit {path} ({len(members(args.lang))} files under {ROOT}/)")
    return 0
