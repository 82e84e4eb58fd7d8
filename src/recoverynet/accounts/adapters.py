"""allauth integration owned by accounts: its e-mails go through our outbox like every other."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.core.mail import EmailMultiAlternatives

from recoverynet.core import outbox


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        message = self.render_mail(template_prefix, email, context)
        html = ""
        if isinstance(message, EmailMultiAlternatives):
            for content, mimetype in message.alternatives:
                if mimetype == "text/html":
                    html = str(content)
        body = str(message.body)
        if getattr(message, "content_subtype", "plain") == "html":
            # allauth rendered only HTML; keep a readable plain-text part too.
            from django.utils.html import strip_tags

            html, body = body, strip_tags(body)
        outbox.enqueue(
            to=list(message.to), subject=str(message.subject), body_text=body, body_html=html
        )
