"""The report as a browser lays it out, in English and in Korean: it renders without console
messages, and on a phone (390 px wide) nothing runs off the screen and no title is squeezed into
a column of one or two words a line. Headless Chromium (installed by `sh scripts/setup.sh test`
as root); without it the test is skipped, except on CI."""

import json
import os
import re
import shutil
import subprocess

import pytest

from conftest import CHALLENGES, reference_submission
from gdgrade.cli import grade
from gdgrade.report import render

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                                reason="headless Chromium is not installed (sh scripts/setup.sh test as root)")

# Added to a copy of the page only: the report itself has no scripts.
_MEASURE = """<script>
const d = document.documentElement, out = {width: d.scrollWidth, viewport: window.innerWidth, titles: [], outside: []};
const body = document.body.getBoundingClientRect(), pad = parseFloat(getComputedStyle(document.body).paddingRight);
for (const el of document.querySelectorAll("body *")) {            // past the page's right margin
  if (el.getBoundingClientRect().right > body.right - pad + 1) out.outside.push(el.tagName + "." + el.className);
}
for (const el of document.querySelectorAll("h1, h2, h3, table.summary td:first-child")) {
  const style = getComputedStyle(el);
  const line = parseFloat(style.lineHeight) || 1.25 * parseFloat(style.fontSize);
  out.titles.push({text: el.textContent.trim(), lines: Math.round(el.getBoundingClientRect().height / line),
                   words: el.textContent.trim().split(/\\s+/).length});
}
const pre = parent.document.createElement("pre"); pre.id = "measure"; pre.textContent = JSON.stringify(out);
parent.document.body.appendChild(pre);
</script>"""


def _framed(page, width):
    """A page holding `page` in a frame `width` px wide (headless Chromium's window is at least 500 px
    wide); a srcdoc frame shares its parent's origin, so the script in it can write the result out."""
    from html import escape
    return (f'<!DOCTYPE html><html><body style="margin:0"><iframe style="border:0;width:{width}px;height:900px" '
            f'srcdoc="{escape(page.replace("</body>", _MEASURE + "</body>"), quote=True)}"></iframe></body></html>')


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """A mixed submission: Q1-Q5 right, Q6-Q10 the stubs (failed checks with feedback, hints)."""
    folder = reference_submission(tmp_path_factory.mktemp("sub"), {"q01", "q02", "q03", "q04", "q05"})
    for path in CHALLENGES.glob("q0[6-9]_*.py"):
        shutil.copy(path, folder / path.name)
    shutil.copy(next(CHALLENGES.glob("q10_*.py")), folder)
    return grade(folder, 0, None)


def _measure(page, tmp_path, width):
    assert CHROMIUM, "CI must have Chromium: sh scripts/setup.sh test installs it as root"
    path = tmp_path / "page.html"
    path.write_text(_framed(page, width), encoding="utf-8")
    run = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                          "--no-first-run", "--disable-background-networking", "--disable-component-update",
                          "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--hide-scrollbars",
                          "--enable-logging=stderr", "--v=0",
                          "--window-size=800,1000", "--virtual-time-budget=3000", "--dump-dom",
                          path.as_uri()], capture_output=True, text=True, timeout=120)
    found = re.search(r'<pre id="measure">(.*?)</pre>', run.stdout, re.S)
    assert found, run.stderr[-2000:]
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
    assert console == [], "console messages while rendering:\n" + "\n".join(console)
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))


@pytest.mark.parametrize("lang, audience", [("en", "candidate"), ("ko", "staff")])
def test_on_a_phone_nothing_runs_off_the_screen_and_titles_wrap_sensibly(results, tmp_path, lang, audience):
    pack, graded = results
    seen = _measure(render(graded, pack, lang, audience), tmp_path, 390)
    assert seen["width"] <= seen["viewport"], f"the page is {seen['width']} px wide on a {seen['viewport']} px screen"
    assert seen["outside"] == [], "past the right margin: " + ", ".join(sorted(set(seen["outside"])))
    # A title of four words or more wrapped to one or two words a line reads as a column of words.
    squeezed = [t["text"] for t in seen["titles"] if t["words"] >= 4 and t["words"] <= 2 * t["lines"]]
    assert squeezed == []


def test_printed_to_pdf_every_page_renders_and_the_score_bars_are_kept(results, tmp_path):
    """Printing (or saving as PDF) keeps the bars, whose colour is a background, and gives a
    document of sensible length for the whole pack."""
    assert CHROMIUM, "CI must have Chromium: sh scripts/setup.sh test installs it as root"
    pack, graded = results
    page = render(graded, pack, "en", "staff")
    assert "print-color-adjust: exact" in page and "break-inside: avoid" in page
    path, pdf = tmp_path / "report.html", tmp_path / "report.pdf"
    path.write_text(page, encoding="utf-8")
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", path.as_uri()], capture_output=True, timeout=120)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert 5 <= pages <= 40, pages
