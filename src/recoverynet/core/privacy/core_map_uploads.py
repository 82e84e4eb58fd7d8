"""The personal data of files kept after a form error (core.KeptUpload, core/kept_uploads.py). In
its own module: core_map.py is near the size limit."""

from typing import Any

from recoverynet.core.personal_data import (
    Action,
    Audience,
    Basis,
    Category,
    Field,
    Model,
    Retention,
)

KEPT = Retention(
    key="core.kept_uploads",
    describe="One hour after you chose the file (or as soon as the form is sent without errors)",
    anchor="expires_at",
)


def _field(category: Category, purpose: str, **extra: Any) -> Field:
    return Field(
        category,
        purpose=purpose,
        basis=Basis.LEGITIMATE_INTERESTS,
        seen_by=(Audience.SELF,),
        retention=KEPT,
        action=Action.DELETE,
        **extra,
    )


KEPT_UPLOADS = [
    Model(
        model="core.KeptUpload",
        describe="A file you chose on a form that had a mistake, kept so you need not choose it again",
        subject=("owner",),
        fields={
            "owner": _field(Category.ACCOUNT_LINK, "So only you can use the file you chose."),
            "name": _field(Category.FREE_TEXT, "To show you which file is kept."),
            "token": _field(
                Category.TECHNICAL,
                "To find the kept file when you send the form again.",
                export=False,
            ),
            "stored_name": _field(
                Category.COPY,
                "The file itself, until you send the form.",
                file_folder="kept-uploads",
            ),
        },
        not_personal=(
            "purpose",
            "field",
            "content_type",
            "size",
            "created_at",
            "expires_at",
        ),
    ),
]
