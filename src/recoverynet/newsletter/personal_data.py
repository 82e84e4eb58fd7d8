"""What personal data newsletter holds, why, and for how long (docs/personal-data-format.md)."""

from recoverynet.core.personal_data import (
    Action,
    Audience,
    Basis,
    Category,
    Field,
    Model,
    NotPersonal,
    Retention,
    until_erasure,
)

LINKED = "Points to the account, which is itself anonymised."
EDITORS = (Audience.SELF, Audience.NETWORK_TEAM)
UNSUBSCRIBED = Retention(
    key="newsletter.unsubscribed",
    describe="Two years after you unsubscribe (to show when you agreed and when you stopped)",
    anchor="unsubscribed_at",
    years=2,
)
UNCONFIRMED = Retention(
    key="newsletter.unconfirmed",
    describe="30 days after we asked you to confirm, if you did not",
    anchor=("created_at", "confirm_sent_at"),
    days=30,
    only_if={"status": "pending"},
)
CONSENT_IP = Retention(
    key="newsletter.consent_ip",
    describe="Two years after it was recorded",
    anchor="at",
    years=2,
)
DELIVERIES = Retention(
    key="newsletter.deliveries",
    describe="90 days after the newsletter was sent to you",
    anchor="queued_at",
    days=90,
)
COMMENTS = Retention(
    key="newsletter.comments",
    describe="Two years after the comment",
    anchor="at",
    years=2,
)
PUBLISHED = until_erasure("newsletter.published", "As long as the article is published")


def _link(key: str, purpose: str, action: Action = Action.CLEAR) -> Field:
    return Field(
        Category.ACCOUNT_LINK,
        purpose=purpose,
        basis=Basis.LEGITIMATE_INTERESTS,
        seen_by=EDITORS,
        retention=until_erasure(key),
        action=action,
        keep_reason=LINKED if action is Action.KEEP else "",
    )


def _subscription(category: Category, purpose: str, export: bool = True) -> Field:
    return Field(
        category,
        purpose=purpose,
        basis=Basis.CONSENT,
        seen_by=EDITORS,
        retention=UNSUBSCRIBED,
        action=Action.DELETE,
        export=export,
        also=((UNCONFIRMED, Action.DELETE),),
    )


