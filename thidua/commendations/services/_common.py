"""What several parts of the commendation services share: a nomination's audited move and the
issue of a paper (minutes, notice, submission) from a register, linked to its record."""

import datetime as dt
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from thidua.access import Action, Actor
from thidua.audit import changes
from thidua.commendations.models import Nomination, NominationState
from thidua.documents.model import Document as DocumentModel
from thidua.documents.models import Document
from thidua.units.models import Unit

S = NominationState


def move(nomination: Nomination, **move: object) -> Nomination:
    """Move a nomination's state through the one audited transition; refusals name it "đề nghị"."""
    return changes.transition(nomination, noun=_("đề nghị"), **move)  # type: ignore[arg-type]


def issue_paper(
    *,
    actor: Actor,
    record: models.Model,
    field: str,
    unit: Unit,
    model: DocumentModel,
    symbol: str,
    date: dt.date,
    verb: str,
    authority: Action,
) -> Document:
    """Issue a paper from `unit`'s register (a number of the `symbol` series) and link it to the
    record it belongs to (`record.<field>`), audited. `authority` is the commendation right the
    caller checked (an officer issues the notice and the minutes, not only a DOCUMENT_ISSUE holder)."""
    from thidua.documents.services import document_create_draft, document_issue

    document = document_create_draft(
        actor=actor,
        unit=unit,
        issuer=unit,
        model=model,
        symbol=symbol,
        is_sample=getattr(record, "is_sample", False),
    )
    document = document_issue(actor=actor, document=document, date=date, authority=authority)
    linked: dict[str, Any] = {field: document}
    changes.update(record, actor=actor, unit=unit, verb=verb, **linked)
    return document
