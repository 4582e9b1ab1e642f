"""The data map of the domain apps: movements, documents, commendations, examples, surveys.

Part of the one data map (`thidua.privacy.datamap`); see there for what an entry means.
"""

from django.utils.translation import gettext_lazy as _

from thidua.privacy.kinds import (
    CLIENT_KEY,
    CONTACT_SIGHT,
    COUNCIL,
    COUNCIL_AGENDA,
    EVERY_ROLE,
    LEADER,
    OFFICER,
    PUBLIC,
    RECIPIENT,
    REPRESENTATIVE,
    SENSITIVE_SIGHT,
    STAFF,
    STAFF_AND_LEADER,
    STAFF_TRACE,
    Basis,
    DataClass,
    ModelMap,
    entry,
)

D = DataClass
B = Basis
_p = entry
DOSSIER_SIGHT = STAFF_AND_LEADER + (COUNCIL,)

_MOVEMENTS: tuple[ModelMap, ...] = (
    ModelMap("movements.CriteriaSet", {}, "id code name legal_basis valid_from valid_to note"),
    ModelMap("movements.Criterion", {}, "id criteria_set number code name indicators"),
    ModelMap(
        "movements.Movement",
        {"created_by": STAFF_TRACE},
        "id unit name kind state plan_number plan_date parent lineage legal_bases preamble purposes content_items "
        "form_and_time commendation_text recipients programmes period_start period_end cadence report_grace_days "
        "criteria_set plan_document results_public is_sample created_at launched_at closed_at",
    ),
    ModelMap("movements.CommendationQuota", {}, "id movement recipient_kind per_period awards"),
    ModelMap("movements.ReviewPeriod", {}, "id movement name kind start end due state report_document"),
    ModelMap(
        "movements.Participation",
        {"person": _p(D.WORK, _("Người tham gia phong trào"), B.EMULATION, EVERY_ROLE, "dossier")},
        "id movement unit joined_on",
    ),
    ModelMap(
        "movements.Commitment",
        {"reviewed_by": STAFF_TRACE, "created_by": STAFF_TRACE},
        "id movement unit year state titles note return_reason submitted_at reviewed_at is_sample",
    ),
    ModelMap("movements.Indicator", {}, "id name measure direction baseline is_sample"),
    ModelMap("movements.Pledge", {}, "id commitment indicator value deadline"),
    ModelMap("movements.Covenant", {}, "id movement name signed_on content units"),
    ModelMap("movements.Target", {}, "id movement unit year indicator value baseline"),
    ModelMap(
        "movements.ProgressReport",
        {"reported_by": STAFF_TRACE},
        "id target period value as_of note evidence reported_at first_reported_at",
    ),
    ModelMap("movements.Duty", {}, "id movement unit text due_date status"),
    ModelMap("movements.CriterionResult", {}, "id movement unit criterion met evidence assessed_on"),
    ModelMap(
        "movements.TargetStanding",
        {},
        "target movement unit indicator year value period capped met levels reported_in first_reported",
    ),
    ModelMap("movements.UnitYearStanding", {}, "id movement unit year targets reported met capped"),
    ModelMap(
        "movements.UnitPeriodStanding",
        {},
        "id movement unit period year reported capped completed_at on_time",
    ),
    ModelMap(
        "movements.CascadeStanding",
        {},
        "id movement unit year targets reported met capped reporting_units timeliness",
    ),
)

_DOCUMENTS: tuple[ModelMap, ...] = (
    ModelMap("documents.NumberSeries", {}, "id issuer year last_number"),
    ModelMap(
        "documents.Document",
        {
            "content": _p(
                D.WORK,
                _("Văn bản (quyết định, tờ trình, biên bản) nêu tên người được khen, người ký"),
                B.EMULATION,
                EVERY_ROLE + (PUBLIC,),
                "dossier",
                _("Công khai: quyết định đã ban hành."),
            ),
            "created_by": STAFF_TRACE,
        },
        "id unit issuer doc_type abstract symbol number year date state version previous withdraw_reason "
        "created_at issued_at is_sample",
    ),
)

