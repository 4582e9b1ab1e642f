"""What the surveys app shows on the public portal: the surveys citizens can answer now."""

from thidua.surveys.selectors import open_surveys


def sections() -> list[dict]:
    return [{"template": "surveys/_portal.html", "context": {"surveys": list(open_surveys()[:5])}}]
