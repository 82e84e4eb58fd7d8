"""What personal data library holds, why, and for how long (docs/personal-data-format.md)."""

from recoverynet.core.personal_data import (
    Action,
    Audience,
    Basis,
    Category,
    Field,
    Model,
    Retention,
    until_erasure,
)

LINKED = "Points to the account, which is itself anonymised."
PUBLISHED = "Resources stay in the library; ask the network team to take one down."
MODERATION = Retention(
    key="library.moderation_notes",
    describe="One year after the resource was last changed",
    anchor="updated_at",
    years=1,
)
IN_LIBRARY = until_erasure("library.resources", "As long as the resource is in the library")


def _uploader(purpose: str) -> Field:
    return Field(
        Category.ACCOUNT_LINK,
        purpose=purpose,
        basis=Basis.LEGITIMATE_INTERESTS,
        seen_by=(Audience.SELF, Audience.NETWORK_TEAM),
        retention=until_erasure("library.uploader"),
        action=Action.KEEP,
        keep_reason=LINKED,
    )


PERSONAL_DATA = [
    Model(
        model="library.Resource",
        describe="Resources you share in the members' library",
        subject=("submitted_by",),
        fields={
            "submitted_by": _uploader("To know who shared the resource."),
            "authors": Field(
                Category.IDENTITY,
                purpose="To credit the people who wrote the resource.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.MEMBERS,),
                retention=IN_LIBRARY,
                action=Action.KEEP,
                keep_reason=PUBLISHED,
            ),
            "moderation_note": Field(
                Category.FREE_TEXT,
                purpose="To tell you why a resource needs changes.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.SELF, Audience.NETWORK_TEAM),
                retention=MODERATION,
                action=Action.CLEAR,
            ),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "public_id",
            "network",
            "title",
            "summary",
            "kind",
            "published_on",
            "tags",
            "challenge_numbers",
            "audience",
            "learning_set",
            "status",
            "download_count",
            # Derived from the fields above and the files' words (declared on ResourceFile);
            # written again whenever they change, so it never outlives them.
            "search_document",
        ),
    ),
    Model(
        model="library.ResourceVersion",
        describe="Versions of a resource",
        subject=("uploaded_by",),
        fields={"uploaded_by": _uploader("To know who uploaded the version.")},
        not_personal=("created_at", "updated_at", "resource", "number", "link", "note"),
    ),
    Model(
        model="library.ResourceFile",
        describe="Files you upload to the library",
        subject=("version__uploaded_by",),
        fields={
            "stored_name": Field(
                Category.FREE_TEXT,
                purpose="The file you shared (it may name people).",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.MEMBERS,),
                retention=IN_LIBRARY,
                action=Action.KEEP,
                keep_reason=PUBLISHED,
                file_folder="library",
            ),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "version",
            "position",
            "file_name",
            "content_type",
            "size",
        ),
    ),
]