_CATALOGUE: tuple[ModelMap, ...] = (
    ModelMap(
        "commendations.AwardType",
        {},
        "id code name short_name recipient_kind timing level is_title criteria vote_threshold_pct notice_days "
        "coefficient rank dossier_parts rules fund active",
    ),
    ModelMap("commendations.BaseSalary", {}, "id amount effective_from legal_basis"),
    ModelMap("commendations.RuleOverride", {}, "id unit award_type key value effective_from legal_basis"),
    ModelMap(
        "commendations.TaskRating",
        {
            "person": _p(
                D.WORK,
                _("Xếp loại hoàn thành nhiệm vụ, điều kiện danh hiệu"),
                B.ELIGIBILITY,
                DOSSIER_SIGHT,
                "eligibility",
                COUNCIL_AGENDA,
            ),
            "level": _p(
                D.WORK,
                _("Xếp loại hoàn thành nhiệm vụ, điều kiện danh hiệu"),
                B.ELIGIBILITY,
                DOSSIER_SIGHT,
                "eligibility",
                COUNCIL_AGENDA,
            ),
        },
        "id year",
    ),
    ModelMap(
        "commendations.Initiative",
        {
            "person": _p(
                D.WORK,
                _("Sáng kiến, điều kiện Chiến sĩ thi đua cơ sở"),
                B.EMULATION,
                DOSSIER_SIGHT,
                "dossier",
            ),
            "title": _p(
                D.WORK,
                _("Sáng kiến, điều kiện Chiến sĩ thi đua cơ sở"),
                B.EMULATION,
                DOSSIER_SIGHT,
                "dossier",
            ),
        },
        "id year recognised_on recognised_by",
    ),
    ModelMap(
        "commendations.Discipline",
        {
            name: _p(
                D.SENSITIVE,
                _("Tạm hoãn hoặc loại khỏi xét khen thưởng khi đang bị kỷ luật, thanh tra, khiếu nại"),
                B.ELIGIBILITY,
                SENSITIVE_SIGHT,
                "eligibility",
                COUNCIL_AGENDA,
            )
            for name in ("person", "kind", "severity", "pending", "note")
        },
        "id unit year",
    ),
)

_NOMINATION_TEXT = _p(
    D.WORK, _("Báo cáo thành tích, lý do trả lại"), B.EMULATION, DOSSIER_SIGHT + (REPRESENTATIVE,), "dossier"
)
_NOMINATIONS: tuple[ModelMap, ...] = (
    ModelMap(
        "commendations.Nomination",
        {
            "person": RECIPIENT,
            "household": RECIPIENT,
            "recipient_name": RECIPIENT,
            "achievement": _NOMINATION_TEXT,
            "return_reason": _NOMINATION_TEXT,
            "check_result": _p(
                D.SENSITIVE,
                _("Kết quả kiểm tra điều kiện (có kỷ luật, thanh tra, khiếu nại đang xem xét hay không)"),
                B.ELIGIBILITY,
                SENSITIVE_SIGHT,
                "dossier",
                COUNCIL_AGENDA,
            ),
            "created_by": STAFF_TRACE,
        },
        "id commune unit award_type year recipient_kind collective movement review_period state resume_state "
        "session notice proposal created_at updated_at is_sample",
    ),
    ModelMap(
        "commendations.Proposal",
        {
            "return_reason": _NOMINATION_TEXT,
            "appraisal_note": _NOMINATION_TEXT,
            "close_reason": _NOMINATION_TEXT,
            "minutes_file": _p(
                D.FILE,
                _("Biên bản họp Hội đồng xã trong hồ sơ đề nghị lên tỉnh"),
                B.EMULATION,
                DOSSIER_SIGHT,
                "dossier",
            ),
            "created_by": STAFF_TRACE,
        },
        "id commune province year title state form_key submission_document submitted_on returned_on "
        "received_on appraisal_due appraised_on session decision created_at is_sample late_days closed_on",
    ),
    ModelMap(
        "commendations.Evidence",
        {
            "file": _p(
                D.FILE,
                _("Minh chứng thành tích trong hồ sơ đề nghị"),
                B.EMULATION,
                DOSSIER_SIGHT,
                "evidence_unawarded",
                _("Đề nghị có quyết định: theo “Tệp minh chứng của đề nghị đã có quyết định khen thưởng”."),
            ),
            "description": _p(
                D.FILE, _("Mô tả minh chứng"), B.EMULATION, DOSSIER_SIGHT, "evidence_unawarded"
            ),
        },
        "id nomination uploaded_at",
    ),  # fmt: skip
)

