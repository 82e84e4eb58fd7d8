"""What personal data the colleges app holds, and for how long (docs: /work/personal-data-format.md,
issue #16). The college and its students; the Learning Network's models are declared after them."""

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

from .personal_data_network import PERSONAL_DATA_NETWORK

COLLEGE_STAFF = "the college's staff"
STUDENT = until_erasure("colleges.student", "Until you close your account")
STAFF_LINK = until_erasure("colleges.staff_links", "Until the person closes their account")
CONTACTS = until_erasure("colleges.college_contacts", "While the college is listed")
# The learning plan: two years after it last changed, then deleted (and at once on erasure).
PLAN = Retention(
    key="colleges.learning_plan",
    describe="Two years after you last changed your learning plan",
    anchor="updated_at",
    years=2,
)
PLAN_NOTES = Retention(
    key="colleges.learning_plan_notes",
    describe="Two years after the learning plan last changed",
    anchor="plan__updated_at",
    years=2,
)
INVITATIONS = Retention(
    key="colleges.staff_invitations",
    describe="90 days after the invitation expires",
    anchor="expires_at",
    days=90,
)
NOT_KEPT_FOR_ANYONE = "Points to the account, which is itself anonymised."


def _link(purpose: str, retention: Retention = STAFF_LINK) -> Field:
    return Field(
        Category.ACCOUNT_LINK,
        purpose=purpose,
        basis=Basis.LEGITIMATE_INTERESTS,
        seen_by=(COLLEGE_STAFF,),
        retention=retention,
        action=Action.CLEAR,
    )


