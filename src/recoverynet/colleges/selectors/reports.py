"""The numbers colleges are asked for, per term: courses run, sessions, enrolments, unique students,
attendance rate, completion rate, the share of sessions co-facilitated, and students by self-described
perspective (optional, only ever as suppressed group counts, never beside a name).

The college's manager and administrators see their own counts. The team of the college's networks
sees the same report with every count of people below the threshold suppressed. Learning plans are
never counted."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from recoverynet.accounts.actors import Actor
from recoverynet.accounts.models import Perspective
from recoverynet.core import aggregates
from recoverynet.core.charts import Bar, Chart, Group
from recoverynet.core.errors import PermissionDenied

from .. import access
from ..models import (
    Attendance,
    Course,
    CourseSession,
    CourseStatus,
    Enrolment,
    EnrolmentStatus,
    Term,
)
from ..models.student import ATTENDED_MARKS
from ..rules import CompletionRule, has_completed, is_cofacilitated


@dataclass(frozen=True)
class CourseRow:
    title: str
    sessions: int
    enrolments: int | None  # None: suppressed
    attendance_rate: float | None  # percent of recorded marks that were present or late
    completion_rate: float | None  # percent of enrolled students who completed
    cofacilitated: int  # sessions with a peer and a professional trainer


@dataclass(frozen=True)
class TermReport:
    term: Term
    suppressed: bool
    minimum: int
    courses_run: int
    sessions: int
    enrolments: int | None
    unique_students: int | None
    attendance_rate: float | None
    completion_rate: float | None
    cofacilitated_share: float | None
    rows: list[CourseRow] = field(default_factory=list)
    perspectives: aggregates.GroupCounts | None = None

    @property
    def charts(self) -> list[Chart]:
        return report_charts(self)


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def term_report(*, actor: Actor, term: Term) -> TermReport:
    college = term.college
    if access.can_view_college_reports(actor, college):
        suppress = False
    elif access.is_college_network_team(actor, college):
        suppress = True
    else:
        raise PermissionDenied("Only the college's manager and its network's team see its reports.")
    minimum = aggregates.people_minimum()
    courses = list(
        Course.objects.filter(term=term, status=CourseStatus.PUBLISHED)
        .prefetch_related(
            Prefetch("sessions", queryset=CourseSession.objects.prefetch_related("facilitators")),
            Prefetch(
                "enrolments",
                queryset=Enrolment.objects.filter(status=EnrolmentStatus.ENROLLED)
                .select_related("student__user")
                .prefetch_related(
                    Prefetch(
                        "attendance",
                        # No ordering: the model's default joins session, course, term and
                        # college to sort, a sequential scan of every session at scale.
                        queryset=Attendance.objects.only(
                            "enrolment_id", "session_id", "mark"
                        ).order_by(),
                    )
                ),
                to_attr="enrolled",
            ),
        )
        .order_by("title")
    )

    def people(count: int) -> int | None:
        return aggregates.suppressed(count, minimum) if suppress else count

    rows: list[CourseRow] = []
    total_sessions = total_cofacilitated = total_marks = total_attended = 0
    total_enrolled = total_completed = 0
    students: dict[int, str] = {}
    for course in courses:
        sessions = list(course.sessions.all())
        numbers = {s.pk: s.number for s in sessions}
        cofacilitated = sum(
            is_cofacilitated(f.role for f in s.facilitators.all()) for s in sessions
        )
        rule = CompletionRule(
            sessions=len(sessions),
            minimum=course.min_sessions_to_complete,
            first_required=course.first_session_required,
        )
        marks = attended = completed = 0
        enrolled: list[Enrolment] = getattr(course, "enrolled", [])
        for enrolment in enrolled:
            students[enrolment.student_id] = enrolment.student.user.perspective or ""
            own = {
                numbers[a.session_id]: a.mark
                for a in enrolment.attendance.all()
                if a.session_id in numbers
            }
            marks += len(own)
            attended += sum(1 for m in own.values() if m in ATTENDED_MARKS)
            completed += has_completed(rule, own)
        rows.append(
            CourseRow(
                title=course.title,
                sessions=len(sessions),
                enrolments=people(len(enrolled)),
                attendance_rate=_rate(attended, marks)
                if people(len(enrolled)) is not None
                else None,
                completion_rate=_rate(completed, len(enrolled))
                if people(len(enrolled)) is not None
                else None,
                cofacilitated=cofacilitated,
            )
        )
        total_sessions += len(sessions)
        total_cofacilitated += cofacilitated
        total_marks += marks
        total_attended += attended
        total_enrolled += len(enrolled)
        total_completed += completed
    shown_total = people(total_enrolled)
    return TermReport(
        term=term,
        suppressed=suppress,
        minimum=minimum,
        courses_run=len(courses),
        sessions=total_sessions,
        enrolments=shown_total,
        unique_students=people(len(students)),
        attendance_rate=_rate(total_attended, total_marks) if shown_total is not None else None,
        completion_rate=_rate(total_completed, total_enrolled) if shown_total is not None else None,
        cofacilitated_share=_rate(total_cofacilitated, total_sessions),
        rows=rows,
        # Perspectives are only ever shown as groups of at least the minimum, for everyone.
        perspectives=aggregates.group_counts(students.values(), minimum),
    )


def report_charts(report: TermReport) -> list[Chart]:
    note = f"Not shown: fewer than {report.minimum} students"
    enrolments = Chart(
        id="college-enrolments",
        title="Students enrolled on each course",
        description="One bar per course: how many students were enrolled.",
        series=("Students enrolled",),
        groups=tuple(
            Group(label=row.title, bars=(Bar("Students enrolled", row.enrolments, note=note),))
            for row in report.rows
        ),
        scale_max=max([row.enrolments or 0 for row in report.rows] + [1]),
        row_heading="Course",
        axis_label="Students",
    )
    rates = Chart(
        id="college-rates",
        title="Attendance and completion by course (%)",
        description="For each course, the share of recorded sessions attended and of students who completed.",
        series=("Attendance %", "Completion %"),
        groups=tuple(
            Group(
                label=row.title,
                bars=(
                    Bar(
                        "Attendance %",
                        row.attendance_rate,
                        note=note if row.enrolments is None else "No register yet",
                    ),
                    Bar(
                        "Completion %",
                        row.completion_rate,
                        note=note if row.enrolments is None else "None yet",
                    ),
                ),
            )
            for row in report.rows
        ),
        scale_max=100,
        row_heading="Course",
        axis_label="Percent",
    )
    charts = [enrolments, rates]
    if report.perspectives is not None and report.perspectives.shown:
        labels = dict(Perspective.choices)
        charts.append(
            Chart(
                id="college-perspectives",
                title="Students by self-described perspective",
                description="Only groups of at least the minimum are shown; the rest are counted together.",
                series=("Students",),
                groups=tuple(
                    Group(label=str(labels.get(key, key)), bars=(Bar("Students", n),))
                    for key, n in report.perspectives.shown
                ),
                scale_max=max(n for _, n in report.perspectives.shown),
                row_heading="Perspective",
                axis_label="Students",
            )
        )
    return charts


EXPORT_HEADER = (
    "Course",
    "Sessions",
    "Sessions co-facilitated",
    "Students enrolled",
    "Attendance %",
    "Completion %",
)


def export_rows(report: TermReport) -> list[list[object]]:
    """The per-course table for CSV/XLSX; suppressed counts are written as "suppressed"."""

    def shown(value: object) -> object:
        return (
            "suppressed"
            if value is None and report.suppressed
            else ("" if value is None else value)
        )

    return [
        [
            row.title,
            row.sessions,
            row.cofacilitated,
            shown(row.enrolments),
            shown(row.attendance_rate),
            shown(row.completion_rate),
        ]
        for row in report.rows
    ]
