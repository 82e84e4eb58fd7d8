"""Recovery Colleges: the college, its staff, terms and prospectus, co-facilitated courses, students,
enrolment, attendance, completion and learning plans; and (models/network.py) the Recovery College
Learning Network's fidelity reviews, peer reviews and mentoring."""