_MEMBER = _p(
    D.COUNCIL,
    _("Thành phần, tham dự, biểu quyết của Hội đồng (biên bản)"),
    B.EMULATION,
    DOSSIER_SIGHT,
    "dossier",
)
_COUNCIL: tuple[ModelMap, ...] = (
    ModelMap(
        "commendations.CouncilMember",
        {"user": _MEMBER, "full_name": _MEMBER},
        "id council role active",
    ),
    ModelMap(
        "commendations.Session",
        {"paper_confirmed_by": STAFF_TRACE, "paper_entered_by": STAFF_TRACE},
        "id council commune title year held_on state paper quorum_numerator quorum_denominator review_period "
        "quota_individual quota_collective quota_household member_count opened_at closed_at secret ballot_box "
        "minutes_document is_sample",
    ),
    ModelMap(
        "commendations.Attendance",
        {"member": _MEMBER, "present": _MEMBER, "written_opinion": _MEMBER},
        "id session",
    ),
    ModelMap("commendations.Participation", {"member": _MEMBER}, "id session"),
    # Secret ballots carry no voter (README, "The secret ballot").
    ModelMap("commendations.SealedBallot", {}, "id session box"),
    ModelMap("commendations.Ballot", {}, "id session"),
    ModelMap("commendations.BallotChoice", {}, "id ballot nomination agree"),
    ModelMap(
        "commendations.OpenVote",
        {
            "member": _p(
                D.COUNCIL,
                _("Biểu quyết công khai: ai đã bỏ phiếu nào"),
                B.EMULATION,
                DOSSIER_SIGHT,
                "dossier",
            )
        },
        "id session ballot",
    ),
    ModelMap("commendations.PaperCount", {}, "id session nomination agree"),
    ModelMap(
        "commendations.TallyLine",
        {},
        "id session nomination agree disagree percent threshold_pct rank outcome note",
    ),
)