PERSONAL_DATA = [
    NotPersonal("newsletter.Publication", reason="A network's newsletter."),
    NotPersonal("newsletter.Section", reason="Sections of a newsletter."),
    NotPersonal("newsletter.Series", reason="Series of articles."),
    Model(
        model="newsletter.Issue",
        describe="Newsletter issues",
        subject=("created_by",),
        fields={
            "created_by": _link("newsletter.issue_editor", "To know who made it.", Action.KEEP)
        },
        not_personal=(
            "created_at",
            "updated_at",
            "publication",
            "title",
            "slug",
            "summary",
            "status",
            "published_at",
            "events_snapshot",
            "events_more",
        ),
    ),
    Model(
        model="newsletter.Article",
        describe="Articles you contribute",
        subject=("contributor",),
        fields={
            "contributor": _link("newsletter.contributor", "To know who sent it.", Action.KEEP),
            "body": Field(
                Category.FREE_TEXT,
                purpose="The article you wrote.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.PUBLIC,),
                retention=PUBLISHED,
                action=Action.KEEP,
                keep_reason="Published articles stay in the archive; ask the editors to remove one.",
            ),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "public_id",
            "publication",
            "title",
            "slug",
            "standfirst",
            "section",
            "series",
            "issue",
            "position",
            "status",
            "submitted_at",
            "published_at",
        ),
    ),
    Model(
        model="newsletter.ArticleAuthor",
        describe="The names shown on articles",
        subject=("person",),
        fields={
            "person": _link("newsletter.author_account", "To link the byline to your account."),
            "display_name": Field(
                Category.IDENTITY,
                purpose="To credit you on the article.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.PUBLIC,),
                retention=PUBLISHED,
                action=Action.ANONYMISE,
                anonymised="Former contributor",
            ),
            "role": Field(
                Category.IDENTITY,
                purpose="To say who you are on the article.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.PUBLIC,),
                retention=PUBLISHED,
                action=Action.CLEAR,
            ),
        },
        not_personal=("article", "is_pseudonym", "position"),
    ),
    Model(
        model="newsletter.ArticleImage",
        describe="Pictures in articles",
        subject=(),
        fields={
            "stored_name": Field(
                Category.IDENTITY,
                purpose="Pictures for an article (they may show people).",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.PUBLIC,),
                retention=PUBLISHED,
                action=Action.KEEP,
                keep_reason="Published pictures stay with the article; ask the editors to remove one.",
                file_folder="newsletter",
            ),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "article",
            "number",
            "content_type",
            "size",
            "alt_text",
            "caption",
        ),
    ),
    Model(
        model="newsletter.ArticleComment",
        describe="Editors' comments on articles",
        subject=("author",),
        fields={
            "author": Field(
                Category.ACCOUNT_LINK,
                purpose="To show who commented.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=EDITORS,
                retention=COMMENTS,
                action=Action.DELETE,
                on_erasure=Action.CLEAR,
            ),
            "body": Field(
                Category.FREE_TEXT,
                purpose="To discuss the article with its contributor.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=EDITORS,
                retention=COMMENTS,
                action=Action.DELETE,
                on_erasure=Action.CLEAR,
            ),
        },
        not_personal=("article", "kind", "at"),
    ),
    Model(
        model="newsletter.Subscription",
        describe="Your newsletter subscriptions",
        subject=("email", "user"),
        fields={
            "email": _subscription(Category.CONTACT, "To send you the newsletter."),
            "user": _subscription(Category.ACCOUNT_LINK, "To show your subscriptions."),
            "confirm_token_hash": _subscription(
                Category.TECHNICAL, "To check the confirmation link.", export=False
            ),
            "used_confirm_token_hash": _subscription(
                Category.TECHNICAL,
                "To say 'already confirmed' when a used confirmation link is opened again.",
                export=False,
            ),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "publication",
            "status",
            "confirm_sent_at",
            "confirmed_at",
            "unsubscribed_at",
        ),
    ),
    Model(
        model="newsletter.ConsentRecord",
        describe="Records of when you agreed to, and stopped, the newsletter",
        subject=("subscription__email", "subscription__user"),
        fields={
            "ip": Field(
                Category.TECHNICAL,
                purpose="To show where consent was given from.",
                basis=Basis.LEGAL_OBLIGATION,
                seen_by=(Audience.NETWORK_TEAM,),
                retention=CONSENT_IP,
                action=Action.CLEAR,
            ),
        },
        not_personal=("subscription", "event", "at", "consent_text", "method"),
    ),
    Model(
        model="newsletter.Suppression",
        describe="Addresses we must never e-mail again",
        subject=("email",),
        fields={
            "email": Field(
                Category.CONTACT,
                purpose="So we never e-mail you again after you asked us not to, or it bounced.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.NETWORK_TEAM,),
                retention=until_erasure("newsletter.suppressions", "For as long as we send e-mail"),
                action=Action.KEEP,
                keep_reason="Keeping the address is the only way to make sure you get no more e-mail.",
            ),
            "note": Field(
                Category.FREE_TEXT,
                purpose="Why the address is blocked.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.NETWORK_TEAM,),
                retention=until_erasure("newsletter.suppression_notes"),
                action=Action.CLEAR,
            ),
            "created_by": _link("newsletter.suppressed_by", "To know who blocked the address."),
        },
        not_personal=("reason", "created_at"),
    ),
    Model(
        model="newsletter.Send",
        describe="Sending an issue",
        subject=("started_by",),
        fields={"started_by": _link("newsletter.sender", "To know who sent the issue.")},
        not_personal=("created_at", "updated_at", "issue", "status", "recipients", "finished_at"),
    ),
    Model(
        model="newsletter.Delivery",
        describe="Each copy of a newsletter sent to you",
        subject=("email", "subscription__user"),
        fields={
            "email": Field(
                Category.CONTACT,
                purpose="To send each person one copy, and only one.",
                basis=Basis.CONSENT,
                seen_by=(Audience.NETWORK_TEAM,),
                retention=DELIVERIES,
                action=Action.ANONYMISE,
            ),
        },
        not_personal=("send", "subscription", "status", "message", "queued_at"),
    ),
]
