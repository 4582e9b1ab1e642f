"""What the surveys app shows a signed-in user: open surveys and how many have answered."""

from thidua import access
from thidua.access import Action
from thidua.surveys.models import SurveyState
from thidua.surveys.selectors import surveys_for


def sections(user) -> list[dict]:
    surveys = [
        s
        for s in surveys_for(user).filter(state=SurveyState.OPEN)[:5]
        if access.can(user, Action.SURVEY_RESULTS, s.unit)
    ]
    if not surveys:
        return []
    return [{"template": "surveys/_home.html", "context": {"surveys": surveys}}]