PERSONAL_DATA = [
    Model(
        model="colleges.College",
        describe="A Recovery College's public page",
        subject=(),
        fields={
            "contact_email": Field(
                Category.CONTACT,
                purpose="So people can contact the college.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.PUBLIC,),
                retention=CONTACTS,
                action=Action.CLEAR,
            ),
            "contact_phone": Field(
                Category.CONTACT,
                purpose="So people can phone the college.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.PUBLIC,),
                retention=CONTACTS,
                action=Action.CLEAR,
            ),
            "certificate_signatory": Field(
                Category.IDENTITY,
                purpose="Printed on certificates of completion.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.PUBLIC,),
                retention=CONTACTS,
                action=Action.CLEAR,
            ),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "public_id",
            "organisation",
            "networks",
            "name",
            "slug",
            "stage",
            "summary",
            "who_for",
            "how_to_enrol",
            "website",
            "time_zone",
        ),
    ),
    NotPersonal("colleges.Venue", reason="A college's venues and their access information."),
    Model(
        model="colleges.CollegeStaff",
        describe="People's roles at a college (manager, trainers, learning advisor)",
        subject=("user",),
        fields={
            "user": Field(
                Category.ACCOUNT_LINK,
                purpose="To know who works at the college and in which role.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(COLLEGE_STAFF, Audience.NETWORK_TEAM),
                retention=STAFF_LINK,
                action=Action.DELETE,
            ),
        },
        not_personal=("created_at", "updated_at", "college", "role"),
    ),
    Model(
        model="colleges.StaffInvitation",
        describe="Invitations to a staff role at a college, for people without an account yet",
        subject=("email", "accepted_by"),
        fields={
            "email": Field(
                Category.CONTACT,
                purpose="To send you the invitation.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.SELF, COLLEGE_STAFF),
                retention=INVITATIONS,
                action=Action.DELETE,
            ),
            "token_hash": Field(
                Category.TECHNICAL,
                purpose="To check the invitation link (only a scrambled form is stored).",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.SELF,),
                retention=INVITATIONS,
                action=Action.DELETE,
                export=False,
            ),
            "invited_by": Field(
                Category.ACCOUNT_LINK,
                purpose="To know who sent the invitation.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(COLLEGE_STAFF,),
                retention=INVITATIONS,
                action=Action.DELETE,
                on_erasure=Action.CLEAR,
            ),
            "accepted_by": Field(
                Category.ACCOUNT_LINK,
                purpose="To know who accepted the invitation.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(COLLEGE_STAFF,),
                retention=INVITATIONS,
                action=Action.DELETE,
            ),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "college",
            "role",
            "expires_at",
            "sent_count",
            "accepted_at",
            "revoked_at",
        ),
    ),
    Model(
        model="colleges.Term",
        describe="A college's terms",
        subject=("published_by",),
        fields={"published_by": _link("To record who published the term.")},
        not_personal=(
            "created_at",
            "updated_at",
            "public_id",
            "college",
            "name",
            "slug",
            "starts_on",
            "ends_on",
            "introduction",
            "status",
            "published_at",
            "copied_from",
        ),
    ),
    Model(
        model="colleges.Course",
        describe="Courses in a college's terms",
        subject=("cofacilitation_reason_by",),
        fields={
            "cofacilitation_reason": Field(
                Category.FREE_TEXT,
                purpose="Why a course was published without a peer and a professional trainer.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(COLLEGE_STAFF,),
                retention=STAFF_LINK,
                action=Action.KEEP,
                keep_reason="The college's record of how the course was run; written by staff.",
            ),
            "cofacilitation_reason_by": _link("To record who gave the reason."),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "public_id",
            "term",
            "title",
            "topic",
            "suitable_for",
            "what_you_will_learn",
            "who_for",
            "accessibility",
            "capacity",
            "first_session_required",
            "min_sessions_to_complete",
            "offer_hours",
            "codesigned_by_peer",
            "codesigned_by_staff",
            "codesigned_by_carer",
            "coproduction_notes",
            "status",
            "copied_from",
        ),
    ),
    NotPersonal("colleges.CourseSession", reason="When and where a course's sessions are."),
    Model(
        model="colleges.Facilitator",
        describe="Who facilitates each session, and in which role",
        subject=("user",),
        fields={
            "user": Field(
                Category.ACCOUNT_LINK,
                purpose="To show students who their tutors are and record co-facilitation.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.PUBLIC,),
                retention=STAFF_LINK,
                action=Action.KEEP,
                keep_reason=NOT_KEPT_FOR_ANYONE,
            ),
        },
        not_personal=("created_at", "updated_at", "session", "role"),
    ),
    NotPersonal(
        "colleges.RegistrationQuestion", reason="The questions a college asks when people register."
    ),
    Model(
        model="colleges.Student",
        describe="People registered as students of a college",
        subject=("user",),
        fields={
            "user": Field(
                Category.ACCOUNT_LINK,
                purpose="To link your student record to your account.",
                basis=Basis.CONTRACT,
                seen_by=(Audience.SELF, COLLEGE_STAFF),
                retention=STUDENT,
                action=Action.KEEP,
                keep_reason=NOT_KEPT_FOR_ANYONE,
            ),
            "preferred_name": Field(
                Category.IDENTITY,
                purpose="So tutors know what to call you.",
                basis=Basis.CONTRACT,
                seen_by=(Audience.SELF, COLLEGE_STAFF),
                retention=STUDENT,
                action=Action.ANONYMISE,
                anonymised="Former student",
            ),
            "phone": Field(
                Category.CONTACT,
                purpose="So the college can call you if a course changes (optional).",
                basis=Basis.CONSENT,
                seen_by=(Audience.SELF, COLLEGE_STAFF),
                retention=STUDENT,
                action=Action.CLEAR,
            ),
            "answers": Field(
                Category.FREE_TEXT,
                purpose="Your answers to the college's own registration questions.",
                basis=Basis.CONSENT,
                seen_by=(Audience.SELF, COLLEGE_STAFF),
                retention=STUDENT,
                action=Action.CLEAR,
            ),
            "registered_by": _link("To record that staff registered you on your behalf.", STUDENT),
        },
        not_personal=("created_at", "updated_at", "public_id", "college"),
    ),
    Model(
        model="colleges.Enrolment",
        describe="Students' enrolments and places on the waiting list",
        subject=("student__user",),
        fields={
            "enrolled_by": _link("To record that staff enrolled you on your behalf.", STUDENT),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "public_id",
            "course",
            "student",
            "status",
            "waiting_since",
            "offer_expires_at",
            "enrolled_at",
            "cancelled_at",
            "how",
        ),
    ),
    NotPersonal(
        "colleges.SessionReminder", reason="That a reminder was sent for a session (no content)."
    ),
    Model(
        model="colleges.Attendance",
        describe="The attendance register",
        subject=("enrolment__student__user",),
        fields={"recorded_by": _link("To record who took the register.", STUDENT)},
        not_personal=("created_at", "updated_at", "enrolment", "session", "mark"),
    ),
    Model(
        model="colleges.Certificate",
        describe="Certificates of completion",
        subject=("enrolment__student__user",),
        fields={
            "name_on_certificate": Field(
                Category.IDENTITY,
                purpose="The name printed on your certificate.",
                basis=Basis.CONTRACT,
                seen_by=(Audience.SELF, COLLEGE_STAFF),
                retention=STUDENT,
                action=Action.ANONYMISE,
                anonymised="Former student",
            ),
            "issued_by": _link("To record who issued the certificate.", STUDENT),
        },
        not_personal=("created_at", "updated_at", "public_id", "enrolment", "replaced_at"),
    ),
    Model(
        model="colleges.LearningPlan",
        describe="Students' individual learning plans (private to the student and their advisor)",
        subject=("student__user",),
        fields={
            "goals": Field(
                Category.HEALTH,
                purpose="Your goals in your own words, for you and the advisor you share them with.",
                basis=Basis.CONSENT,
                condition=Condition.EXPLICIT_CONSENT,
                seen_by=(Audience.SELF, "the learning advisor you share it with"),
                retention=PLAN,
                action=Action.DELETE,
            ),
            "shared_with": Field(
                Category.ACCOUNT_LINK,
                purpose="The learning advisor you chose to share your plan with.",
                basis=Basis.CONSENT,
                seen_by=(Audience.SELF, "the learning advisor you share it with"),
                retention=PLAN,
                action=Action.DELETE,
            ),
        },
        not_personal=("created_at", "updated_at", "public_id", "student", "courses"),
    ),
    Model(
        model="colleges.LearningPlanNote",
        describe="Notes and reviews on a learning plan",
        subject=("plan__student__user", "author"),
        fields={
            "text": Field(
                Category.HEALTH,
                purpose="Notes and reviews between you and your learning advisor.",
                basis=Basis.CONSENT,
                condition=Condition.EXPLICIT_CONSENT,
                seen_by=(Audience.SELF, "the learning advisor you share it with"),
                retention=PLAN_NOTES,
                action=Action.DELETE,
            ),
            "author": Field(
                Category.ACCOUNT_LINK,
                purpose="Who wrote the note.",
                basis=Basis.CONSENT,
                seen_by=(Audience.SELF, "the learning advisor you share it with"),
                retention=PLAN_NOTES,
                action=Action.DELETE,
            ),
        },
        not_personal=("created_at", "updated_at", "plan", "kind"),
    ),
    # Learning Network (collegenet): its models are declared below this line.
    *PERSONAL_DATA_NETWORK,  # in personal_data_network.py (both together pass 400 lines)
]
