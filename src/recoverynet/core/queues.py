"""The named task queues. Every `@task` names one, so each kind of work gets its own `db_worker`
processes (docs/deployment.md): a slow PDF never holds up a password-reset e-mail.

- `mail`: sending outbox messages.
- `webhooks`: delivering events to other systems.
- `documents`: PDFs (invoices, certificates, newsletter editions) and exports.
- `retention`: purging personal data past its retention date.
- `default`: anything else (periodic catch-up jobs).

Long waits (a retry hours away) are rows with a due time (`OutboxMessage.next_attempt_at`), picked
up by the scheduler, never a task that sleeps or sits in a queue for hours.
"""

from __future__ import annotations

MAIL = "mail"
WEBHOOKS = "webhooks"
DOCUMENTS = "documents"
RETENTION = "retention"
DEFAULT = "default"

ALL: tuple[str, ...] = (MAIL, WEBHOOKS, DOCUMENTS, RETENTION, DEFAULT)