# A row of a past decision's list as read, and the people of the commune it was matched to.
_HISTORY_ROW = _p(
    D.WORK,
    _("Đối chiếu danh sách khen thưởng của quyết định cũ với cá nhân của xã"),
    B.EMULATION,
    STAFF_AND_LEADER,
    "dossier",
)
_ANNULMENT = _p(
    D.SENSITIVE,
    _("Hủy khen thưởng, thu hồi tiền thưởng (Luật Thi đua, khen thưởng Chương VII)"),
    B.ELIGIBILITY,
    STAFF_AND_LEADER,
    "dossier",
)
_DECISIONS: tuple[ModelMap, ...] = (
    ModelMap(
        "commendations.Decision",
        {
            "signer": STAFF_TRACE,
            "signer_name": _p(
                D.STAFF_TRACE, _("Người ký quyết định"), B.EMULATION, EVERY_ROLE + (PUBLIC,), "dossier"
            ),
        },
        "id commune session title year number number_label signed_on state document submission_document "
        "rules_snapshot base_salary total_amount created_at is_sample",
    ),
    ModelMap(
        "commendations.Award",
        {
            "person": RECIPIENT,
            "household": RECIPIENT,
            "recipient_name": RECIPIENT,
            "amount": _p(D.WORK, _("Tiền thưởng theo quyết định"), B.EMULATION, DOSSIER_SIGHT, "dossier"),
            "verify_code": _p(
                D.IDENTITY, _("Mã xác minh in trên giấy khen"), B.EMULATION, EVERY_ROLE + (PUBLIC,), "dossier"
            ),
            "annulled": _ANNULMENT,
            "annul_reason": _ANNULMENT,
            "recover_amount": _ANNULMENT,
        },
        "id award_type year commune recipient_kind collective nomination decision external_ref movement "
        "review_period amount_note annul_decision annulled_on is_sample",
    ),
    ModelMap(
        "commendations.HistoryBatch",
        {"created_by": STAFF_TRACE},
        "id commune state created_at files confirmed_at undone_at",
    ),
    ModelMap(
        "commendations.HistoryRow",
        {
            "name": _HISTORY_ROW,
            "position": _HISTORY_ROW,
            "unit_text": _HISTORY_ROW,
            "source": _HISTORY_ROW,
            "gender": _HISTORY_ROW,
            "person": _HISTORY_ROW,
            "candidates": _HISTORY_ROW,
            "household": _HISTORY_ROW,
        },
        "id batch order file_name external_ref year award_text kind match unit award_type note award "
        "created_person duplicate",
    ),
    ModelMap(
        "commendations.Notice", {}, "id commune session title starts_on ends_on created_at document is_sample"
    ),
    ModelMap(
        "commendations.Objection",
        {
            "name": _p(
                D.IDENTITY,
                _("Trả lời người gửi ý kiến"),
                B.PUBLIC_NOTICE,
                (OFFICER, LEADER),
                "objection_contact",
            ),
            "contact": _p(
                D.CONTACT,
                _("Trả lời người gửi ý kiến"),
                B.PUBLIC_NOTICE,
                (OFFICER, LEADER),
                "objection_contact",
            ),
            "text": _p(
                D.OPINION,
                _("Xem xét ý kiến về người được công khai"),
                B.PUBLIC_NOTICE,
                DOSSIER_SIGHT,
                "dossier",
            ),
            "resolution": _p(D.OPINION, _("Kết quả xử lý ý kiến"), B.PUBLIC_NOTICE, DOSSIER_SIGHT, "dossier"),
            "client_key": CLIENT_KEY,
            "resolved_by": STAFF_TRACE,
        },
        "id notice nomination created_at state resolved_at",
    ),
)

_REPORTER = _p(
    D.CONTACT, _("Xác minh việc tốt với người phản ánh"), B.CONSENT, CONTACT_SIGHT, "example_reporter"
)
_EXAMPLE = _p(
    D.WORK,
    _("Nêu gương, nhân rộng điển hình"),
    B.CONSENT,
    EVERY_ROLE + (PUBLIC,),
    "example",
    _("Công khai khi điển hình được công bố và người được nêu gương đã đồng ý."),
)
_CONSENT = _p(
    D.IDENTITY, _("Chứng cứ người được nêu gương đã đồng ý công bố"), B.CONSENT, STAFF_AND_LEADER, "example"
)
_EXAMPLES: tuple[ModelMap, ...] = (
    ModelMap(
        "examples.Example",
        {
            "person": _EXAMPLE,
            "title": _EXAMPLE,
            "story": _EXAMPLE,
            "reject_reason": _p(D.WORK, _("Lý do không công nhận"), B.EMULATION, STAFF_AND_LEADER, "example"),
            "reporter_name": _REPORTER,
            "reporter_contact": _REPORTER,
            "client_key": CLIENT_KEY,
            "proposed_by": STAFF_TRACE,
        },
        "id unit kind collective movement state source verified_at published_at replicated is_sample created_at "
        "updated_at",
    ),
    ModelMap("examples.ExamplePhoto", {"file": _EXAMPLE, "caption": _EXAMPLE}, "id example created_at"),
    ModelMap(
        "examples.Consent",
        {
            "given_by": _CONSENT,
            "scan": _CONSENT,
            "note": _CONSENT,
            "withdrawal_note": _CONSENT,
            "recorded_by": STAFF_TRACE,
            "withdrawn_by": STAFF_TRACE,
        },
        "id example given_on method recorded_at withdrawn_on withdrawn_at",
    ),
    ModelMap("examples.Adoption", {}, "id example unit adopted_on note"),
    ModelMap(
        "examples.Bulletin",
        {"text": _EXAMPLE, "created_by": STAFF_TRACE},
        "id unit title week_start state broadcast_on is_sample created_at examples movements",
    ),
    ModelMap(
        "examples.Delivery", {"acknowledged_by": STAFF_TRACE}, "id bulletin hamlet sent_at acknowledged_at"
    ),
    # The bulletin's text read aloud: what the text holds about a person, the audio holds too.
    ModelMap(
        "examples.BulletinAudio",
        {"mp3": _EXAMPLE, "ogg": _EXAMPLE},
        "id bulletin state voice text_sha256 duration_ms message job updated_at",
    ),
)

