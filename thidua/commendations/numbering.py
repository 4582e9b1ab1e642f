"""Numbering of a signed decision, behind one small interface.

A signed decision is issued through `thidua.documents`: the "QUYẾT ĐỊNH" that
`papers.decision_paper` builds whole from the record is stored as a document of the commune,
numbered from the commune's register of outgoing documents (one yearly series per issuing body,
Decree 30/2020), and rendered to .docx / PDF by that app. The decision keeps the document's number
and a link to it.
"""

import datetime as dt

from thidua.access import Action
from thidua.commendations.papers import decision_paper
from thidua.documents.services import document_create_draft, document_issue
from thidua.lib.vn import padded


def issue(*, decision, awards, signed_on: dt.date, signer_name: str, actor):
    """Issue the decision's document from the register; returns (number, "NN/QĐ-UBND", document).
    Runs inside the signing transaction, so a failed signing leaves no number taken."""
    model = decision_paper(decision, awards, signed_on=signed_on, signer_name=signer_name)
    document = document_create_draft(
        actor=actor, unit=decision.commune, model=model, is_sample=decision.is_sample
    )
    document = document_issue(actor=actor, document=document, date=signed_on, authority=Action.DECISION_SIGN)
    return document.number, f"{padded(document.number)}/{document.symbol}", document
