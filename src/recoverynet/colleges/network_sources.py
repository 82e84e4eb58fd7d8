"""Names the Learning Network shares with other apps: the `plans` source kinds of its plans, and
the `events` kinds of the days it links to host colleges (values only, never their models)."""

FIDELITY_SOURCE = "fidelity_review"
LEARNING_DAY_SOURCE = "college_learning_day"
PEER_REVIEW_SOURCE = "peer_review"
PLAN_SOURCES = (FIDELITY_SOURCE, LEARNING_DAY_SOURCE, PEER_REVIEW_SOURCE)

NETWORK_DAY = "network_day"
LEARNING_SET_DAY = "learning_set_day"  # a day of the Learning Network's own learning set
DAY_KINDS = (NETWORK_DAY, LEARNING_SET_DAY)