_SURVEY_TEXT = _p(
    D.OPINION,
    _("Góp ý về dịch vụ hành chính (người dân có thể tự ghi tên)"),
    B.SURVEY,
    (OFFICER, LEADER),
    "survey_response",
)
_SURVEYS: tuple[ModelMap, ...] = (
    ModelMap(
        "surveys.Survey",
        {},
        "id unit title period_start period_end services state opened_at closed_at is_sample created_at",
    ),
    ModelMap("surveys.Question", {}, "id survey element position text"),
    ModelMap(
        "surveys.Response",
        {"expectations": _SURVEY_TEXT, "comments": _SURVEY_TEXT, "client_key": CLIENT_KEY},
        "id survey service is_sample created_at",
    ),
    ModelMap("surveys.Answer", {}, "id response question score"),
    ModelMap("surveys.ScoreCount", {}, "id survey question score n"),
    ModelMap("surveys.ServiceCount", {}, "id survey service n"),
)

_PRIVACY: tuple[ModelMap, ...] = (
    ModelMap(
        "privacy.SensitiveRead",
        {
            "reader": STAFF_TRACE,
            "reader_label": STAFF_TRACE,
            "person": _p(
                D.IDENTITY,
                _("Ai đã xem số điện thoại, kỷ luật của người nào (phát hiện xem trái phép)"),
                B.SECURITY,
                STAFF,
                "audit",
            ),
        },
        "id read_at kind place",
    ),
)

# The API's tokens name a system and a unit, not a person; who made one is the staff's trace.
_API: tuple[ModelMap, ...] = (
    ModelMap(
        "api.ApiToken",
        {"created_by": STAFF_TRACE},
        "id label unit prefix secret_hash report_figures expires_on created_at revoked_at last_used_at",
    ),
    # The rate limit's count per token, or per keyed hash of an address on the public check.
    ModelMap("api.RateCount", {"ident": CLIENT_KEY}, "minute calls"),
)

