"""What personal data the Learning Network part of colleges holds, and for how long
(issue #16's format). The colleges app's `personal_data.py` lists these with its own
(`PERSONAL_DATA = [..., *PERSONAL_DATA_NETWORK]`): the two together would pass 400 lines."""

from recoverynet.core.personal_data import (
    Action,
    Audience,
    Basis,
    Category,
    Condition,
    Field,
    Model,
    NotPersonal,
    Retention,
    until_erasure,
)

ACCOUNT_KEPT = "Points to the account, which is itself anonymised."
COLLEGE_RECORD = "A record about the college, not about the person who wrote it."
REVIEW_SEEN_BY = (Audience.ORGANISATION, Audience.NETWORK_TEAM, "the peer review team")
COLLEGE_SEEN_BY = (Audience.SELF, Audience.ORGANISATION, Audience.NETWORK_TEAM)

# A rater's own ratings: kept three years after the review closes, then deleted (the agreed ratings
# and the total stay with the review).
RATINGS = Retention(
    key="colleges.fidelity_responses",
    describe="Three years after the fidelity review closes",
    anchor="review__closed_at",
    years=3,
)
RATING_EVIDENCE = Retention(
    key="colleges.fidelity_rating_evidence",
    describe="Three years after the fidelity review closes",
    anchor="response__review__closed_at",
    years=3,
)
PEER_REVIEW = Retention(
    key="colleges.peer_reviews",
    describe="Six years after the peer review started",
    anchor="created_at",
    years=6,
)
PEER_REVIEW_PARTS = Retention(
    key="colleges.peer_review_parts",
    describe="Six years after the peer review started",
    anchor="review__created_at",
    years=6,
)
MENTORING = Retention(
    key="colleges.mentoring",
    describe="Six years after the mentoring pair ended",
    anchor="ended_on",
    years=6,
)
MENTORING_PARTS = Retention(
    key="colleges.mentoring_parts",
    describe="Six years after the mentoring pair ended",
    anchor="pair__ended_on",
    years=6,
)


def _account(purpose: str, key: str, *, nullable: bool) -> Field:
    return Field(
        Category.ACCOUNT_LINK,
        purpose=purpose,
        basis=Basis.LEGITIMATE_INTERESTS,
        seen_by=COLLEGE_SEEN_BY,
        retention=until_erasure(key),
        action=Action.CLEAR if nullable else Action.KEEP,
        keep_reason="" if nullable else ACCOUNT_KEPT,
    )


def _college_text(purpose: str, retention: Retention, *, seen_by: tuple = COLLEGE_SEEN_BY) -> Field:
    return Field(
        Category.FREE_TEXT,
        purpose=purpose,
        basis=Basis.LEGITIMATE_INTERESTS,
        seen_by=seen_by,
        retention=retention,
        action=Action.DELETE,
        on_erasure=Action.KEEP,
        keep_reason=COLLEGE_RECORD,
    )


