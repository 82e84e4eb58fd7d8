from typing import Any

import pytest


@pytest.fixture
def queued(settings: Any) -> None:
    """Tasks go to the database queues, as in production (`RECOVERYNET_TASKS=database`)."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["mail", "webhooks", "documents", "retention", "default"],
        }
    }
    settings.TASKS_MODE = "database"