# A person's own messages: what waits for them, and whether they want the daily e-mail. No role sees
# another's: each person sees only their own (access.get_mine).
OWN_ONLY = _("Chỉ chính người nhận xem, trong phần mềm và trong thư.")
NOTIFICATION_TRACE = _("Biết thông báo nào đã đọc, đã gửi thư")
DIGEST_CHOICE = _("Lựa chọn nhận thư thông báo của cán bộ")
_NOTIFICATIONS: tuple[ModelMap, ...] = (
    ModelMap(
        "notifications.Notification",
        {
            "recipient": _p(
                D.ACCOUNT,
                _("Báo cho cán bộ việc đang chờ họ (trong phần mềm, thư hằng ngày)"),
                B.ACCOUNTABILITY,
                (),
                "account",
                OWN_ONLY,
            ),
            "read_at": _p(D.STAFF_TRACE, NOTIFICATION_TRACE, B.ACCOUNTABILITY, (), "account", OWN_ONLY),
            "emailed_at": _p(D.STAFF_TRACE, NOTIFICATION_TRACE, B.ACCOUNTABILITY, (), "account", OWN_ONLY),
        },
        "id kind text link unit created_at key",
    ),
    ModelMap(
        "notifications.Preference",
        {
            "user": _p(D.ACCOUNT, DIGEST_CHOICE, B.ACCOUNTABILITY, (), "account", OWN_ONLY),
            "digest": _p(D.ACCOUNT, DIGEST_CHOICE, B.ACCOUNTABILITY, (), "account", OWN_ONLY),
        },
        "digest_sent_on",
    ),
)

# A signing certificate names the leader it was issued to (its subject); the signed copy names them too.
_SIGNER = _p(
    D.WORK,
    _("Người ký văn bản điện tử và cơ quan của họ, theo chứng thư số"),
    B.ACCOUNTABILITY,
    EVERY_ROLE + (PUBLIC,),
    "dossier",
    _("Công khai cùng văn bản đã ký."),
)
# A person's signature image (or, for a unit, its seal): shown on every paper they sign digitally.
_SIGNATURE_IMAGE = _p(
    D.IDENTITY,
    _("Ảnh chữ ký của người ký (hoặc ảnh con dấu của cơ quan), hiện trên văn bản ký số"),
    B.ACCOUNTABILITY,
    EVERY_ROLE + (PUBLIC,),
    "dossier",
    _("Hiện trên văn bản đã ký; chỉ chính người đó thay được ảnh chữ ký của mình."),
)
_SIGNATURES: tuple[ModelMap, ...] = (
    ModelMap(
        "signatures.SigningKey",
        {"certificate": _SIGNER, "subject": _SIGNER, "created_by": STAFF_TRACE},
        "id unit label kind pkcs12 module_path token_label key_label not_after fingerprint active created_at",
    ),
    ModelMap("signatures.TrustAnchor", {"created_by": STAFF_TRACE}, "id kind label der sha256 created_at"),
    ModelMap(
        "signatures.SignatureImage",
        {
            "user": _SIGNATURE_IMAGE,
            "png": _SIGNATURE_IMAGE,
            "created_by": STAFF_TRACE,
        },
        "id kind unit width_mm created_at",
    ),
    ModelMap(
        "signatures.SignedAttachment",
        {"signed_by": STAFF_TRACE},
        "id document file key name sha256 signed_at",
    ),
    ModelMap(
        "signatures.SignedPaper",
        {"signer": _SIGNER, "signed_by": STAFF_TRACE},
        "id document file key sha256 timestamped signed_at",
    ),
    ModelMap("archive.RetentionRule", {}, "id doc_type years basis updated_at"),
    ModelMap("archive.ArchiveCopy", {}, "id document file sha256 standard pages made_at"),
    ModelMap(
        "archive.Appraisal", {"recorded_by": STAFF_TRACE}, "id unit reference decided_on note recorded_at"
    ),
    ModelMap("archive.AppraisalItem", {}, "id appraisal document outcome keep_until"),
    ModelMap(
        "archive.Handover",
        {"recorded_by": STAFF_TRACE},
        "id unit year handed_on archive reference documents recorded_at",
    ),
)

DOMAIN_MAP: tuple[ModelMap, ...] = (
    _MOVEMENTS
    + _DOCUMENTS
    + _SIGNATURES
    + _CATALOGUE
    + _NOMINATIONS
    + _COUNCIL
    + _DECISIONS
    + _EXAMPLES
    + _SURVEYS
    + _PRIVACY
    + _API
    + _NOTIFICATIONS
)

__all__ = ["DOMAIN_MAP"]
