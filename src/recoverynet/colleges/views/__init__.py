"""Pages of the colleges app: public (college, prospectus, course), learning (registration,
enrolment, My learning, learning plans) and manage (terms, courses, register, reports)."""
