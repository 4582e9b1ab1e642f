"""What the examples app shows on the public portal: the latest published examples."""

from thidua.examples.selectors import public_examples


def sections() -> list[dict]:
    return [{"template": "examples/_portal.html", "context": {"examples": list(public_examples()[:5])}}]
