"""axe-core checks for the browser tests: the page as it is now, in light and in dark."""

from axe_playwright_python.base import AXE_SCRIPT, AxeResults

SCHEMES = ("light", "dark")


def run_axe(page):
    """axe's violations on the page as it is now (injecting axe.min.js if it is not there)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    return AxeResults(
        page.evaluate("options => axe.run(document, options)", {"resultTypes": ["violations"]})
    )


def violations_in_both_schemes(page, photograph=None):
    """{scheme: axe's report} for the loaded page in light and in dark (empty: none).
    Switching the emulated prefers-color-scheme restyles the page in place (site.css has no
    transitions); `photograph(scheme)`, if given, is called in each scheme."""
    found = {}
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        assert page.evaluate(f"matchMedia('(prefers-color-scheme: {scheme})').matches")
        if photograph is not None:
            photograph(scheme)
        results = run_axe(page)
        if results.violations_count:
            found[scheme] = results.generate_report()
    return found


def report(failures):
    return "\n\n".join(f"{name}:\n{text}" for name, text in failures.items())
