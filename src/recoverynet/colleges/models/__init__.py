"""The colleges app's models, one module per part (import them from here)."""

# Terms, courses, students (colleges): further imports go above this line.
# Learning Network (collegenet): imports from .network go below this line.
from . import network  # noqa: F401  (the Learning Network's models: import from .network)
from .college import College, CollegeStaff, CollegeStage, StaffInvitation, StaffRole, Venue
from .course import (
    Course,
    CourseSession,
    CourseStatus,
    CourseTopic,
    Facilitator,
    FacilitatorRole,
    SuitableFor,
    Term,
    TermStatus,
)
from .student import (
    ACTIVE_ENROLMENT_STATUSES,
    Attendance,
    AttendanceMark,
    Certificate,
    Enrolment,
    EnrolmentStatus,
    LearningPlan,
    LearningPlanNote,
    LearningPlanNoteKind,
    RegistrationQuestion,
    SessionReminder,
    Student,
)

__all__ = [
    "ACTIVE_ENROLMENT_STATUSES",
    "Attendance",
    "AttendanceMark",
    "Certificate",
    "College",
    "CollegeStaff",
    "CollegeStage",
    "Course",
    "CourseSession",
    "CourseStatus",
    "CourseTopic",
    "Enrolment",
    "EnrolmentStatus",
    "Facilitator",
    "FacilitatorRole",
    "LearningPlan",
    "LearningPlanNote",
    "LearningPlanNoteKind",
    "RegistrationQuestion",
    "SessionReminder",
    "StaffInvitation",
    "StaffRole",
    "Student",
    "SuitableFor",
    "Term",
    "TermStatus",
    "Venue",
]