PERSONAL_DATA_NETWORK = [
    NotPersonal("colleges.LearningDay", reason="A network day and the college that hosts it."),
    NotPersonal("colleges.FidelityWording", reason="Licensed questionnaire wording."),
    NotPersonal("colleges.MentorCapacity", reason="How many colleges a college can mentor."),
    Model(
        model="colleges.FidelityLicence",
        describe="Who confirmed the network's licence for the RECOLLECT wording",
        subject=("confirmed_by",),
        fields={
            "confirmed_by": _account(
                "To show who confirmed the licence terms.",
                "colleges.fidelity_licence_by",
                nullable=False,
            )
        },
        not_personal=(
            "created_at",
            "updated_at",
            "network",
            "licence_holder",
            "terms_confirmed_at",
        ),
    ),
    Model(
        model="colleges.FidelityReview",
        describe="A college's RECOLLECT fidelity review",
        subject=("started_by",),
        fields={
            "started_by": _account(
                "To know who started the review.", "colleges.fidelity_started_by", nullable=False
            )
        },
        not_personal=(
            "created_at",
            "updated_at",
            "public_id",
            "college",
            "network",
            "title",
            "status",
            "closed_at",
        ),
    ),
    Model(
        model="colleges.FidelityResponse",
        describe="Your own ratings in a fidelity review (never shown beside your name)",
        subject=("rater",),
        fields={
            "rater": Field(
                Category.ACCOUNT_LINK,
                purpose="So you can see and change your own ratings while the review is open.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.SELF,),
                retention=RATINGS,
                action=Action.DELETE,
            )
        },
        not_personal=("created_at", "updated_at", "review", "version"),
    ),
    Model(
        model="colleges.FidelityRating",
        describe="One of your ratings in a fidelity review, with your evidence",
        subject=("response__rater",),
        fields={
            "evidence": Field(
                Category.FREE_TEXT,
                purpose="So the college can see why each version rated as it did.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.SELF, Audience.ORGANISATION, Audience.NETWORK_TEAM),
                retention=RATING_EVIDENCE,
                action=Action.DELETE,
            )
        },
        not_personal=("created_at", "updated_at", "response", "component", "score", "type"),
    ),
    Model(
        model="colleges.FidelityAgreement",
        describe="The rating a college agreed for one component",
        subject=("agreed_by",),
        fields={
            "agreed_by": _account(
                "To know who recorded the agreed rating.",
                "colleges.fidelity_agreed_by",
                nullable=True,
            ),
            "rationale": Field(
                Category.FREE_TEXT,
                purpose="So the college remembers why it agreed the rating.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=COLLEGE_SEEN_BY,
                retention=until_erasure("colleges.fidelity_rationale"),
                action=Action.KEEP,
                keep_reason=COLLEGE_RECORD,
            ),
        },
        not_personal=("created_at", "updated_at", "review", "component", "score", "type"),
    ),
    Model(
        model="colleges.PeerReview",
        describe="An external peer review of a college",
        subject=("created_by",),
        fields={
            "created_by": _account(
                "To know who started the review.", "colleges.peer_review_by", nullable=False
            ),
            "report_summary": _college_text(
                "The review team's report to the college.", PEER_REVIEW, seen_by=REVIEW_SEEN_BY
            ),
            "response": _college_text(
                "The college's response to the report.", PEER_REVIEW, seen_by=REVIEW_SEEN_BY
            ),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "public_id",
            "network",
            "college",
            "status",
            "self_review_submitted_at",
            "visit_on",
            "report_published_at",
            "responded_at",
        ),
    ),
    Model(
        model="colleges.SelfReviewEntry",
        describe="A college's self-review before a peer review",
        subject=(),
        fields={
            "commentary": _college_text(
                "What the college says about itself.", PEER_REVIEW_PARTS, seen_by=REVIEW_SEEN_BY
            ),
            "evidence": _college_text(
                "Where the team can see evidence.", PEER_REVIEW_PARTS, seen_by=REVIEW_SEEN_BY
            ),
        },
        not_personal=("created_at", "updated_at", "review", "area", "rating"),
    ),
    Model(
        model="colleges.PeerReviewer",
        describe="The members of a peer review team",
        subject=("user",),
        fields={
            "user": Field(
                Category.ACCOUNT_LINK,
                purpose="To know who is on the review team.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=REVIEW_SEEN_BY,
                retention=until_erasure("colleges.peer_reviewers"),
                action=Action.KEEP,
                keep_reason=ACCOUNT_KEPT,
            ),
            "role": Field(
                Category.PERSPECTIVE,
                purpose="Every team includes a reviewer with lived experience; this says who "
                "agreed to take that role.",
                basis=Basis.CONSENT,
                condition=Condition.EXPLICIT_CONSENT,
                seen_by=REVIEW_SEEN_BY,
                retention=PEER_REVIEW_PARTS,
                action=Action.ANONYMISE,
                anonymised="peer",
            ),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "review",
            "home_college",
            "confidentiality_agreed_at",
        ),
    ),
    Model(
        model="colleges.VisitSlot",
        describe="The timetable of a peer review visit",
        subject=(),
        fields={
            "with_whom": _college_text(
                "Who the team meets at each part of the visit.",
                PEER_REVIEW_PARTS,
                seen_by=REVIEW_SEEN_BY,
            )
        },
        not_personal=("created_at", "updated_at", "review", "starts_at", "ends_at", "activity"),
    ),
    Model(
        model="colleges.PeerFinding",
        describe="The findings of a peer review team",
        subject=("written_by",),
        fields={
            "written_by": _account(
                "To know which reviewer wrote a finding.", "colleges.finding_by", nullable=True
            ),
            "text": _college_text(
                "What the team found.", PEER_REVIEW_PARTS, seen_by=REVIEW_SEEN_BY
            ),
        },
        not_personal=("created_at", "updated_at", "review", "kind"),
    ),
    Model(
        model="colleges.MentoringPair",
        describe="A college mentored by another",
        subject=(),
        fields={"end_note": _college_text("How the pairing ended.", MENTORING)},
        not_personal=(
            "created_at",
            "updated_at",
            "public_id",
            "network",
            "mentor",
            "mentee",
            "started_on",
            "ended_on",
            "end_state",
        ),
    ),
    Model(
        model="colleges.MentoringGoal",
        describe="A mentoring pair's goals",
        subject=(),
        fields={
            "text": _college_text("What the two colleges are working towards.", MENTORING_PARTS)
        },
        not_personal=("created_at", "updated_at", "pair", "status"),
    ),
    Model(
        model="colleges.MentoringCheckIn",
        describe="Check-ins between mentoring colleges",
        subject=("recorded_by",),
        fields={
            "recorded_by": _account(
                "To know who recorded the check-in.", "colleges.check_in_by", nullable=True
            ),
            "notes": _college_text("What the colleges talked about.", MENTORING_PARTS),
        },
        not_personal=("created_at", "updated_at", "pair", "held_on"),
    ),
]
